"""Events in Chromium: an organisation submits an event, staff approve it, and it appears
on /events/, in the filtered calendar feed and on the organisation's page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e import profile_flows
from tests.e2e.browser import emailed_link


def test_an_organisation_submits_an_event_and_it_is_listed_everywhere(
    page, new_context, events, moderator
):
    day = timezone.localdate() + datetime.timedelta(days=9)
    page.goto("/events/")
    page.get_by_role("link", name="Add your event").click()
    page.get_by_label("Event name").fill("Data for good evening")
    page.get_by_label("Which organisation is running it?").select_option(label="Dynamo North East")
    page.get_by_label("Workshop or training").check()
    page.get_by_label("People").check()
    page.get_by_label("Summary").fill("Charities meet data people.")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("End time").fill("20:00")
    page.get_by_label("Once").check()
    page.get_by_label("Venue and address").fill("The Core, Newcastle")
    page.get_by_label("Your name").fill("Ada Organiser")
    page.get_by_label("Your email address").fill("ada@dynamo.example.com")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")
    page.goto(emailed_link("ada@dynamo.example.com"))
    expect(page.get_by_text("In review")).to_be_visible()

    staff = new_context().new_page()
    profile_flows.admin_log_in(staff)
    staff.goto("/admin/events/event/?status=pending")
    staff.locator("tr", has_text="Data for good evening").locator("input.action-select").check()
    staff.locator("select[name=action]").select_option(label="Approve and publish selected items")
    staff.get_by_role("button", name="Run", exact=True).click()
    # Even one item gets the confirmation page first.
    staff.get_by_role("button", name="Yes, approve them").click()
    expect(staff.get_by_text("Published 1 item(s).")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto("/events/?theme=people")
    expect(visitor.get_by_role("link", name="Data for good evening")).to_be_visible()
    feed = visitor.request.get("/events/calendar.ics?theme=people").text()
    assert "SUMMARY:Data for good evening" in feed
    visitor.goto(events["organiser"].get_absolute_url())
    expect(visitor.get_by_role("link", name="Data for good evening")).to_be_visible()
