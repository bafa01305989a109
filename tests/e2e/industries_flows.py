"""Industries' data and page tour for the browser tests."""

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.browser import Audit
from tests.industries.factories import IndustryFactory, serves
from tests.profile.factories import StoryFactory
from tests.programmes.factories import ProgrammeFactory


@pytest.fixture
def industries(transactional_db):
    healthtech = factories.SectorFactory(name="Digital health", slug="digital-health")
    health = IndustryFactory(
        name="Health and care",
        slug="health-and-care",
        summary="NHS trusts, GP practices and care providers looking for digital partners.",
        sectors=[healthtech],
    )
    IndustryFactory(name="Energy", summary="Energy suppliers and networks.")
    saltwell = factories.OrganisationFactory(name="Saltwell Health Tech", sectors=[healthtech])
    serves(
        saltwell,
        health,
        "Community nurses use its app to monitor patients with heart failure at home.",
    )
    serves(factories.OrganisationFactory(name="Grainger Cloud"), health)
    StoryFactory(title="Nurses and a new app", organisations=[saltwell])
    ProgrammeFactory(title="Health Innovation Accelerator", sectors=[healthtech])
    return {"health": health, "business": saltwell}


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("industries")
    response = page.goto("/industries/")
    expect(page.get_by_role("link", name="Health and care")).to_be_visible()
    audit.check(page, "industries", response)
    audit.check(page, "industry", page.goto(data["health"].get_absolute_url()))
    audit.check(
        page, "industry-filtered", page.goto(f"{data['health'].get_absolute_url()}?with_case=on")
    )
    audit.check(page, "industry-business", page.goto(data["business"].get_absolute_url()))
    audit.check(
        page, "find-a-partner", page.goto(f"{data['health'].get_absolute_url()}find-a-partner/")
    )
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(page, "find-a-partner-errors", navigation.value)
