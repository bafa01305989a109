"""Tours of the People theme's page types (/skills/), for the audit in test_audit.py."""

from playwright.sync_api import Page, expect

from tests.e2e.browser import Audit
from tests.e2e.site_flows import expect_error_summary, submit_unchecked


def public_pages(page: Page, audit: Audit, request):
    portal = request.getfixturevalue("portal")
    response = page.goto("/skills/")
    expect(page.get_by_text("Python").first).to_be_visible()
    audit.check(page, "skills", response)
    # A category's own page: each of its skills, and its vacancies by size.
    category = portal["skills"]["python"].category
    page.get_by_role("link", name=category.name, exact=True).click()
    expect(page.get_by_role("heading", name=f"Skills in {category.name}")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Python", exact=True).first).to_be_visible()
    expect(page.locator(".heatmap .heat--4").first).to_be_visible()  # the darkest band
    audit.check(page, "skills-category", page.goto(page.url))
    # One organisation in this area: its figures are suppressed.
    response = page.goto("/skills/?area=gateshead-quays")
    expect(page.get_by_text("fewer than 3").first).to_be_visible()
    audit.check(page, "skills-suppressed", response)
    audit.check(page, "courses", page.goto("/skills/courses/"))
    audit.check(page, "survey", page.goto("/skills/survey/"))
    response = submit_unchecked(page, page.get_by_role("button", name="Send your response"))
    expect_error_summary(page)
    audit.check(page, "survey-errors", response)
