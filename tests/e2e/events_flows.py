"""Events' data and page tour for the browser tests."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.events.models import Event
from tests import factories
from tests.e2e.browser import Audit
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
