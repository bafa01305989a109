"""Issue 17, finding 1: purges, retention and erasure remove personal data from the live
rows and from every copy the audit trail keeps. Each test reads the event tables
directly, as an auditor with database access would."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from apps.core.privacy import personal_data
from apps.place.models import Enquiry as PlaceEnquiry
from apps.profile.models import Organisation
from tests import factories
from tests.funding.factories import EnquiryFactory as FundingEnquiryFactory

pytestmark = pytest.mark.django_db

SECRET_WORDS = ("Jo Bloggs", "jo@example.com", "Bloggs Robotics", "07700 900123", "secret plan")


def event_table_text(table):
    """Every row of an event table, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")  # noqa: S608 - fixed names
        return "\n".join(row[0] for row in cursor.fetchall())


def purge():
    with open("/dev/null", "w") as out:  # noqa: PTH123
        call_command("purge_personal_data", stdout=out)


def place_enquiry(**extra):
    return PlaceEnquiry.objects.create(
        space=factories.SpaceFactory(),
        name="Jo Bloggs",
        email="jo@example.com",
        organisation_name="Bloggs Robotics",
        phone="07700 900123",
        message="Our secret plan needs 20 desks",
        **extra,
    )


def test_purged_enquiry_leaves_no_personal_data_in_its_audit_rows():
    enquiry = place_enquiry()
    # Staff corrected something, so there are insert, update and delete events.
    PlaceEnquiry.objects.filter(pk=enquiry.pk).update(desks=20)
    PlaceEnquiry.objects.filter(pk=enquiry.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=400)
    )
    before = event_table_text("place_enquiryevent")
    assert "Jo Bloggs" in before and "secret plan" in before

    purge()

    assert not PlaceEnquiry.objects.filter(pk=enquiry.pk).exists()
    after = event_table_text("place_enquiryevent")
    for word in SECRET_WORDS:
        assert word not in after, word
    # The trail still says what happened.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pgh_label FROM place_enquiryevent WHERE pgh_obj_id = %s", [enquiry.pk]
        )
        assert sorted(r[0] for r in cursor.fetchall()) == ["delete", "insert", "update", "update"]


def test_purged_unconfirmed_organisation_leaves_no_contact_in_its_audit_rows():
    org = factories.OrganisationFactory(
        status=Status.UNCONFIRMED,
        contact_name="Jo Bloggs",
        contact_email="jo@example.com",
        submitted_at=timezone.now() - timezone.timedelta(days=31),
    )
    assert "jo@example.com" in event_table_text("profile_organisationevent")

    purge()

    assert not Organisation.objects.filter(pk=org.pk).exists()
    text = event_table_text("profile_organisationevent")
    assert "jo@example.com" not in text
    assert "Jo Bloggs" not in text


def test_erasure_scrubs_the_enquirers_name_business_and_message_from_the_audit_rows():
    place_enquiry()
    landlord = factories.OrganisationFactory(
        contact_name="Jo Bloggs", contact_email="JO@example.com"
    )
    factories.BuildingFactory(landlord=landlord)  # keeps the landlord row alive
    PendingChange.objects.create(target=landlord, data={"contact_name": "Jo Bloggs"})

    personal_data.erase("jo@example.com")

    for table in ("place_enquiryevent", "profile_organisationevent", "core_pendingchangeevent"):
        text = event_table_text(table)
        for word in SECRET_WORDS:
            assert word.lower() not in text.lower(), (table, word)
    landlord.refresh_from_db()
    assert landlord.contact_name == ""
    assert landlord.contact_email == personal_data.ERASED_EMAIL


def test_rows_deleted_with_an_erased_row_lose_their_personal_data_too():
    """A building erased with its landlord's contact takes other people's enquiries about
    its spaces with it (a cascade): their audit copies are scrubbed as well."""
    landlord = factories.OrganisationFactory(contact_email="owner@example.com")
    building = factories.BuildingFactory(landlord=landlord, contact_email="owner@example.com")
    enquiry = place_enquiry()
    enquiry.space.building = building
    enquiry.space.save()

    personal_data.erase("owner@example.com")

    assert not PlaceEnquiry.objects.exists()
    text = event_table_text("place_enquiryevent")
    assert "secret plan" not in text and "Jo Bloggs" not in text


