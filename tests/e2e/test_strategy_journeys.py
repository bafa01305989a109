"""The strategy's journeys in Chromium: a partner reports progress, staff approve it, and
it appears on the action's page and in the feed."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e import profile_flows
from tests.e2e.browser import emailed_link


def test_a_partner_reports_progress_staff_approve_it_and_it_is_published(
    page, new_context, strategy, moderator
):
    action = strategy["action"]
    page.goto("/strategy/")
    page.get_by_role("link", name="Run a data bootcamp").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run a data bootcamp")
    page.get_by_role("link", name="Report progress").click()

    page.get_by_label("Tyne Skills Partnership").check()
    page.get_by_label("What happened, in a line").fill("First 40 graduates")
    page.get_by_label("When did it happen?").fill("2026-06-30")
    page.get_by_label("Tell us more").fill("Forty people finished; twelve already have data jobs.")
    page.get_by_label("Your name").fill("Priya Partner")
    page.get_by_label("Your work email address").fill("progress@tyne-skills.example.com")
    page.get_by_role("button", name="Send the update").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")

    page.goto(emailed_link("progress@tyne-skills.example.com"))
    expect(page.get_by_text("In review")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto(action.get_absolute_url())
    expect(visitor.get_by_text("First 40 graduates")).to_have_count(0)

    staff = new_context().new_page()
    profile_flows.admin_log_in(staff)
    staff.goto("/admin/strategy/updateproposal/?status=pending")
    row = staff.locator("tr", has_text="First 40 graduates")
    expect(row).to_contain_text("Yes")  # sent from the organisation's own address
    row.locator("input.action-select").check()
    staff.locator("select[name=action]").select_option(label="Approve and publish selected items")
    staff.get_by_role("button", name="Run", exact=True).click()
    # Even one item gets the confirmation page first.
    staff.get_by_role("button", name="Yes, approve them").click()
    expect(staff.get_by_text("Published 1 item(s).")).to_be_visible()
    assert any("First 40 graduates" in m.subject or "Published" in m.subject for m in mail.outbox)

    visitor.goto(action.get_absolute_url())
    expect(visitor.get_by_role("heading", name="First 40 graduates")).to_be_visible()
    expect(visitor.get_by_role("link", name="Tyne Skills Partnership").first).to_be_visible()
    feed = visitor.request.get("/strategy/feed/")
    assert "First 40 graduates" in feed.text()


def test_an_investor_goes_from_the_front_door_to_the_sector_profile_and_an_enquiry(
    page, strategy, settings
):
    settings.INVEST_TEAM_EMAIL = "invest@council.example.org"
    page.goto("/")
    page.goto("/invest/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invest in Newcastle and Gateshead's tech sector"
    )
    pdf_link = page.get_by_role("link", name="Download the sector profile (PDF)")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    page.get_by_role("link", name="Talk to the inward-investment team").first.click()
    page.get_by_label("Partnering with businesses or universities here").check()
    page.get_by_label("Your organisation").fill("Nordic Health Data AB")
    page.get_by_label("Where are you based?").fill("Stockholm, Sweden")
    page.get_by_label("What are you looking for?").fill("Partners for a health-data product.")
    page.get_by_label("Your name").fill("Sara Lind")
    page.get_by_label("Your email address").fill("sara@nordic.example.com")
    page.get_by_label(re.compile("I agree that the inward-investment team")).check()
    page.get_by_role("button", name="Send to the inward-investment team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have your enquiry")
    assert any(m.to == ["invest@council.example.org"] for m in mail.outbox)
