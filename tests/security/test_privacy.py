"""UK GDPR: export and erase everything held about one address; retention purges."""

import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import PendingChange, Status
from apps.core.privacy import personal_data
from apps.funding.models import Enquiry as FundingEnquiry
from apps.people.models import SkillLine, SurveyResponse
from apps.place.models import Building, SpaceNeed
from apps.place.models import Enquiry as PlaceEnquiry
from apps.profile.models import Organisation
from tests import factories
from tests.funding.factories import EnquiryFactory as FundingEnquiryFactory

pytestmark = pytest.mark.django_db

WHO = "Jo.Bloggs@Example.com"


@pytest.fixture
def held():
    """One person's data spread over every kind of record, plus someone else's."""
    org = factories.OrganisationFactory(name="Jo's Widgets", contact_email="jo.bloggs@example.com")
    landlord = factories.OrganisationFactory(name="Quayside Lets", contact_email=WHO)
    building = factories.BuildingFactory(landlord=landlord, contact_email="other@example.com")
    space = factories.SpaceFactory(building=building)
    response = factories.SurveyResponseFactory(organisation=org, contact_email=WHO)
    factories.SkillLineFactory(response=response)
    need = factories.SpaceNeedFactory(contact_email=WHO)
    funding = FundingEnquiryFactory(contact_email=WHO)
    place = PlaceEnquiry.objects.create(
        space=space, name="Jo Bloggs", email=WHO, message="Is it free?", phone="0191 000"
    )
    PendingChange.objects.create(target=org, data={"public_email": WHO})
    session = SessionStore()
    session["submitted_to"] = WHO
    session.create()
    other = FundingEnquiryFactory(contact_email="someone.else@example.com")
    return {
        "org": org,
        "landlord": landlord,
        "building": building,
        "response": response,
        "need": need,
        "funding": funding,
        "place": place,
        "other": other,
    }


def test_every_model_with_an_email_field_is_searched():
    labels = {model._meta.label: fields for model, fields in personal_data.personal_data_models()}
    # Discovered, not listed: every Moderated model and the enquiries.
    assert {
        "profile.Organisation",
        "people.SurveyResponse",
        "place.Building",
        "place.SpaceNeed",
        "place.Enquiry",
        "funding.Enquiry",
    } <= set(labels)
    assert set(labels["profile.Organisation"]) == {"contact_email", "public_email"}
    assert "core.User" not in labels  # staff accounts are not portal submissions


def test_export_holds_everything_for_the_address_and_nothing_else(held):
    data = json.loads(personal_data.export_json(WHO.upper()))
    models = sorted(record["model"] for record in data["records"])
    assert models == sorted(
        [
            "profile.organisation",
            "profile.organisation",
            "people.surveyresponse",
            "place.spaceneed",
            "funding.enquiry",
            "place.enquiry",
            "sessions.session",
        ]
    )
    response = next(r for r in data["records"] if r["model"] == "people.surveyresponse")
    assert [r["model"] for r in response["related"]] == ["people.skillline"]
    org = next(r for r in data["records"] if r["pk"] == held["org"].pk)
    assert org["pending_changes"][0]["data"] == {"public_email": WHO}
    assert "someone.else" not in json.dumps(data)


