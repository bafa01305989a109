"""Staff review in one place: Approve and Reject (with a reason) on every moderated item's
page and on a pending change's page, each behind a confirmation page that POSTs with a
CSRF token; images in a diff as thumbnails; filters that offer only the portal's own
types; every role's dashboard links to every page the role may use (issue 18 item 8)."""

import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from apps.core.moderation.services import manageable_models
from apps.core.security.roles import ROLES
from tests import factories
from tests.images import image_upload

pytestmark = pytest.mark.django_db


def hrefs(html):
    return set(re.findall(r'href="([^"]+)"', html))


def test_a_moderated_item_page_has_approve_and_reject_behind_a_confirmation(
    admin_client, moderator, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(status=Status.PENDING)
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[organisation.pk]))
    approve = reverse("admin:profile_organisation_approve", args=[organisation.pk])
    reject = reverse("admin:profile_organisation_reject", args=[organisation.pk])
    assert {approve, reject} <= hrefs(page.content.decode())

    confirm = admin_client.get(approve)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    assert "csrfmiddlewaretoken" in confirm.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING  # opening the page changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(approve)
    assert done.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert organisation.reviewed_by == moderator
    assert mail.outbox[-1].to == [organisation.contact_email]
    # Published: the page offers Reject only.
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[organisation.pk]))
    assert approve not in hrefs(page.content.decode())
    assert reject in hrefs(page.content.decode())


def test_reject_needs_a_reason_kept_on_the_page_and_then_emails_it(
    admin_client, django_capture_on_commit_callbacks
):
    building = factories.BuildingFactory(status=Status.PENDING)
    reject = reverse("admin:place_building_reject", args=[building.pk])
    refused = admin_client.post(reject, {"reason": "  "})
    assert refused.status_code == 200
    assert "Write a reason" in refused.content.decode()
    building.refresh_from_db()
    assert building.status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reject, {"reason": "Add the floor area, please."})
    building.refresh_from_db()
    assert building.status == Status.REJECTED
    assert building.moderation_note == "Add the floor area, please."
    assert "Add the floor area, please." in mail.outbox[-1].body


def test_approving_an_unconfirmed_item_is_refused(admin_client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[organisation.pk]))
    approve = reverse("admin:profile_organisation_approve", args=[organisation.pk])
    assert approve not in hrefs(page.content.decode())
    admin_client.post(approve)
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


def test_the_decision_needs_a_csrf_token(moderator, staff_login):
    client = staff_login(Client(enforce_csrf_checks=True), moderator)
    organisation = factories.OrganisationFactory(status=Status.PENDING)
    response = client.post(reverse("admin:profile_organisation_approve", args=[organisation.pk]))
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING


def test_an_analyst_cannot_approve(role_client):
    client = role_client("Data analyst")
    organisation = factories.OrganisationFactory(status=Status.PENDING)
    page = client.get(reverse("admin:profile_organisation_change", args=[organisation.pk]))
    assert page.status_code == 200
    approve = reverse("admin:profile_organisation_approve", args=[organisation.pk])
    assert approve not in hrefs(page.content.decode())
    assert client.post(approve).status_code == 403
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING


def test_the_pending_change_page_approves_and_rejects_and_has_no_save_buttons(
    admin_client, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(summary="Old summary.")
    change = services.submitter_edit(obj=organisation, values={"summary": "New summary."})
    page = admin_client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    html = page.content.decode()
    approve = reverse("admin:core_pendingchange_approve", args=[change.pk])
    reject = reverse("admin:core_pendingchange_reject", args=[change.pk])
    assert {approve, reject} <= hrefs(html)
    assert 'name="_save"' not in html and 'name="_continue"' not in html

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(approve)
    change.refresh_from_db()
    organisation.refresh_from_db()
    assert change.status == PendingChange.Status.APPROVED
    assert organisation.summary == "New summary."

    second = services.submitter_edit(obj=organisation, values={"summary": "Rude summary."})
    reject = reverse("admin:core_pendingchange_reject", args=[second.pk])
    assert "Reason" in admin_client.get(reject).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reject, {"reason": "Keep it factual."})
    second.refresh_from_db()
    organisation.refresh_from_db()
    assert second.status == PendingChange.Status.REJECTED
    assert organisation.summary == "New summary."
    assert "Keep it factual." in mail.outbox[-1].body


def test_a_new_logo_in_a_change_shows_as_a_thumbnail(admin_client):
    organisation = factories.OrganisationFactory()
    change = services.submitter_edit(
        obj=organisation, values={"logo": image_upload("new-logo.png")}
    )
    html = admin_client.get(
        reverse("admin:core_pendingchange_change", args=[change.pk])
    ).content.decode()
    # The upload is stored (under the field's folder) before staff see it.
    assert change.data["logo"].startswith("logos/")
    assert default_storage.exists(change.data["logo"])
    url = "/media/" + change.data["logo"]
    assert re.search(
        rf'<img class="diff-thumbnail" src="{re.escape(url)}" alt="Proposed logo', html
    )


def test_the_kind_filter_offers_only_the_portal_s_own_types(admin_client):
    organisation = factories.OrganisationFactory()
    services.submitter_edit(obj=organisation, values={"summary": "Changed."})
    response = admin_client.get(reverse("admin:core_pendingchange_changelist"))
    spec = next(
        s
        for s in response.context["cl"].filter_specs
        if getattr(s, "parameter_name", "") == "content_type"
    )
    labels = [label for _, label in spec.lookup_choices]
    assert len(labels) == len(manageable_models())
    assert "Organisations" in labels
    assert not any(word in " ".join(labels).lower() for word in ("permission", "session"))
    filtered = admin_client.get(
        reverse("admin:core_pendingchange_changelist"),
        {"content_type": next(v for v, label in spec.lookup_choices if label == "Organisations")},
    )
    assert filtered.context["cl"].result_count == 1


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_s_dashboard_links_to_every_page_it_may_use(client, role, staff_login):
    from tests.conftest import _role_user

    user = _role_user(role.lower().replace(" ", "_"), role)
    staff_login(client, user)
    dashboard = hrefs(client.get(reverse("admin:index")).content.decode())
    pages = {
        reverse("admin:funding_enquiry_report"),
        reverse("admin:personal_data"),
        reverse("admin:two_factor_setup"),
    }
    for url in pages:
        usable = client.get(url).status_code == 200
        assert (url in dashboard) == usable, (role, url, usable)
    # The funding team's outcome report is the funding team's (decision 0033).
    if role in ("Funding team", "Administrator"):
        assert reverse("admin:funding_enquiry_report") in dashboard
