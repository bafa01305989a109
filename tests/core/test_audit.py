"""The audit trail names who changed what, however the change was made."""

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.urls import reverse

from apps.core.audit import acting_as, events_for
from apps.core.checks import every_portal_model_is_audited
from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.core.security.middleware import AuditContextMiddleware
from apps.profile.models import Organisation, Sector
from tests import factories

pytestmark = pytest.mark.django_db


def updates(obj):
    return [e for e in events_for(obj) if e.pgh_label == "update"]


def test_a_bulk_approve_leaves_a_history_row_naming_the_user(admin_client, moderator):
    first = factories.OrganisationFactory(status=Status.PENDING)
    second = factories.OrganisationFactory(status=Status.PENDING)
    response = admin_client.post(
        reverse("admin:profile_organisation_changelist"),
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk], "confirm": "1"},
    )
    assert response.status_code == 302
    for organisation in (first, second):
        [event] = updates(organisation)
        assert event.actor == moderator
        assert event.url == reverse("admin:profile_organisation_changelist")
        assert dict(event.changes)["status"] == [Status.PENDING, Status.PUBLISHED]


def test_a_queryset_update_during_a_request_names_the_user(rf, moderator):
    area = factories.AreaFactory(name="Ouseburn")

    def view(request):
        Area.objects.filter(pk=area.pk).update(name="Ouseburn Valley")
        return HttpResponse()

    request = rf.post(reverse("admin:core_area_changelist"))
    request.user = moderator
    request.session = {}
    AuditContextMiddleware(view)(request)
    [event] = updates(area)
    assert event.actor == moderator
    assert dict(event.changes)["name"] == ["Ouseburn", "Ouseburn Valley"]


def test_a_queryset_update_in_a_command_names_the_user_given(moderator):
    organisation = factories.OrganisationFactory(summary="Before")
    with acting_as(moderator):
        Organisation.objects.filter(pk=organisation.pk).update(summary="After")
    [event] = updates(organisation)
    assert event.actor == moderator
    assert dict(event.changes)["summary"] == ["Before", "After"]


def test_changes_outside_staff_work_name_no_one():
    area = factories.AreaFactory(name="Heworth")
    Area.objects.filter(pk=area.pk).update(name="Heworth Green")
    [event] = updates(area)
    assert event.actor is None


def test_deletes_are_recorded_too(moderator):
    sector = factories.SectorFactory(name="Robotics")
    pk = sector.pk
    with acting_as(moderator):
        sector.delete()
    events = events_for(Sector(pk=pk))
    assert [e.pgh_label for e in events] == ["delete", "insert"]
    assert events[0].actor == moderator


def test_staff_read_an_objects_history_from_its_admin_page(admin_client, moderator):
    other = factories.UserFactory(username="someone_else")
    organisation = factories.OrganisationFactory(summary="Old words")
    with acting_as(moderator):
        Organisation.objects.filter(pk=organisation.pk).update(summary="New words")
    with acting_as(other):
        Organisation.objects.filter(pk=organisation.pk).update(hiring_now=True)
    change = admin_client.get(reverse("admin:profile_organisation_change", args=[organisation.pk]))
    history_url = reverse("admin:profile_organisation_history", args=[organisation.pk])
    assert history_url in change.content.decode()
    page = admin_client.get(history_url).content.decode()
    assert "moderator" in page
    assert "someone_else" in page
    assert "Old words" in page and "New words" in page
    # Password hashes and the generated search column never reach the trail.
    assert "search_vector" not in page


def test_password_hashes_are_not_copied_into_the_trail():
    fields = {f.name for f in apps.get_model("core", "UserEvent")._meta.fields}
    assert "password" not in fields
    assert "username" in fields


def test_every_portal_model_is_in_the_audit_trail():
    assert every_portal_model_is_audited() == []


def test_an_untracked_portal_model_is_reported(monkeypatch):
    from apps.core import audit

    monkeypatch.setattr(audit, "is_tracked", lambda model: model is not Sector)
    [warning] = every_portal_model_is_audited()
    assert warning.id == "core.W001"
    assert "profile.Sector" in warning.msg


def test_the_audit_log_lists_changes_across_models_with_who_made_them(
    admin_client, moderator, role_client
):
    area = factories.AreaFactory(name="Walker")
    with acting_as(moderator):
        Area.objects.filter(pk=area.pk).update(name="Walker Riverside")
    url = reverse("admin:pghistory_middlewareevents_changelist")
    response = admin_client.get(url, {"model": "core.Area", "q": "moderator"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Area #" in page
    assert "name" in page  # the field that changed
    assert reverse("admin:core_area_history", args=[area.pk]) in page
    [row] = response.context["cl"].result_list
    assert row.user == moderator


def test_analysts_read_the_audit_log_and_moderators_do_not(role_client):
    url = reverse("admin:pghistory_middlewareevents_changelist")
    assert role_client("Data analyst").get(url).status_code == 200
    assert role_client("Moderator").get(url).status_code == 403


def test_signed_link_tokens_never_reach_the_audit_tables(rf):
    area = factories.AreaFactory(name="Fenham")

    def view(request):
        Area.objects.filter(pk=area.pk).update(name="Fenham Hall")
        return HttpResponse()

    request = rf.get("/link/secret-token-value/")
    request.session = {}
    AuditContextMiddleware(view)(request)
    [event] = updates(area)
    assert event.url == "/link/[redacted]/"


def test_giving_someone_a_role_is_recorded_with_who_did_it(administrator_client, administrator):
    from django.contrib.auth.models import Group

    newcomer = factories.UserFactory(username="newcomer")
    url = reverse("admin:core_user_change", args=[newcomer.pk])
    form = administrator_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "groups": [Group.objects.get(name="Moderator").pk],
            "user_permissions": [],
            "date_joined_0": newcomer.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": newcomer.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [added] = [e for e in events_for(newcomer) if e.pgh_label == "add"]
    assert added.actor == administrator
    assert added.link == "group: Moderator"
    page = administrator_client.get(reverse("admin:core_user_history", args=[newcomer.pk]))
    assert "group: Moderator" in page.content.decode()


def test_sector_changes_to_an_organisation_are_recorded(moderator):
    organisation = factories.OrganisationFactory()
    fintech = factories.SectorFactory(name="Fintech")
    with acting_as(moderator):
        organisation.sectors.add(fintech)
        organisation.sectors.remove(fintech)
    links = [e for e in events_for(organisation) if e.pgh_label in ("add", "remove")]
    assert [e.pgh_label for e in links] == ["remove", "add"]
    assert all(e.actor == moderator and e.link == "sector: Fintech" for e in links)