def test_erase_deletes_or_anonymises_everything_and_leaves_others(held):
    result = personal_data.erase(WHO)
    assert not personal_data.find(WHO)
    assert not SurveyResponse.objects.filter(pk=held["response"].pk).exists()
    assert not SkillLine.objects.exists()
    assert not SpaceNeed.objects.filter(pk=held["need"].pk).exists()
    assert not FundingEnquiry.objects.filter(pk=held["funding"].pk).exists()
    assert not PlaceEnquiry.objects.exists()
    assert not Organisation.objects.filter(pk=held["org"].pk).exists()
    assert not PendingChange.objects.exists()
    assert not Session.objects.exists()
    # The audit trail still says what happened, but no longer holds the address.
    for model, fields in personal_data.personal_data_models(audit_copies=True):
        for name in fields:
            assert not model.objects.filter(**{f"{name}__iexact": WHO}).exists(), model
    assert result["audit_scrubbed"]["profile.OrganisationEvent"] >= 1
    # The landlord is needed by its building: kept, without the person's details.
    landlord = Organisation.objects.get(pk=held["landlord"].pk)
    assert landlord.contact_email == personal_data.ERASED_EMAIL
    assert landlord.contact_name == ""
    assert Building.objects.filter(pk=held["building"].pk).exists()
    assert result["anonymised"] == {"profile.Organisation": 1}
    assert result["deleted"]["funding.Enquiry"] == 1
    assert FundingEnquiry.objects.filter(pk=held["other"].pk).exists()


def test_the_admin_page_exports_and_erases_after_confirmation(admin_client, held):
    url = reverse("admin:personal_data")
    assert admin_client.get(reverse("admin:index")).content.count(url.encode()) == 1
    page = admin_client.post(url, {"email": WHO, "action": "find"})
    assert page.status_code == 200
    assert b"Jo&#x27;s Widgets" in page.content
    download = admin_client.post(url, {"email": WHO, "action": "export"})
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith("attachment;")
    assert len(json.loads(download.content)["records"]) == 7
    # Asking to erase only shows what would go and asks for confirmation.
    confirm = admin_client.post(url, {"email": WHO, "action": "erase"})
    assert b"Yes, erase it all" in confirm.content
    assert personal_data.find(WHO)
    unticked = admin_client.post(url, {"email": WHO, "action": "erase_confirmed"})
    assert b"Tick the box" in unticked.content
    assert personal_data.find(WHO)
    done = admin_client.post(url, {"email": WHO, "action": "erase_confirmed", "confirm": "on"})
    assert done.status_code == 302
    assert not personal_data.find(WHO)
    assert FundingEnquiry.objects.filter(pk=held["other"].pk).exists()


def test_only_superusers_reach_the_personal_data_page(client, staff_login):
    staff = factories.UserFactory(is_staff=True, is_superuser=False, username="moderator2")
    staff_login(client, staff)
    response = client.post(reverse("admin:personal_data"), {"email": WHO, "action": "export"})
    assert response.status_code == 403


def test_purge_deletes_old_enquiries_unconfirmed_submissions_and_expired_sessions():
    now = timezone.now()
    space = factories.SpaceFactory()
    old = PlaceEnquiry.objects.create(space=space, name="A", email="a@example.com", message="m")
    PlaceEnquiry.objects.filter(pk=old.pk).update(created_at=now - timezone.timedelta(days=366))
    recent = PlaceEnquiry.objects.create(space=space, name="B", email="b@example.com", message="m")
    old_funding = FundingEnquiryFactory(submitted_at=now - timezone.timedelta(days=3 * 365 + 1))
    kept_funding = FundingEnquiryFactory(submitted_at=now - timezone.timedelta(days=400))
    stale = factories.OrganisationFactory(
        status=Status.UNCONFIRMED, submitted_at=now - timezone.timedelta(days=31)
    )
    live_session = SessionStore()
    live_session.create()
    dead_session = SessionStore()
    dead_session.create()
    Session.objects.filter(session_key=dead_session.session_key).update(
        expire_date=now - timezone.timedelta(minutes=1)
    )

    with open("/dev/null", "w") as out:  # noqa: PTH123
        call_command("purge_personal_data", stdout=out)

    assert set(PlaceEnquiry.objects.values_list("pk", flat=True)) == {recent.pk}
    assert set(FundingEnquiry.objects.values_list("pk", flat=True)) == {kept_funding.pk}
    assert not FundingEnquiry.objects.filter(pk=old_funding.pk).exists()
    assert not Organisation.objects.filter(pk=stale.pk).exists()
    assert set(Session.objects.values_list("session_key", flat=True)) == {live_session.session_key}
