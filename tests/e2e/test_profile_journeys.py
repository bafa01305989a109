"""The Profile theme's journeys, end to end in Chromium against the live server:
browsing, a business submitting its profile (with the mouse, with the keyboard alone and
without JavaScript), and a moderator publishing it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e import profile_flows as flows
from tests.e2e.browser import (
    assert_focus_visible,
    assert_tab_order_is_not_trapped,
    by_id,
    by_label,
    emailed_link,
    focused,
    tab_to,
)
from tests.e2e.fixtures import totp_code


def test_a_visitor_searches_and_filters_the_directory_and_opens_a_profile(page, directory):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where the North East builds technology"
    )
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Businesses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Business directory")
    page.get_by_label("Search", exact=True).fill("games")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/directory/\?q=games"))
    expect(page.get_by_text("2 tech businesses match your search")).to_be_visible()

    page.get_by_role("combobox", name="Sectors").select_option(label="Games")
    page.get_by_role("combobox", name="Area").select_option(label="Gateshead Quays")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 tech business match your search")).to_be_visible()
    expect(page.get_by_label("Search", exact=True)).to_have_value("games")
    expect(page.get_by_role("link", name="Grainger Health")).to_have_count(0)  # other area
    expect(page.get_by_role("link", name="Hidden Pending Games")).to_have_count(0)  # unpublished

    page.get_by_role("link", name="Quayside Games").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quayside Games")
    expect(page.get_by_text("Hiring now").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("See their vacancies"))).to_have_attribute(
        "href", "https://quayside-games.example.com/jobs"
    )
    logo = page.get_by_role("img", name="Quayside Games logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") > 0
    # Private contact details never reach the public page.
    expect(page.get_by_text(directory["games"].contact_email)).to_have_count(0)


def test_a_business_submits_its_profile_and_a_moderator_publishes_it(
    page, new_context, directory, moderator
):
    page.goto("/")
    page.get_by_role("link", name="Add your business").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your business to the directory")

    flows.fill_with_mistakes(page)
    flows.submit(page, flows.send_button(page))
    summary = flows.expect_error_summary(page)
    summary.locator("a[href='#id_name']").click()
    expect(page.get_by_label("Business name")).to_be_focused()

    flows.correct_and_send(page)
    flows.confirm_by_email(page)

    # In review: not in the public directory yet.
    visitor = new_context().new_page()
    visitor.goto("/directory/?q=quantum")
    expect(visitor.get_by_text("0 tech businesses match your search")).to_be_visible()

    staff = new_context().new_page()
    flows.admin_log_in(staff)
    flows.approve_in_admin(staff, flows.BUSINESS["name"])
    assert mail.outbox[-1].subject == "Published: Tyne Widgets"

    flows.expect_listed(visitor, flows.BUSINESS["name"], search="quantum shipyards")


def test_a_moderator_reviews_a_changed_logo_and_approves_it_in_one_place(
    page, directory, moderator
):
    """From the item's page: "Review the changes", the new logo as a thumbnail, Approve,
    a confirmation, and the change is live (issue 18 item 8)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.moderation import services
    from apps.core.moderation.models import PendingChange
    from tests.e2e.browser import png_bytes

    games = directory["games"]
    change = services.submitter_edit(
        obj=games,
        values={"logo": SimpleUploadedFile("tyne-logo.png", png_bytes(colour="#b5179e"))},
    )
    flows.admin_log_in(page)
    page.goto(f"/admin/profile/organisation/{games.pk}/change/")
    page.get_by_role("link", name="Review the changes").click()
    thumbnail = page.get_by_role("img", name=re.compile("^Proposed logo"))
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    page.get_by_role("link", name="Approve", exact=True).click()
    expect(page.get_by_role("heading", name="Approve this change?")).to_be_visible()
    change.refresh_from_db()
    assert change.status == PendingChange.Status.PENDING  # nothing happens before the POST
    page.get_by_role("button", name="Yes, approve").click()
    expect(page.get_by_text("Approved the change to “Quayside Games”.")).to_be_visible()
    change.refresh_from_db()
    games.refresh_from_db()
    assert change.status == PendingChange.Status.APPROVED
    assert games.logo.name == change.data["logo"]


def _type_into(page, match, text):
    tab_to(page, match)
    page.keyboard.type(text)


