"""Ask the funding team: the public form, its emails, and the staff outcome records."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.funding.models import Enquiry, Opportunity, Referral
from tests import factories
from tests.funding.factories import EnquiryFactory, OpportunityFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def enquiry_data(**overrides):
    data = {
        "organisation_name": "Tyne Widgets",
        "need": "We need £40,000 to hire a data engineer and build our platform.",
        "amount": "40000",
        "stage": "early",
        "contact_name": "Alex Owner",
        "contact_email": "alex@widgets.example.com",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_stores_the_enquiry_emails_staff_and_acknowledges_the_business(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:ask"), enquiry_data())
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.organisation_name == "Tyne Widgets"
    assert enquiry.amount == 40_000
    assert enquiry.stage == "early"
    assert enquiry.outcome == Enquiry.Outcome.OPEN

    assert sorted(m.to[0] for m in mail.outbox) == ["alex@widgets.example.com", "staff@example.org"]
    staff = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    assert "Tyne Widgets" in staff.subject
    assert "alex@widgets.example.com" in staff.body
    assert "hire a data engineer" in staff.body
    assert f"/admin/funding/enquiry/{enquiry.pk}/change/" in staff.body
    assert staff.reply_to == ["alex@widgets.example.com"]
    ack = next(m for m in mail.outbox if m.to == ["alex@widgets.example.com"])
    assert enquiry.reference in ack.subject
    assert "Alex Owner" not in ack.body and "Tyne Widgets" not in ack.body

    thanks = client.get(response.url)
    assert enquiry.reference.encode() in thanks.content


def test_it_links_a_known_business_to_its_directory_entry(
    client, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(
        name="Tyne Widgets", contact_email="Alex@widgets.example.com"
    )
    factories.OrganisationFactory(name="Other Widgets")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("funding:ask"), enquiry_data(organisation_name="tyne widgets "))
    assert Enquiry.objects.get().organisation == organisation


@pytest.mark.parametrize(
    ("status", "email"),
    [
        (Status.PUBLISHED, "owner@tyne-widgets.example.com"),  # another address
        (Status.UNCONFIRMED, "alex@widgets.example.com"),  # never confirmed
    ],
)
def test_a_business_is_linked_only_from_its_own_confirmed_address(
    client, status, email, django_capture_on_commit_callbacks
):
    factories.OrganisationFactory(name="Tyne Widgets", status=status, contact_email=email)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("funding:ask"), enquiry_data())
    assert Enquiry.objects.get().organisation is None


def test_it_does_not_link_a_rejected_directory_entry(client, django_capture_on_commit_callbacks):
    factories.OrganisationFactory(name="Tyne Widgets", status=Status.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("funding:ask"), enquiry_data())
    assert Enquiry.objects.get().organisation is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"contact_email": "not-an-email"},
        {"need": ""},
        {"organisation_name": ""},
        {"consent": None},
        {"amount": "-1"},
        {"amount": "a lot"},
        {"stage": "unicorn"},
        {"need": "See http://a.example http://b.example http://c.example"},
        {"homepage": "http://spam.example"},  # the honeypot
    ],
)
def test_bad_input_writes_nothing_and_sends_nothing(
    client, overrides, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:ask"), enquiry_data(**overrides))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_it_is_rate_limited_per_email_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            client.post(reverse("funding:ask"), enquiry_data(organisation_name=f"Business {n}"))
        response = client.post(reverse("funding:ask"), enquiry_data(organisation_name="Too many"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert 'value="Too many"' in response.content.decode()  # kept as typed
    assert Enquiry.objects.count() == 5


def test_the_funding_page_links_to_the_form_without_carrying_it(client):
    # The form (and its CSRF token) lives on its own page, so the list can be cached.
    response = client.get(reverse("funding:index"))
    assert b'<a class="button" href="/funding/ask/">Ask the funding team</a>' in response.content
    assert b"csrfmiddlewaretoken" not in response.content
    assert b'action="/funding/ask/"' in client.get(reverse("funding:ask")).content


def test_thanks_page_without_an_enquiry_sends_you_to_the_form(client):
    response = client.get(reverse("funding:thanks"))
    assert response.status_code == 302
    assert response.url == reverse("funding:ask")


def test_private_contact_details_never_reach_public_pages(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("funding:ask"), enquiry_data())
    other = client.__class__()
    for url in (reverse("funding:index"), reverse("funding:ask")):
        assert b"alex@widgets.example.com" not in other.get(url).content


class TestAdmin:
    def test_staff_record_a_referral_and_who_made_it(self, admin_client, moderator):
        enquiry = EnquiryFactory()
        opportunity = OpportunityFactory(title="Seed fund")
        url = reverse("admin:funding_enquiry_change", args=[enquiry.pk])
        assert admin_client.get(url).status_code == 200
        data = {
            "organisation_name": enquiry.organisation_name,
            "organisation": "",
            "need": enquiry.need,
            "amount": "25000",
            "stage": "",
            "contact_name": enquiry.contact_name,
            "contact_email": enquiry.contact_email,
            "outcome": "funded",
            "closed_on": "2026-03-01",
            "staff_notes": "",
            "referrals-TOTAL_FORMS": "1",
            "referrals-INITIAL_FORMS": "0",
            "referrals-MIN_NUM_FORMS": "0",
            "referrals-MAX_NUM_FORMS": "1000",
            "referrals-0-referred_to": "North Star Ventures",
            "referrals-0-opportunity": opportunity.pk,
            "referrals-0-referred_on": "2026-02-01",
            "referrals-0-outcome": "successful",
            "referrals-0-amount_secured": "20000",
            "referrals-0-note": "",
        }
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        referral = Referral.objects.get()
        assert referral.enquiry == enquiry
        assert referral.referred_by == moderator
        assert referral.opportunity == opportunity
        enquiry.refresh_from_db()
        assert enquiry.outcome == Enquiry.Outcome.FUNDED

    def test_the_outcome_report_counts_each_outcome(self, admin_client):
        EnquiryFactory.create_batch(2, outcome=Enquiry.Outcome.FUNDED)
        EnquiryFactory(outcome=Enquiry.Outcome.NO_MATCH)
        open_enquiry = EnquiryFactory()
        ReferralFactory(enquiry=open_enquiry, outcome="successful", amount_secured=15_000)
        ReferralFactory(enquiry=open_enquiry, outcome="successful", amount_secured=10_000)
        ReferralFactory(enquiry=open_enquiry, outcome="unsuccessful", amount_secured=99_000)
        response = admin_client.get(reverse("admin:funding_enquiry_report"))
        assert response.status_code == 200
        rows = {value: count for value, _, count in response.context["enquiry_rows"]}
        assert rows == {
            "open": 1,
            "funded": 2,
            "not_funded": 0,
            "signposted": 0,
            "no_match": 1,
            "withdrawn": 0,
        }
        referrals = {value: count for value, _, count in response.context["referral_rows"]}
        assert referrals["successful"] == 2
        assert referrals["unsuccessful"] == 1
        assert response.context["enquiry_total"] == 4
        # Only successful referrals count towards money secured.
        assert b"\xc2\xa325,000" in response.content
        changelist = admin_client.get(reverse("admin:funding_enquiry_changelist"))
        assert reverse("admin:funding_enquiry_report").encode() in changelist.content

    def test_the_report_is_for_staff_only(self, client):
        response = client.get(reverse("admin:funding_enquiry_report"))
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    @pytest.mark.parametrize("model", ["opportunity", "enquiry"])
    def test_admin_smoke(self, admin_client, model):
        opportunity = OpportunityFactory(title="Seed fund")
        referral = ReferralFactory(opportunity=opportunity)
        obj = opportunity if model == "opportunity" else referral.enquiry
        changelist = reverse(f"admin:funding_{model}_changelist")
        assert admin_client.get(changelist).status_code == 200
        assert admin_client.get(changelist, {"q": "seed"}).status_code == 200
        assert admin_client.get(reverse(f"admin:funding_{model}_add")).status_code == 200
        change = admin_client.get(reverse(f"admin:funding_{model}_change", args=[obj.pk]))
        assert change.status_code == 200

    def test_staff_add_an_opportunity_with_stage_tick_boxes(self, admin_client):
        data = {
            "title": "Scale-up loan",
            "slug": "scale-up-loan",
            "status": "published",
            "provider": "Tyne Capital",
            "kind": "loan",
            "summary": "Loans for growing firms.",
            "url": "https://tyne-capital.example.com",
            "eligibility": "Trading for two years.",
            "stages": ["growth", "established"],
            "amount_min": "50000",
            "amount_max": "10000",
            "opens_on": "",
            "closes_on": "",
            "is_rolling": "on",
        }
        response = admin_client.post(reverse("admin:funding_opportunity_add"), data)
        # The upside-down range is caught by the form, not left to the database.
        assert response.status_code == 200
        assert b"at least the smallest amount" in response.content
        assert not Opportunity.objects.exists()

        data["amount_max"] = "250000"
        response = admin_client.post(reverse("admin:funding_opportunity_add"), data)
        assert response.status_code == 302
        opportunity = Opportunity.objects.get()
        assert opportunity.stages == ["growth", "established"]
        assert opportunity.closes_on is None


def test_expired_enquiries_are_purged_with_their_referrals():
    now = timezone.now()
    old = EnquiryFactory(submitted_at=now - datetime.timedelta(days=3 * 365 + 1))
    ReferralFactory(enquiry=old)
    recent = EnquiryFactory(submitted_at=now - datetime.timedelta(days=3 * 365 - 1))
    call_command("purge_funding_enquiries", stdout=io.StringIO())
    assert list(Enquiry.objects.all()) == [recent]
    assert Referral.objects.count() == 0
