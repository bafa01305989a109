"""Issue 17, finding 2: each role sees and exports only the personal data its job needs,
and every export is recorded in the audit trail (who, when, which model, how many rows).
The matrix is in docs/operations.md#privacy."""

import pytest
from django.db import connection
from django.urls import reverse

from apps.core.exports.models import DataExport
from apps.core.moderation import services
from apps.place.models import Enquiry as PlaceEnquiry
from tests import factories
from tests.funding.factories import EnquiryFactory as FundingEnquiryFactory
from tests.helpers_admin import export_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry():
    return PlaceEnquiry.objects.create(
        space=factories.SpaceFactory(),
        name="Jo Bloggs",
        email="jo@example.com",
        organisation_name="Bloggs Robotics",
        phone="07700 900123",
        message="Our secret plan needs 20 desks",
        desks=20,
    )


def test_an_analyst_exports_enquiries_without_personal_data_and_the_export_is_recorded(
    role_client, enquiry
):
    client = role_client("Data analyst")
    response = export_csv(client, reverse("admin:place_enquiry_export"))
    assert response.status_code == 200
    text = response.content.decode()
    header = text.splitlines()[0].split(",")
    assert "desks" in header and "space" in header
    for leaked in ("Jo Bloggs", "jo@example.com", "Bloggs Robotics", "07700", "secret plan"):
        assert leaked not in text
    assert not {"name", "email", "phone", "message", "organisation_name"} & set(header)
    record = DataExport.objects.get()
    assert (record.exported_by.username, record.model, record.rows) == (
        "data_analyst",
        "place.Enquiry",
        1,
    )
    assert record.kind == DataExport.Kind.CSV and not record.with_personal_data
    # It is in the audit trail itself, with the user who exported.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.pgh_label, c.metadata->>'user' FROM core_dataexportevent e "
            "JOIN pghistory_context c ON c.id = e.pgh_context_id"
        )
        assert cursor.fetchall() == [("insert", str(record.exported_by_id))]


def test_an_analyst_sees_an_enquiry_without_its_personal_fields(role_client, enquiry):
    client = role_client("Data analyst")
    listing = client.get(reverse("admin:place_enquiry_changelist")).content.decode()
    page = client.get(reverse("admin:place_enquiry_change", args=[enquiry.pk])).content.decode()
    for text in (listing, page):
        assert "Jo Bloggs" not in text and "jo@example.com" not in text
    assert "secret plan" not in page
    # Searching by the address would still tell whether someone wrote in.
    found = client.get(reverse("admin:place_enquiry_changelist"), {"q": "jo@example.com"})
    assert "0 enquiries" in found.content.decode() or "1 enquiry" not in found.content.decode()


def test_a_moderator_sees_office_space_enquiries_in_full(role_client, enquiry):
    client = role_client("Moderator")
    page = client.get(reverse("admin:place_enquiry_change", args=[enquiry.pk])).content.decode()
    assert "jo@example.com" in page and "secret plan" in page


@pytest.mark.parametrize("role", ["Data analyst", "Moderator", "Content editor"])
def test_only_the_funding_team_opens_funding_enquiries(role_client, role):
    enquiry = FundingEnquiryFactory(contact_email="founder@example.com")
    client = role_client(role)
    assert client.get(reverse("admin:funding_enquiry_changelist")).status_code == 403
    change = reverse("admin:funding_enquiry_change", args=[enquiry.pk])
    assert client.get(change).status_code == 403


def test_the_funding_team_works_on_funding_enquiries_with_their_contact(role_client):
    enquiry = FundingEnquiryFactory(contact_email="founder@example.com")
    client = role_client("Funding team")
    page = client.get(reverse("admin:funding_enquiry_change", args=[enquiry.pk]))
    assert page.status_code == 200
    assert "founder@example.com" in page.content.decode()
    # But not the moderation queue.
    assert client.get(reverse("admin:core_pendingchange_changelist")).status_code == 403


def test_an_editor_does_not_see_a_businesss_private_contact(role_client):
    org = factories.OrganisationFactory(contact_name="Jo Bloggs", contact_email="old@example.com")
    org.contact_email = "jo@example.com"
    org.save()
    client = role_client("Content editor")
    page = client.get(reverse("admin:profile_organisation_change", args=[org.pk]))
    assert page.status_code == 200
    assert org.name in page.content.decode()
    assert "jo@example.com" not in page.content.decode()
    assert "Jo Bloggs" not in page.content.decode()
    history = client.get(reverse("admin:profile_organisation_history", args=[org.pk]))
    assert history.status_code == 200
    assert "jo@example.com" not in history.content.decode()
    assert "old@example.com" not in history.content.decode()
    assert "hidden for your role" in history.content.decode()


def test_a_moderator_sees_the_contact_it_needs_to_judge_a_submission(role_client):
    org = factories.OrganisationFactory(contact_email="jo@example.com")
    client = role_client("Moderator")
    page = client.get(reverse("admin:profile_organisation_change", args=[org.pk]))
    assert "jo@example.com" in page.content.decode()


def test_an_analyst_sees_a_pending_change_without_its_personal_values(role_client):
    org = factories.OrganisationFactory(contact_name="Old Name")
    change = services.submitter_edit(
        obj=org, values={"summary": "A new summary", "contact_name": "Jo Bloggs"}
    )
    client = role_client("Data analyst")
    page = client.get(reverse("admin:core_pendingchange_change", args=[change.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "A new summary" in text
    assert "Jo Bloggs" not in text and "Old Name" not in text


def test_an_export_of_organisations_by_an_analyst_leaves_out_every_declared_personal_field(
    role_client,
):
    factories.OrganisationFactory(
        name="Quayside Data", contact_email="jo@example.com", public_email="hello@quayside.test"
    )
    response = export_csv(role_client("Data analyst"), reverse("admin:profile_organisation_export"))
    text = response.content.decode()
    assert "Quayside Data" in text
    assert "jo@example.com" not in text and "hello@quayside.test" not in text


def test_a_subject_access_download_is_recorded_without_the_address(admin_client):
    factories.OrganisationFactory(contact_email="jo@example.com")
    response = admin_client.post(
        reverse("admin:personal_data"), {"email": "jo@example.com", "action": "export"}
    )
    assert response.status_code == 200
    record = DataExport.objects.get()
    assert record.kind == DataExport.Kind.SUBJECT_ACCESS
    assert record.rows == 1 and record.with_personal_data
    assert "jo@example.com" not in str(record.__dict__)


def test_the_audit_logs_own_page_shows_who_and_when_not_the_copied_row(role_client):
    from pghistory.models import MiddlewareEvents

    factories.OrganisationFactory(contact_email="jo@example.com")
    event = MiddlewareEvents.objects.filter(pgh_obj_model="profile.Organisation").first()
    client = role_client("Data analyst")
    page = client.get(reverse("admin:pghistory_middlewareevents_change", args=[event.pk]))
    assert page.status_code == 200
    assert "profile.Organisation" in page.content.decode()
    assert "jo@example.com" not in page.content.decode()