def test_a_business_does_it_all_with_the_keyboard_alone(page, new_context, directory, moderator):
    """Only Tab, Shift+Tab, arrows, Space, Enter and typing; at every step the focused
    element shows a focus indicator and focus moves on."""
    # Intercept file choosers from the start: Playwright turns interception on when the
    # first listener is added, and a key press sent at that moment could race it.
    page.on("filechooser", lambda chooser: None)
    page.goto("/")
    tab_to(page, by_label("Skip to main content"))
    tab_to(page, by_label("Add your business"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add your business to the directory")

    # Mistakes: no business name and a mistyped email address; no consent.
    _type_into(page, by_id("id_kind"), "Start")
    expect(page.locator("#id_kind")).to_have_value("startup")
    _type_into(page, by_id("id_summary"), flows.BUSINESS["summary"])
    _type_into(page, by_id("id_description"), flows.BUSINESS["description"])
    tab_to(page, by_label("Fintech"))
    page.keyboard.press("Space")
    _type_into(page, by_id("id_area"), "Ouse")
    tab_to(page, by_label("1 to 9 people"))
    page.keyboard.press("Space")
    _type_into(page, by_id("id_founded_year"), "2020")
    _type_into(page, by_id("id_contact_name"), "Alex Owner")
    _type_into(page, by_id("id_contact_email"), "alex-at-widgets.example.com")
    tab_to(page, by_label("Send for review"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    flows.expect_error_summary(page)
    assert_focus_visible(page)
    first_error = tab_to(page, lambda f: f.href == "#id_name")
    assert first_error.tag == "a"
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(flows.BUSINESS["name"])

    tab_to(page, by_id("id_logo"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(flows.LOGO)
    tab_to(page, by_id("id_contact_email"))
    page.keyboard.press("Control+A")
    page.keyboard.type(flows.BUSINESS["email"])
    tab_to(page, by_id("id_consent"))
    page.keyboard.press("Space")
    tab_to(page, by_label("Send for review"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    flows.confirm_by_email(page)  # opened from the email, outside the page

    staff = new_context().new_page()
    staff.goto("/admin/")
    expect(staff.get_by_label("Username")).to_be_focused()  # the admin autofocuses it
    staff.keyboard.type("moderator")
    _type_into(staff, by_id("id_password"), "correct horse battery")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    # The code field takes focus; type the authenticator's code and press Enter.
    expect(staff.get_by_label("Code")).to_be_focused()
    staff.keyboard.type(totp_code())
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    flows.expect_admin_home(staff)
    tab_to(staff, lambda f: f.href == "/admin/profile/organisation/")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    # The admin's sidebar lists every model first, so this is a long way by Tab.
    tab_to(staff, by_label("Select this object for an action - Tyne Widgets"), max_steps=400)
    staff.keyboard.press("Space")
    tab_to(staff, lambda f: f.name == "action", backwards=True)
    staff.keyboard.type("Approve")
    expect(staff.locator("select[name=action]")).to_have_value("approve_selected")
    tab_to(staff, lambda f: f.label == "Run")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    # Even one item gets the confirmation page first.
    tab_to(staff, lambda f: f.label == "Yes, approve them", max_steps=400)
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    expect(staff.get_by_text("Published 1 item(s).")).to_be_visible()

    # The public finds it by keyboard too.
    page.goto("/directory/")
    _type_into(page, by_id("id_q"), "quantum shipyards")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("1 tech business match your search")).to_be_visible()
    tab_to(page, by_label(flows.BUSINESS["name"]))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(flows.BUSINESS["name"])


def test_focus_is_never_trapped_and_always_visible(page, directory):
    for url in [
        "/",
        "/directory/",
        "/directory/?q=story&sector=games&area=gateshead-quays",
        directory["games"].get_absolute_url(),
        "/directory/add/",
        "/manage/",
        "/accessibility/",
    ]:
        page.goto(url)
        assert focused(page) is None, f"{url}: something has focus on arrival"
        assert_tab_order_is_not_trapped(page)


def test_without_javascript_the_filters_and_the_form_still_work(new_context, directory):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/directory/")
    page.get_by_label("Search", exact=True).fill("games")
    page.get_by_role("combobox", name="Sectors").select_option(label="Games")
    page.get_by_role("combobox", name="Area").select_option(label="City Centre")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 tech business match your search")).to_be_visible()
    expect(page.get_by_role("link", name="Grainger Health")).to_be_visible()
    expect(page.get_by_role("link", name="Quayside Games")).to_have_count(0)

    page.goto("/directory/add/")
    flows.fill_with_mistakes(page)
    flows.submit(page, flows.send_button(page))
    flows.expect_error_summary(page, javascript=False)
    # Without the script the summary's links are plain in-page links to the fields.
    page.locator("[data-module=error-summary] a[href='#id_name']").click()
    expect(page).to_have_url(re.compile("#id_name$"))
    flows.correct_and_send(page)
    page.goto(emailed_link(flows.BUSINESS["email"]))
    expect(page.get_by_text("In review")).to_be_visible()


def test_the_focus_check_fails_without_a_focus_indicator(page):
    page.set_content(
        '<!doctype html><html lang="en"><title>x</title><style>a:focus { outline: none }'
        '</style><a href="#a">first</a> <a href="#b">second</a></html>'
    )
    page.keyboard.press("Tab")
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        assert_focus_visible(page)
