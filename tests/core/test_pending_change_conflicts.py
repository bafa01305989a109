"""Approving a submitter's pending change applies only the fields it changes, and
refuses, saying why, when staff changed one of those fields in the meantime."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange
from tests import factories

pytestmark = pytest.mark.django_db


def edit_from_the_form(organisation, **changes):
    """What the edit form sends: every field it shows, the changed ones new."""
    values = {
        "summary": organisation.summary,
        "description": organisation.description,
        "website": organisation.website,
    }
    return services.submitter_edit(obj=organisation, values=values | changes)


def test_approval_keeps_a_staff_edit_made_in_the_meantime(moderator):
    organisation = factories.OrganisationFactory(summary="Old summary", description="Old text")
    change = edit_from_the_form(organisation, summary="New summary")
    # Staff correct the description while the change waits.
    organisation.description = "Corrected by staff"
    organisation.save()

    assert services.change_approve(change=change, by=moderator) is True
    organisation.refresh_from_db()
    assert organisation.summary == "New summary"
    assert organisation.description == "Corrected by staff"


def test_approval_is_refused_when_staff_changed_the_same_field(moderator, admin_client):
    organisation = factories.OrganisationFactory(summary="Old summary")
    change = edit_from_the_form(organisation, summary="Submitter's summary")
    organisation.summary = "Staff summary"
    organisation.save()

    with pytest.raises(ValidationError, match="Summary changed after the submitter sent"):
        services.change_approve(change=change, by=moderator)
    organisation.refresh_from_db()
    assert organisation.summary == "Staff summary"
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING

    # The review page says why, and the approve action refuses with the same reason.
    page = admin_client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    assert "Changed since the submitter sent this: Summary" in page.content.decode()
    selected = {"action": "approve_selected", "_selected_action": [change.pk]}
    url = reverse("admin:core_pendingchange_changelist")
    ask = admin_client.post(url, selected)  # one item, and still a confirmation page
    assert ask.status_code == 200 and 'name="confirm"' in ask.content.decode()
    response = admin_client.post(url, {**selected, "confirm": "1"}, follow=True)
    assert "would undo that edit" in response.content.decode()
    assert "Approved 0 change(s)." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.summary == "Staff summary"


def test_the_review_page_shows_only_what_the_submitter_changed(admin_client):
    organisation = factories.OrganisationFactory(summary="Old summary", description="Old text")
    change = edit_from_the_form(organisation, summary="New summary")
    organisation.description = "Corrected by staff"
    organisation.save()
    page = admin_client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    html = page.content.decode()
    assert "New summary" in html
    assert "Corrected by staff" not in html  # not part of the change, so not offered back
    assert "Changed since" not in html


def test_the_approve_button_refuses_a_clash_with_the_reason_and_changes_nothing(admin_client):
    organisation = factories.OrganisationFactory(summary="Old summary")
    change = edit_from_the_form(organisation, summary="Submitter's summary")
    organisation.summary = "Staff summary"
    organisation.save()

    response = admin_client.post(
        reverse("admin:core_pendingchange_approve", args=[change.pk]), follow=True
    )
    assert response.status_code == 200
    assert "would undo that edit" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.summary == "Staff summary"
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING
