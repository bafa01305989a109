"""Support programmes' data and page tour for the browser tests."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.core.moderation.models import Status
from tests import factories
from tests.e2e.browser import Audit, emailed_link
from tests.programmes.factories import ProgrammeChangeFactory, ProgrammeFactory


@pytest.fixture
def programmes(transactional_db):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    provider = factories.OrganisationFactory(name="Tyne Founders Hub", role="support")
    fintech = factories.SectorFactory(name="Fintech")
    open_now = ProgrammeFactory(
        title="Tyne Founders Accelerator",
        provider=provider,
        sectors=[fintech],
        stages=["idea", "early"],
        sizes=["1-9"],
        cost="equity",
        cost_detail="6% equity for £50,000",
        windows=[(today - 5 * day, today + 20 * day)],
    )
    ProgrammeFactory(
        title="Data Leaders Course",
        provider=provider,
        kind="training",
        cost="paid",
        cost_detail="£450 per place",
        windows=[(today + 10 * day, None)],
    )
    return {"programme": open_now, "provider": provider}


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("programmes")
    response = page.goto("/programmes/")
    expect(page.get_by_role("link", name="Tyne Founders Accelerator")).to_be_visible()
    audit.check(page, "programmes", response)
    audit.check(page, "programmes-filtered", page.goto("/programmes/?cost=equity&open_now=on"))
    audit.check(page, "programme", page.goto(data["programme"].get_absolute_url()))
    audit.check(page, "programme-provider", page.goto(data["provider"].get_absolute_url()))
    page.goto(f"{data['programme'].get_absolute_url()}propose-a-change/")
    page.get_by_label("Summary", exact=True).fill("")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send the change").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(page, "programme-change-errors", navigation.value)

    # A proposal staff turned down: the provider changes it from the link /manage/
    # emails them, and it goes back into the queue.
    turned_down = ProgrammeChangeFactory(
        programme=data["programme"],
        status=Status.REJECTED,
        moderation_note="Please give the cohort's closing date.",
        contact_email="founders@tynehub.example.com",
    )
    page.goto("/manage/")
    page.get_by_label("Email address").fill("founders@tynehub.example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Email me a link").click()
    response = page.goto(emailed_link("founders@tynehub.example.com"))
    expect(page.get_by_text("Please give the cohort's closing date.")).to_be_visible()
    audit.check(page, "programme-change-edit", response)
    page.get_by_label("Summary", exact=True).fill("")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save changes").click()
    expect(page.locator("[data-module=error-summary]")).to_be_focused()
    audit.check(page, "programme-change-edit-errors", navigation.value)
    page.get_by_label("Summary", exact=True).fill("Twelve weeks of mentoring for founders.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    turned_down.refresh_from_db()
    assert turned_down.status == Status.PENDING