def test_withdrawn_and_rejected_entries_lose_their_contact_after_12_months():
    old = timezone.now() - timezone.timedelta(days=366)
    moderator = factories.UserFactory(is_staff=True)
    withdrawn = factories.OrganisationFactory(
        contact_name="Jo Bloggs", contact_email="jo@example.com", public_email="jo@example.com"
    )
    services.submission_archive(obj=withdrawn, by=moderator)
    rejected = factories.SpaceNeedFactory(
        contact_name="Jo Bloggs",
        contact_email="jo@example.com",
        notes="Jo needs a quiet room",
    )
    services.submission_reject(obj=rejected, by=moderator, reason="Duplicate")
    recent = factories.OrganisationFactory(
        contact_name="Sam Recent", contact_email="sam@example.com"
    )
    services.submission_archive(obj=recent, by=moderator)
    listed = factories.OrganisationFactory(contact_name="Al Listed", contact_email="al@example.com")
    Organisation.objects.filter(pk__in=[withdrawn.pk, listed.pk]).update(reviewed_at=old)
    type(rejected).objects.filter(pk=rejected.pk).update(reviewed_at=old)

    purge()

    withdrawn.refresh_from_db()
    rejected.refresh_from_db()
    assert (withdrawn.contact_name, withdrawn.contact_email, withdrawn.public_email) == (
        "",
        personal_data.ERASED_EMAIL,
        "",
    )
    assert withdrawn.status == Status.ARCHIVED  # the entry itself is kept
    assert rejected.notes == ""
    assert rejected.contact_email == personal_data.ERASED_EMAIL
    for table in ("profile_organisationevent", "place_spaceneedevent"):
        text = event_table_text(table)
        assert "jo@example.com" not in text and "Jo Bloggs" not in text, table
    assert "quiet room" not in event_table_text("place_spaceneedevent")
    # Not yet 12 months, or still listed: untouched, in the row and in the trail.
    recent.refresh_from_db()
    listed.refresh_from_db()
    assert recent.contact_email == "sam@example.com"
    assert listed.contact_email == "al@example.com"
    assert "sam@example.com" in event_table_text("profile_organisationevent")


def test_funding_enquiries_past_retention_leave_no_personal_data_in_the_audit_rows():
    enquiry = FundingEnquiryFactory(
        contact_name="Jo Bloggs",
        contact_email="jo@example.com",
        need="Our secret plan",
        submitted_at=timezone.now() - timezone.timedelta(days=3 * 365 + 2),
    )
    purge()
    text = event_table_text("funding_enquiryevent")
    assert str(enquiry.reference) in text  # the trail keeps the reference
    assert "Jo Bloggs" not in text and "secret plan" not in text and "jo@example" not in text


def test_the_sweep_scrubs_rows_deleted_in_the_admin_and_is_idempotent():
    enquiry = place_enquiry()
    enquiry.delete()
    assert "Jo Bloggs" in event_table_text("place_enquiryevent")
    first = personal_data.audit_sweep()
    assert first["place.EnquiryEvent"] == 2  # the insert and the delete
    assert "Jo Bloggs" not in event_table_text("place_enquiryevent")
    assert personal_data.audit_sweep() == {}


def test_every_model_that_holds_personal_data_declares_it():
    declared = {
        m._meta.label: set(personal_data.personal_fields(m))
        for m in personal_data.personal_models()
    }
    assert declared["place.Enquiry"] == {"name", "email", "organisation_name", "phone", "message"}
    # The proposed values and the live values they were made against (decision 0035).
    assert declared["core.PendingChange"] == {"data", "base"}
    assert {"contact_name", "contact_email"} <= declared["people.SurveyResponse"]
    assert {"contact_name", "contact_email", "need"} <= declared["funding.Enquiry"]
    assert {"contact_name", "contact_email", "message"} <= declared["strategy.InvestmentEnquiry"]
    assert {"contact_name", "contact_email"} <= declared["strategy.UpdateProposal"]
