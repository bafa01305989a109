"""The strategy's data and page tour for the browser tests."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.browser import Audit
from tests.strategy.factories import ActionFactory, IndicatorFactory, ProgressUpdateFactory, observe


@pytest.fixture
def strategy(transactional_db):
    partner = factories.OrganisationFactory(
        name="Tyne Skills Partnership", contact_email="progress@tyne-skills.example.com"
    )
    action = ActionFactory(
        title="Run a data bootcamp",
        strand__name="Skills",
        strand__theme="people",
        partners=[partner],
        summary="Twelve-week bootcamps that retrain people into data jobs.",
    )
    action.milestones.create(
        title="First cohort starts",
        due_on=datetime.date(2026, 3, 1),
        completed_on=datetime.date(2026, 3, 2),
    )
    ProgressUpdateFactory(
        action=action, title="Bootcamp funded", body="The councils agreed funding."
    )
    indicator = IndicatorFactory(
        name="Tech-sector employment", unit="people", baseline_value=18200, target_value=23660
    )
    observe(indicator, datetime.date(2025, 6, 1), 19800)
    return {"action": action, "partner": partner, "indicator": indicator}


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("strategy")
    response = page.goto("/strategy/")
    expect(page.get_by_role("link", name="Run a data bootcamp").first).to_be_visible()
    audit.check(page, "strategy", response)
    audit.check(page, "strategy-actions", page.goto("/strategy/actions/?status=in_progress"))
    audit.check(page, "strategy-action", page.goto(data["action"].get_absolute_url()))
    audit.check(page, "strategy-changes", page.goto("/strategy/changes/?since=2020-01-01"))
    audit.check(page, "strategy-indicators", page.goto("/strategy/indicators/"))
    response = page.goto(data["indicator"].get_absolute_url())
    expect(
        page.get_by_role(
            "img",
            name="Tech-sector employment: baseline, trajectory to the target, and measurements",
        )
    ).to_be_visible()
    audit.check(page, "strategy-indicator", response)
    audit.check(page, "ecosystem", page.goto("/ecosystem/"))
    page.goto(f"{data['action'].get_absolute_url()}report/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send the update").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(page, "strategy-report-errors", navigation.value)
    audit.check(page, "invest", page.goto("/invest/"))
    page.goto("/invest/enquiry/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send to the inward-investment team").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(page, "invest-enquiry-errors", navigation.value)
