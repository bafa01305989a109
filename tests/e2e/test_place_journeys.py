"""Journey 3, end to end in Chromium: a landlord lists a building with two spaces, confirms
by email, a moderator approves it, and a business finds a space and sends an enquiry that
reaches the landlord by email."""

import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e import profile_flows as flows
from tests.e2e.browser import emailed_link

LANDLORD_EMAIL = "lee@lettings.example.com"
AVAILABLE = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
BUILDING = {
    "name": "Lime Street Works",
    "description": "A warehouse by the Ouseburn.",
    "address": "10 Lime Street, Newcastle upon Tyne",
    "postcode": "NE1 2PQ",
    "landlord_name": "Ouseburn Lettings",
    "contact_name": "Lee Landlord",
    "contact_email": LANDLORD_EMAIL,
}
SPACES = [
    {"name": "Kiln Room", "desks_min": "8", "desks_max": "14", "size_sqft": "900", "price": "190"},
    {"name": "Loft Desks", "desks_min": "1", "desks_max": "6", "size_sqft": "400", "price": "220"},
]


def fill_space(page: Page, index, values):
    row = page.locator(f"#space-{index + 1}")
    for key, value in values.items():
        row.locator(f"[name='spaces-{index}-{key}']").fill(value)
    row.locator(f"[name='spaces-{index}-kind']").select_option("private_office")
    row.locator(f"[name='spaces-{index}-price_basis']").select_option("desk_month")
    row.locator(f"[name='spaces-{index}-terms']").select_option("licence")
    row.locator(f"[name='spaces-{index}-min_months']").fill("3")
    row.locator(f"[name='spaces-{index}-available_from']").fill(AVAILABLE)


def list_building(page: Page):
    page.goto("/spaces/add/")
    expect(page.get_by_role("heading", level=1, name="List your office space")).to_be_visible()
    for key, value in BUILDING.items():
        page.locator(f"form [name='{key}']").fill(value)
    page.get_by_label("Which area is it in?").select_option(label="Ouseburn")
    page.locator("[name=landlord_kind]").select_option("sme")
    page.locator("[name=landlord_size]").select_option("1-9")
    fill_space(page, 0, SPACES[0])
    if page.locator("[name='spaces-1-name']").count() == 0:
        flows.submit(page, page.get_by_role("button", name="Add another space"))
    fill_space(page, 1, SPACES[1])
    page.get_by_label("I confirm that I may list this space").check()
    flows.submit(page, page.get_by_role("button", name="Send for review"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def approve_building(page: Page, name):
    page.goto("/admin/place/building/?status=pending")
    page.locator("tr", has_text=name).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Approve and publish selected items")
    page.get_by_role("button", name="Run", exact=True).click()
    # Even one item gets the confirmation page first.
    page.get_by_role("button", name="Yes, approve them").click()
    expect(page.get_by_text("Published 1 item(s).")).to_be_visible()


def test_a_landlord_lists_two_spaces_and_a_business_enquires(
    page, new_context, directory, moderator
):
    list_building(page)
    page.goto(emailed_link(LANDLORD_EMAIL))
    expect(page.get_by_text("In review")).to_be_visible()
    page.goto("/spaces/")
    expect(page.get_by_role("link", name="Kiln Room")).to_have_count(0)

    staff = new_context().new_page()
    flows.admin_log_in(staff)
    approve_building(staff, BUILDING["name"])

    # A business looking for 10 desks under £200 a desk finds the Kiln Room, not the loft.
    business = new_context().new_page()
    business.goto("/spaces/?desks=10&max_price=200")
    expect(business.get_by_role("link", name="Loft Desks")).to_have_count(0)
    business.get_by_role("link", name="Kiln Room").first.click()
    expect(business.get_by_role("heading", level=1)).to_contain_text("Kiln Room")
    mail.outbox.clear()
    business.get_by_label("Your name").fill("Sam Seeker")
    business.get_by_label("Email", exact=False).first.fill("sam@seeker.example.com")
    business.get_by_label("Your message").fill("We need ten desks from next month. Can we visit?")
    flows.submit(business, business.get_by_role("button", name="Send enquiry"))
    expect(business.get_by_text("We have sent your enquiry to the landlord")).to_be_visible()

    to_landlord = [m for m in mail.outbox if LANDLORD_EMAIL in m.to]
    assert len(to_landlord) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert "We need ten desks from next month" in to_landlord[0].body
    assert "Kiln Room" in to_landlord[0].subject + to_landlord[0].body
