"""Tours of the Place theme's page types (/spaces/), for the audit in test_audit.py."""

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from apps.core.moderation import links
from tests.e2e.browser import Audit
from tests.e2e.site_flows import expect_error_summary, submit_unchecked


def public_pages(page: Page, audit: Audit, request):
    data = request.getfixturevalue("portal")
    response = page.goto("/spaces/")
    expect(page.get_by_role("link", name="Studio 3").first).to_be_visible()
    audit.check(page, "spaces", response)
    response = page.goto("/spaces/?area=ouseburn&desks=10&max_price=200")
    expect(page.get_by_role("link", name="Studio 3").first).to_be_visible()
    audit.check(page, "spaces-filtered", response)
    response = page.goto("/spaces/?desks=4000&max_price=1")
    expect(page.get_by_role("heading", name="No spaces match")).to_be_visible()
    audit.check(page, "spaces-no-results", response)
    audit.check(page, "space", page.goto(data["space"].get_absolute_url()))
    audit.check(page, "building", page.goto(data["building"].get_absolute_url()))

    # The landlord's manage link: the update page, and marking a space let (refused here,
    # so the other tours still find Studio 3 listed).
    manage = urlsplit(links.make_url(purpose="manage", obj=data["building"]))
    response = page.goto(f"{manage.path}?{manage.query}")
    expect(page.get_by_role("heading", name="Update Toffee Factory")).to_be_visible()
    audit.check(page, "spaces-update", response)
    withdraw_link = page.locator(f'a[href$="/withdraw/{data["space"].pk}/"]')
    expect(withdraw_link).to_have_text("Withdraw: Studio 3")
    withdraw_href = withdraw_link.get_attribute("href")
    let_link = page.locator(f'a[href$="/let/{data["space"].pk}/"]')
    expect(let_link).to_have_text("Mark as let: Studio 3")
    response = page.goto(let_link.get_attribute("href"))
    expect(page.get_by_role("heading", name="Studio 3 at Toffee Factory is let")).to_be_visible()
    audit.check(page, "spaces-let", response)
    page.get_by_label("How many desks were let?").fill("99")
    response = submit_unchecked(page, page.get_by_role("button", name="Mark as let"))
    expect_error_summary(page)
    audit.check(page, "spaces-let-errors", response)
    response = page.goto(withdraw_href)
    expect(page.get_by_role("heading", name="Withdraw Studio 3 at Toffee Factory?")).to_be_visible()
    audit.check(page, "spaces-withdraw", response)

    audit.check(page, "spaces-add", page.goto("/spaces/add/"))
    response = submit_unchecked(page, page.get_by_role("button", name="Send for review"))
    expect_error_summary(page)
    audit.check(page, "spaces-add-errors", response)
    audit.check(page, "spaces-need-add", page.goto("/spaces/needs/add/"))
    response = submit_unchecked(page, page.get_by_role("button", name="Register my need"))
    expect_error_summary(page)
    audit.check(page, "spaces-need-add-errors", response)
