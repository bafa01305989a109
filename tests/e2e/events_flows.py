"""Events' data and page tour for the browser tests."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.events.models import Event
from tests import factories
from tests.e2e.browser import Audit, emailed_link
from tests.events.factories import EventFactory, local


@pytest.fixture
def events(transactional_db):
    organiser = factories.OrganisationFactory(
        name="Dynamo North East",
        slug="dynamo-north-east",
        contact_email="events@dynamo.example.com",
    )
    today = timezone.localdate()
    meetup = EventFactory(
        title="Dynamo monthly meetup",
        organiser=organiser,
        starts_at=local(today + datetime.timedelta(days=3)),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=today + datetime.timedelta(days=40),
        accessibility="Step-free access.",
    )
    EventFactory(
        title="Skills consultation",
        kind="consultation",
        theme="people",
        is_online=True,
        venue="",
        starts_at=local(today + datetime.timedelta(days=6), 16),
        state=Event.State.CANCELLED,
        state_note="Moved online next month.",
    )
    return {"organiser": organiser, "meetup": meetup}


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("events")
    response = page.goto("/events/")
    expect(page.get_by_role("link", name="Dynamo monthly meetup").first).to_be_visible()
    audit.check(page, "events", response)
    audit.check(page, "events-filtered", page.goto("/events/?when=month&free=on"))
    audit.check(page, "events-past", page.goto("/events/past/"))
    audit.check(page, "event", page.goto(data["meetup"].get_absolute_url()))
    page.goto("/events/add/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(page, "events-add-errors", navigation.value)

    # The organiser updates, calls off, then withdraws an event through the link
    # /manage/ emails them.
    breakfast = EventFactory(
        title="Tyne data breakfast",
        organiser=data["organiser"],
        contact_email="breakfast@dynamo.example.com",
        starts_at=local(timezone.localdate() + datetime.timedelta(days=9)),
    )
    page.goto("/manage/")
    page.get_by_label("Email address").fill("breakfast@dynamo.example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Email me a link").click()
    response = page.goto(emailed_link("breakfast@dynamo.example.com"))
    expect(page.get_by_role("heading", name="Update Tyne data breakfast")).to_be_visible()
    # The date picker opens on the event's own date (yyyy-mm-dd, whatever the locale).
    expect(page.get_by_label("Date", exact=True)).to_have_value(
        (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    )
    audit.check(page, "event-edit", response)
    page.get_by_label("Summary").fill("")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save changes").click()
    expect(page.locator("[data-module=error-summary]")).to_be_focused()
    audit.check(page, "event-edit-errors", navigation.value)
    page.get_by_label("Summary").fill("Breakfast and a talk on open data.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("We will check your changes")).to_be_visible()
    audit.check(page, "event-status", navigation.value)
    # First it is called off: still listed, marked cancelled with the organiser's note.
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Tell people it is cancelled").click()
    audit.check(page, "event-cancel", navigation.value)
    page.get_by_label("What should people know? (optional)").fill("The speaker is ill.")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark it as cancelled").click()
    expect(page.get_by_text("Your event is marked as cancelled")).to_be_visible()
    page.goto(breakfast.get_absolute_url())
    expect(page.get_by_text("The speaker is ill.")).to_be_visible()
    page.goto(f"/status/{breakfast.reference}/")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Withdraw this event").click()
    expect(page.get_by_role("heading", name="Withdraw your event?")).to_be_visible()
    audit.check(page, "withdraw", navigation.value)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.get_by_text("Your event has been withdrawn.")).to_be_visible()
    assert page.goto(breakfast.get_absolute_url()).status == 404
