"""The whole directory journey: submit, confirm, moderate, publish, edit, approve the edit."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.moderation.models import PendingChange, Status
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import last_link, organisation_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    area = factories.AreaFactory(name="Ouseburn")
    sectors = [factories.SectorFactory(name="Fintech"), factories.SectorFactory(name="Games")]
    return area, sectors


def test_it_walks_the_whole_journey(
    client, admin_client, moderator, taxonomy, django_capture_on_commit_callbacks
):
    area, sectors = taxonomy
    public = client.__class__()  # a second, anonymous visitor
    data = organisation_form_data(area, sectors, description="Quantum widgets for shipyards.")

    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(reverse("profile:add"), data)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.status == Status.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [["alex@widgets.example.com"]]

    # Unconfirmed: invisible everywhere, and not in the admin's review queue.
    assert public.get(organisation.get_absolute_url()).status_code == 404
    assert Organisation.objects.awaiting_review().count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = public.get(last_link("alex@widgets.example.com"))
    assert response.status_code == 302
    assert response.headers["Referrer-Policy"] == "no-referrer"
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    assert ["staff@example.org"] in [m.to for m in mail.outbox]
    status_page = public.get(response.url)
    assert b"In review" in status_page.content

    # Pending: still invisible in the list, search and detail page.
    assert public.get(organisation.get_absolute_url()).status_code == 404
    assert b"Tyne Widgets" not in public.get(reverse("profile:directory")).content
    assert b"Tyne Widgets" not in public.get(reverse("profile:directory"), {"q": "quantum"}).content

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:profile_organisation_changelist"),
            {"action": "approve_selected", "_selected_action": [organisation.pk], "confirm": "1"},
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.PUBLISHED
    assert organisation.reviewed_by == moderator
    assert organisation.reviewed_at is not None
    assert mail.outbox[-1].subject == "Published: Tyne Widgets"

    assert public.get(organisation.get_absolute_url()).status_code == 200
    assert b"Tyne Widgets" in public.get(reverse("profile:directory")).content
    search = public.get(reverse("profile:directory"), {"q": "quantum shipyard"})
    assert b"Tyne Widgets" in search.content

    # Later, the owner asks for a link and edits the live profile.
    editor = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("core:manage"), {"email": "ALEX@widgets.example.com"})
    response = editor.get(last_link("alex@widgets.example.com"))
    assert response.url == reverse("profile:edit", args=[organisation.reference])
    edit_data = organisation_form_data(area, sectors[:1], summary="Now with more sprockets.")
    edit_data.pop("contact_email")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(response.url, edit_data)
    assert response.status_code == 302

    # The live version is unchanged until staff approve the change.
    organisation.refresh_from_db()
    assert organisation.summary == "We build widgets for the Tyne."
    assert b"Now with more sprockets." not in public.get(organisation.get_absolute_url()).content
    change = PendingChange.objects.get()
    diff_page = admin_client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    assert b"Now with more sprockets." in diff_page.content
    assert b"We build widgets for the Tyne." in diff_page.content

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:core_pendingchange_changelist"),
            {"action": "approve_selected", "_selected_action": [change.pk], "confirm": "1"},
        )
    organisation.refresh_from_db()
    assert organisation.summary == "Now with more sprockets."
    assert list(organisation.sectors.all()) == sectors[:1]
    change.refresh_from_db()
    assert change.status == PendingChange.Status.APPROVED
    assert change.reviewed_by == moderator
    assert b"Now with more sprockets." in public.get(organisation.get_absolute_url()).content


def test_it_rejects_with_a_reason_the_submitter_sees(
    client, admin_client, taxonomy, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(status=Status.PENDING)
    url = reverse("admin:profile_organisation_changelist")
    # Without a reason the action shows the reason form and changes nothing.
    response = admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 200
    assert b"Reason" in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "action": "reject_selected",
                "_selected_action": [organisation.pk],
                "confirm": "1",
                "reason": "Please describe what the business does.",
            },
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.REJECTED
    assert organisation.moderation_note == "Please describe what the business does."
    message = mail.outbox[-1]
    assert message.to == [organisation.contact_email]
    assert "Please describe what the business does." in message.body

    response = client.get(last_link(organisation.contact_email), follow=True)
    assert b"Please describe what the business does." in response.content
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_an_edit_to_a_rejected_entry_goes_back_into_the_queue(
    client, taxonomy, django_capture_on_commit_callbacks
):
    area, sectors = taxonomy
    organisation = factories.OrganisationFactory(
        status=Status.REJECTED, area=area, moderation_note="Too short"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": organisation.contact_email})
    response = client.get(last_link(organisation.contact_email))
    data = organisation_form_data(
        area, sectors, name=organisation.name, description="A much fuller description."
    )
    client.post(response.url, data)
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    assert organisation.description == "A much fuller description."
    assert PendingChange.objects.count() == 0


def test_an_edit_to_plain_fields_only_still_waits_for_review(
    client, taxonomy, django_capture_on_commit_callbacks
):
    area, sectors = taxonomy
    organisation = factories.OrganisationFactory(area=area, sectors=sectors, summary="Old summary")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": organisation.contact_email})
    response = client.get(last_link(organisation.contact_email))
    # Same sectors as now: only the summary changes.
    data = organisation_form_data(
        area,
        sectors,
        name=organisation.name,
        summary="New summary",
        description=organisation.description,
    )
    data.pop("contact_email")
    client.post(response.url, data)
    change = PendingChange.objects.get()
    assert change.data["summary"] == "New summary"
    organisation.refresh_from_db()
    assert organisation.summary == "Old summary"
