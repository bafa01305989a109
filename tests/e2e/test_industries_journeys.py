"""Cross-sector matchmaking in Chromium: a buyer from health finds a partner and sends a
request, confirms it from the emailed link, and staff see it ready to refer."""

import re

from playwright.sync_api import expect

from apps.core.moderation.models import Status
from apps.industries.models import PartnerRequest
from tests.e2e.browser import emailed_link


def test_a_buyer_from_health_finds_a_partner_and_sends_a_request(page, industries):
    page.goto("/directory/")
    page.get_by_role("link", name="Find tech businesses by the industry they serve").click()
    page.get_by_role("link", name="Health and care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tech partners for health and care")
    expect(page.get_by_text("monitor patients with heart failure")).to_be_visible()
    expect(page.get_by_role("link", name="Health Innovation Accelerator")).to_be_visible()
    # Only businesses with a case from health, by keyboard: tick, then submit the filters.
    page.get_by_label("With a case from this industry").press("Space")
    page.get_by_role("button", name="Apply filters").press("Enter")
    expect(page).to_have_url(re.compile(r"with_case=on"))
    businesses = page.locator("#businesses")
    expect(businesses.get_by_role("link", name="Saltwell Health Tech")).to_be_visible()
    expect(businesses.get_by_role("link", name="Grainger Cloud")).to_have_count(0)

    page.get_by_role("link", name="Find me a partner").click()
    page.get_by_label("Your organisation").fill("Gateshead Health Trust")
    page.get_by_label("What do you need?").fill("Remote monitoring after heart surgery.")
    page.get_by_label("Your name").fill("Bea Buyer")
    page.get_by_label("Your work email address").fill("bea@trust.example.org")
    # Without consent: refused, with the error next to the box and what was typed kept.
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("What do you need?")).to_have_value(
        "Remote monitoring after heart surgery."
    )
    assert not PartnerRequest.objects.exists()
    page.get_by_label("You may pass my name").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")

    page.goto(emailed_link("bea@trust.example.org"))
    expect(page.get_by_text("Received")).to_be_visible()
    sent = PartnerRequest.objects.get()
    assert sent.status == Status.PENDING and sent.consent_to_share
    assert sent.industry == industries["health"]
