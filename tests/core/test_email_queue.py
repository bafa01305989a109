"""Email leaves through the task queue (issue 17, findings 8 and 13): production queues it
by default, /manage/ does the same work whether or not it knows an address, a message
the mail server refuses is tried again later, and a lost confirmation email can be sent
again. The queue is django-tasks-db's table in real PostgreSQL, run by its real worker."""

import io
import os
import re
import smtplib
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.core import checks, emails
from apps.core.moderation import services
from apps.core.moderation.models import Status
from tests import factories
from tests.helpers import last_link

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class FlakyEmailBackend(EmailBackend):
    """Django's locmem backend behind a mail server that drops the first `failures`
    connections."""

    failures = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def task_queue(settings):
    settings.TASKS = DATABASE_BACKEND


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_production_queues_tasks_in_the_database_by_default():
    env = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"}
    env.update(DEBUG="false", SECRET_KEY="x" * 60)
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.TASKS['default']['BACKEND'])"
    out = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "django_tasks_db.DatabaseBackend"


def test_the_deploy_check_refuses_email_sent_inside_the_request(settings):
    settings.DEBUG = False
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert [w.id for w in checks.email_leaves_through_the_task_queue()] == ["core.W020"]
    settings.TASKS = DATABASE_BACKEND
    assert checks.email_leaves_through_the_task_queue() == []


def _shape(queries):
    """The SQL a request ran, with its values blanked out."""
    return [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in queries]


@pytest.mark.django_db(transaction=True)
def test_manage_does_the_same_work_for_a_known_and_an_unknown_address(client, task_queue):
    factories.OrganisationFactory(contact_email="known@example.com")
    client.get(reverse("core:manage"))  # a session, as a visitor would have
    shapes = {}
    for email in ("known@example.com", "unknown@example.com", "known@example.com"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("core:manage"), {"email": email})
        assert response.status_code == 302
        shapes.setdefault(email, []).append(_shape(queries.captured_queries))
    # Nothing was looked up or sent in the request: one task queued, the same SQL.
    assert shapes["known@example.com"][1] == shapes["unknown@example.com"][0]
    assert not any("profile_organisation" in sql for sql in shapes["known@example.com"][1])
    assert mail.outbox == []
    assert (
        list(DBTaskResult.objects.values_list("task_path", flat=True))
        == ["apps.core.moderation.services.manage_links_task"] * 3
    )
    run_worker()
    assert [m.to for m in mail.outbox] == [["known@example.com"], ["known@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_a_refused_email_is_tried_again_later(task_queue, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.core.test_email_queue.FlakyEmailBackend"}}
    FlakyEmailBackend.failures = 1
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    services.submission_received(obj=organisation)
    run_worker()
    assert mail.outbox == []
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after - failed.finished_at == pytest.approx(
        emails.RETRY_DELAYS[0], abs=timedelta(seconds=5)
    )
    run_worker()  # not due yet
    assert mail.outbox == []
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    [message] = mail.outbox
    assert "/link/?t=" in message.body


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_delay(task_queue, settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": "tests.core.test_email_queue.FlakyEmailBackend"}}
    monkeypatch.setattr(emails, "RETRY_DELAYS", (timedelta(0), timedelta(0)))
    FlakyEmailBackend.failures = 10
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    services.submission_received(obj=organisation)
    run_worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.exclude(status="FAILED").exists()
    assert mail.outbox == []
    FlakyEmailBackend.failures = 0


def test_a_lost_confirmation_email_can_be_sent_again(
    db, client, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(
        status=Status.UNCONFIRMED, name="Tyne Lost Mail", contact_email="lost@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:manage"), {"email": "Lost@Example.com"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["lost@example.com"]
    assert "confirm" in message.body
    # The new link confirms, in a browser that never saw the first one.
    response = client.get(last_link("lost@example.com"))
    assert response.url == reverse("core:status", args=[organisation.reference])
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING


def test_the_check_your_email_page_says_how_to_get_a_new_link(
    db, client, django_capture_on_commit_callbacks
):
    from tests.helpers import organisation_form_data

    data = organisation_form_data(factories.AreaFactory(), [factories.SectorFactory()])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), data, follow=True)
    html = response.content.decode()
    assert "ask for a new confirmation link" in html
    assert f'href="{reverse("core:manage")}"' in html


@pytest.mark.django_db(transaction=True)
def test_gunicorn_with_its_config_runs_the_task_worker(static_root, tmp_path, settings):
    """The documented run command (gunicorn with gunicorn.conf.py) sends queued mail, and
    stops its worker when it stops."""
    from scripts.servers import Gunicorn, production_env
    from tests.conftest import database_url

    outbox = tmp_path / "mail"
    env = production_env(
        database_url(), static_root, TASKS_BACKEND="database", EMAIL_URL=f"filemail:///{outbox}"
    )
    log = tmp_path / "gunicorn.log"
    settings.TASKS = DATABASE_BACKEND
    with Gunicorn(env, workers=1, threads=1, log=log):
        emails.send_email_task.enqueue(to=["someone@example.com"], subject="Hello", body="Hi")
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline
            and not DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
        ):
            time.sleep(0.2)
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        assert "Subject: Hello" in "".join(p.read_text() for p in outbox.iterdir())
    pid = int(re.search(r"Started the task worker \(.*pid (\d+)\)", log.read_text())[1])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_runs_no_task_worker_when_told_not_to(static_root, tmp_path):
    from scripts.servers import Gunicorn, production_env
    from tests.conftest import database_url

    env = production_env(
        database_url(), static_root, TASKS_BACKEND="database", GUNICORN_TASK_WORKER="false"
    )
    log = tmp_path / "gunicorn.log"
    with Gunicorn(env, workers=1, threads=1, log=log):
        pass
    assert "Started the task worker" not in log.read_text()


@pytest.mark.django_db(transaction=True)
def test_the_daily_purge_deletes_finished_email_tasks_and_expired_links(task_queue):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    services.submission_received(obj=organisation)  # a link, and a task holding the email
    run_worker()
    emails.send_email_task.enqueue(to=["later@example.com"], subject="Queued", body="Not yet")
    later = timezone.now() + timedelta(days=emails.FINISHED_TASK_DAYS, seconds=1)
    assert emails.finished_tasks_purge(now=later) == 1
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["subject"] == "Queued"
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "email links: deleted 0 expired" in out.getvalue()
    assert "email tasks: deleted 0 finished" in out.getvalue()
