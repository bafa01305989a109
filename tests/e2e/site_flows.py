"""Tours of core, stories, brand, funding and open-data page types, for the audit."""

from playwright.sync_api import Page, expect

from tests.e2e.browser import Audit
from tests.e2e.profile_flows import submit


def submit_unchecked(page: Page, button):
    """Submit the button's form with the browser's own checks off, as the server's error
    state is what is audited (required fields would otherwise stop the submission)."""
    button.evaluate("b => { if (b.form) b.form.noValidate = true; }")
    return submit(page, button)


def expect_error_summary(page: Page):
    expect(page.locator("[data-module=error-summary]")).to_be_visible()


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("portal")
    response = page.goto("/search/?q=games")
    expect(page.get_by_role("link", name="Quayside Games").first).to_be_visible()
    audit.check(page, "search", response)
    response = page.goto("/search/?q=zzqqxxnothing")
    expect(page.get_by_role("heading", name="Nothing found")).to_be_visible()
    audit.check(page, "search-no-results", response)
    audit.check(page, "about", page.goto("/about/"))
    audit.check(page, "stories", page.goto("/stories/"))
    audit.check(page, "story", page.goto(data["story"].get_absolute_url()))
    audit.check(page, "brand", page.goto("/brand/"))

    response = page.goto("/funding/")
    expect(page.get_by_role("link", name="Tyne Digital Growth Grant")).to_be_visible()
    audit.check(page, "funding", response)
    response = page.goto("/funding/?kind=grant&amount=5000&open_now=on")
    expect(page.get_by_role("link", name="Tyne Digital Growth Grant")).to_be_visible()
    audit.check(page, "funding-filtered", response)
    audit.check(page, "funding-opportunity", page.goto(data["opportunity"].get_absolute_url()))
    page.goto("/funding/ask/")
    response = submit_unchecked(page, page.get_by_role("button", name="Send to the funding team"))
    expect_error_summary(page)
    audit.check(page, "funding-ask-errors", response)

    audit.check(page, "data", page.goto("/data/"))
    audit.check(page, "dataset", page.goto("/data/organisations/"))
    response = page.goto("/api/v1/docs/")
    heading = page.get_by_role("heading", name="GET /api/v1/organisations/", exact=True)
    expect(heading).to_be_visible()
    audit.check(page, "api-docs", response)
