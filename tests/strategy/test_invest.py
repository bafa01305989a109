"""/invest/: the inward-investment front door and its enquiry form."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.strategy.models import InvestmentEnquiry
from tests import factories

pytestmark = pytest.mark.django_db

ENQUIRY = {
    "interest": "locate",
    "organisation_name": "Acme Robotics GmbH",
    "country": "Berlin, Germany",
    "message": "A site for 40 engineers from 2027, near a university.",
    "contact_name": "Hanna Schmidt",
    "contact_email": "hanna@acme.example.com",
    "consent": "on",
}


def test_the_home_page_and_every_footer_lead_to_the_front_door(client):
    front_door = reverse("invest:index")
    home = client.get(reverse("home")).content.decode()
    assert home.count(f'href="{front_door}"') == 2  # the Profile theme and the footer
    about = client.get(reverse("core:about")).content.decode()
    assert f'<a href="{front_door}">Invest in the sector</a>' in about


def test_the_front_door_shows_support_bodies_universities_and_space(client):
    factories.OrganisationFactory(name="Invest Newcastle", slug="invest-newcastle")
    factories.OrganisationFactory(name="Hidden Ignite", slug="ignite", status="pending")
    factories.OrganisationFactory(name="Tyne University", kind="university")
    factories.SpaceFactory(price=300, price_basis="desk_month", desks_min=1, desks_max=10)
    html = client.get("/invest/").content.decode()
    assert "Invest Newcastle" in html
    assert "Hidden Ignite" not in html
    assert "Tyne University" in html
    assert "for up to 10 desks" in html and "£300" in html


def test_an_enquiry_reaches_the_team_and_the_acknowledgement_repeats_none_of_it(
    client, settings, django_capture_on_commit_callbacks
):
    settings.INVEST_TEAM_EMAIL = "invest@council.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invest:enquiry"), ENQUIRY)
    assert response.status_code == 302
    enquiry = InvestmentEnquiry.objects.get()
    assert enquiry.outcome == "open"
    team, ack = sorted(mail.outbox, key=lambda m: m.to[0] != "invest@council.example.org")
    assert ENQUIRY["message"] in team.body and team.reply_to == [ENQUIRY["contact_email"]]
    assert ack.to == [ENQUIRY["contact_email"]]
    assert enquiry.reference in ack.body
    for typed in (ENQUIRY["message"], ENQUIRY["organisation_name"], ENQUIRY["contact_name"]):
        assert typed not in ack.body and typed not in ack.subject
    thanks = client.get(reverse("invest:thanks"))
    assert enquiry.reference in thanks.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_email", "not-an-address"),
        ("message", ""),
        ("interest", "take-over-the-council"),
        ("consent", ""),
        ("country", "see http://spam.example.com"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_written(client, field, value):
    response = client.post(reverse("invest:enquiry"), {**ENQUIRY, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Acme Robotics GmbH" in response.content.decode()
    assert not InvestmentEnquiry.objects.exists()
    assert not mail.outbox


def test_enquiries_never_appear_in_public(client):
    InvestmentEnquiry.objects.create(
        **{k: v for k, v in ENQUIRY.items() if k != "consent"},
    )
    for path in ("/invest/", "/search/?q=Acme", "/sitemap.xml", "/data/"):
        assert "Acme Robotics" not in client.get(path).content.decode(), path


def test_the_sector_profile_pdf_is_made_from_live_data_with_sources_and_date(client):
    from tests.profile.test_brand_content import pdf_text
    from tests.strategy.factories import IndicatorFactory, observe

    factories.OrganisationFactory.create_batch(4, employee_band="10-49")
    factories.OrganisationFactory(name="Invest Newcastle", slug="invest-newcastle", role="support")
    indicator = IndicatorFactory(name="Tech-sector employment")
    observe(indicator, timezone.localdate() - datetime.timedelta(days=30), 120)
    response = client.get(reverse("invest:profile_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    today = timezone.localdate()
    assert f"Made {today.day} {today:%B %Y}" in text
    assert "tech businesses in Newcastle and Gateshead listed in the directory" in text
    assert "Tech-sector employment" in text
    assert "Invest Newcastle" in text
    assert "Source:" in text
