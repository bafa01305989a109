"""Every admin list runs the same number of queries at 3 rows and at 30: no N+1."""

import contextlib
import datetime
import importlib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from apps.core.moderation import services
from apps.core.security.middleware import StaffIdleTimeoutMiddleware
from apps.core.security.two_factor import invitation_issue
from tests import factories

pytestmark = pytest.mark.django_db


def _pending_change(i):
    organisation = factories.OrganisationFactory(sectors=[factories.SectorFactory()])
    services.submitter_edit(obj=organisation, values={"summary": f"Changed {i}"})


def _task_result(i):
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="apps.core.emails.send_email",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def _access(model, i, **extra):
    model.objects.create(
        username=f"someone{i}",
        ip_address="127.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        **extra,
    )


def _factory(name):
    return getattr(factories, name)


def _create(label, **fields):
    # Looked up when called: some of these models live on branches not merged yet.
    return apps.get_model(label).objects.create(**fields)


# How to make one row of each model. Models not named here use a <ModelName>Factory from
# tests/factories.py or tests/<app>/factories.py; a registered model with neither fails.
ROW_MAKERS = {
    "core.user": lambda i: factories.UserFactory(),
    "auth.group": lambda i: Group.objects.create(name=f"Group {i}"),
    "core.pendingchange": _pending_change,
    "profile.organisation": lambda i: factories.OrganisationFactory(
        sectors=[factories.SectorFactory()]
    ),
    "core.twofactorinvitation": lambda i: invitation_issue(user=factories.UserFactory())[0],
    "otp_totp.totpdevice": lambda i: TOTPDevice.objects.create(
        user=factories.UserFactory(), name="Phone"
    ),
    "otp_static.staticdevice": lambda i: StaticDevice.objects.create(
        user=factories.UserFactory(), name="Backup codes"
    ),
    "axes.accessattempt": lambda i: _access(
        AccessAttempt, i, get_data="", post_data="", failures_since_start=1
    ),
    "axes.accesslog": lambda i: _access(AccessLog, i),
    "axes.accessfailurelog": lambda i: _access(AccessFailureLog, i),
    "django_tasks_database.dbtaskresult": _task_result,
    "profile.keymessage": lambda i: _create(
        "profile.KeyMessage", title=f"Message {i}", body="Reusable words."
    ),
    "profile.keyfact": lambda i: _create(
        "profile.KeyFact",
        figure=f"{i}%",
        statement="Forecast growth of the sector.",
        source="A sector study",
        as_of=timezone.localdate(),
    ),
    "profile.brandasset": lambda i: _create(
        "profile.BrandAsset",
        title=f"Logo {i}",
        kind="logo",
        file=ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name=f"logo-{i}.svg"),
        licence="CC BY 4.0",
    ),
    # Survey rounds may not overlap: one a year apart each, and responses share one.
    "people.surveyround": lambda i: _factory("SurveyRoundFactory")(
        opens_on=datetime.date(2000 + i, 1, 1), closes_on=datetime.date(2000 + i, 3, 31)
    ),
    "people.surveyresponse": lambda i: _factory("SurveyResponseFactory")(
        round=apps.get_model("people.SurveyRound").objects.first()
        or _factory("SurveyRoundFactory")()
    ),
    "place.enquiry": lambda i: _create(
        "place.Enquiry",
        space=_factory("SpaceFactory")(),
        name=f"Sam {i}",
        email=f"sam{i}@example.com",
        message="Hello",
    ),
    "core.dataexport": lambda i: _create(
        "core.DataExport",
        exported_by=factories.UserFactory(),
        kind="csv",
        model="core.Area",
        rows=i,
    ),
    # Industries are profile rows; their factory lives with the industries tests.
    "profile.industry": lambda i: _industry_factory()(),
    # Each new area is one "insert" event in the audit log.
    "pghistory.middlewareevents": lambda i: factories.AreaFactory(),
}


def _industry_factory():
    from tests.industries.factories import IndustryFactory

    return IndustryFactory


def _factory_for(model):
    modules = [factories]
    with contextlib.suppress(ModuleNotFoundError):
        modules.append(importlib.import_module(f"tests.{model._meta.app_label}.factories"))
    for module in modules:
        factory = getattr(module, f"{model.__name__}Factory", None)
        if factory is not None and factory._meta.model is model:
            return factory
    return None


def row_maker(model):
    maker = ROW_MAKERS.get(model._meta.label_lower)
    if maker is None:
        factory = _factory_for(model)
        if factory is None:
            pytest.fail(
                f"Add a row maker for {model._meta.label} to ROW_MAKERS in "
                "tests/perf/test_admin_queries.py, or a factory to tests/factories.py."
            )
        return lambda i: factory()
    return maker


def add_rows(model, start, stop):
    make = row_maker(model)
    for i in range(start, stop):
        make(i)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_changelist_runs_the_same_queries_at_3_and_30_rows(
    administrator_client, django_assert_max_num_queries, model, monkeypatch
):
    # The staff idle check writes the session once a minute (savepoint, update, release):
    # on a slow run that write landed in the measured request. Only the warm-up writes it.
    monkeypatch.setattr(StaffIdleTimeoutMiddleware, "REFRESH_EVERY", 3600)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    add_rows(model, 0, 3)
    administrator_client.get(url)  # warm up: the session records the staff member's visit
    with CaptureQueriesContext(connection) as at_three:
        response = administrator_client.get(url)
    assert response.status_code == 200
    shown = len(response.context["cl"].result_list)
    add_rows(model, 3, 30)
    # Whatever the list needs at 3 rows (session, user, device, counts, the page, filter
    # choices) it must not need more of at 30.
    with django_assert_max_num_queries(len(at_three)):
        response = administrator_client.get(url)
    cl = response.context["cl"]
    assert len(cl.result_list) >= min(shown + 27, cl.list_per_page)
