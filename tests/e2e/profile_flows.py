"""Steps of the Profile theme's journeys, and its tour of page types for the audit.

Each theme keeps its steps and tours in its own module like this one (place_flows.py,
people_flows.py) and registers its tours in test_audit.py.
"""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from apps.core.moderation import services
from apps.profile.models import Organisation
from tests.e2e.browser import Audit, emailed_link, png_bytes
from tests.e2e.fixtures import totp_code

BUSINESS = {
    "name": "Tyne Widgets",
    "summary": "We build widgets for the Tyne.",
    "description": "Quantum widgets for shipyards, designed and made in Ouseburn.",
    "email": "alex@widgets.example.com",
}
LOGO = {"name": "tyne-widgets.png", "mimeType": "image/png", "buffer": png_bytes()}


def submit(page: Page, button):
    """Press a submit button and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


def send_button(page: Page):
    return page.get_by_role("button", name="Send for review")


def fill_with_mistakes(page: Page):
    """The add form with the business name left out and a mistyped email address."""
    page.get_by_label("What kind of organisation is it?").select_option(label="Start-up")
    page.get_by_label("Summary").fill(BUSINESS["summary"])
    page.get_by_label("Description").fill(BUSINESS["description"])
    page.get_by_label("Fintech").check()
    page.get_by_label("Where is it based?").select_option(label="Ouseburn")
    page.get_by_label("1 to 9 people").check()
    page.get_by_label("Year founded").fill("2020")
    page.get_by_label("Your name").fill("Alex Owner")
    page.get_by_label("Your email address").fill("alex-at-widgets.example.com")


def expect_error_summary(page: Page, *, javascript=True):
    """The error summary is shown, links to each field in error, and (with JavaScript)
    has focus; the values typed are kept."""
    summary = page.locator("[data-module=error-summary]")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    if javascript:
        expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)  # name, email address, consent
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#id_"), target
        expect(page.locator(target)).to_have_count(1)
    expect(summary.get_by_role("link", name=re.compile("email address", re.I))).to_have_attribute(
        "href", "#id_contact_email"
    )
    expect(page.get_by_label("Summary")).to_have_value(BUSINESS["summary"])
    expect(page.get_by_label("Description")).to_have_value(BUSINESS["description"])
    expect(page.get_by_label("Fintech")).to_be_checked()
    expect(page.get_by_label("Where is it based?")).to_have_value(
        re.compile(r"\d+")
    )  # the area chosen, by primary key
    expect(page.get_by_label("1 to 9 people")).to_be_checked()
    expect(page.get_by_label("Your email address")).to_have_value("alex-at-widgets.example.com")
    return summary


def correct_and_send(page: Page):
    page.get_by_label("Business name").fill(BUSINESS["name"])
    page.get_by_label("Your email address").fill(BUSINESS["email"])
    page.get_by_label("Logo").set_input_files(LOGO)
    page.get_by_label("I confirm that I may share these details").check()
    response = submit(page, send_button(page))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text(BUSINESS["email"])).to_be_visible()
    return response


def confirm_by_email(page: Page):
    """Open the confirmation link from the captured email: the status page says 'In review'."""
    response = page.goto(emailed_link(BUSINESS["email"]))
    expect(page.get_by_role("heading", name=BUSINESS["name"])).to_be_visible()
    expect(page.get_by_text("In review")).to_be_visible()
    return response


def admin_log_in(page: Page, username="moderator", password="correct horse battery"):  # noqa: S107
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Second step: the code from the authenticator app.
    page.get_by_label("Code").fill(totp_code(username))
    page.get_by_role("button", name="Continue").click()
    expect_admin_home(page)


def expect_admin_home(page: Page):
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def approve_in_admin(page: Page, name):
    """From the organisation list, select `name` and run "Approve and publish"."""
    page.goto("/admin/profile/organisation/?status=pending")
    page.locator("tr", has_text=name).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Approve and publish selected items")
    page.get_by_role("button", name="Run", exact=True).click()
    # Even one item gets the confirmation page first.
    page.get_by_role("button", name="Yes, approve them").click()
    expect(page.get_by_text("Published 1 item(s).")).to_be_visible()


def expect_listed(page: Page, name, *, search):
    page.goto("/directory/")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    page.get_by_label("Search", exact=True).fill(search)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 tech business match your search")).to_be_visible()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    logo = page.get_by_role("img", name=f"{name} logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") > 0, "the uploaded logo does not load"


# --- Tours of every page type, for the audit in test_audit.py ------------------------


def public_pages(page: Page, audit: Audit, request):
    """Every public page type of the Profile theme and core, forms in their error states."""
    data = request.getfixturevalue("directory")
    audit.check(page, "home", page.goto("/"))
    audit.check(page, "directory", page.goto("/directory/"))
    response = page.goto("/directory/?q=story&sector=games&area=gateshead-quays")
    expect(page.get_by_role("link", name="Quayside Games")).to_be_visible()
    audit.check(page, "directory-filtered", response)
    response = page.goto("/directory/?q=submarine&sector=fintech&area=ouseburn")
    expect(page.get_by_role("heading", name="No businesses match")).to_be_visible()
    audit.check(page, "directory-no-results", response)
    audit.check(page, "profile", page.goto(data["games"].get_absolute_url()))

    audit.check(page, "add", page.goto("/directory/add/"))
    fill_with_mistakes(page)
    response = submit(page, send_button(page))
    expect_error_summary(page)
    audit.check(page, "add-errors", response)
    audit.check(page, "add-check-your-email", correct_and_send(page))
    audit.check(page, "status", confirm_by_email(page))

    audit.check(page, "manage", page.goto("/manage/"))
    page.get_by_label("Email address").fill("not an email")
    response = submit(page, page.get_by_role("button", name="Email me a link"))
    expect(page.locator("[data-module=error-summary]")).to_be_focused()
    audit.check(page, "manage-errors", response)
    page.get_by_label("Email address").fill(data["games"].contact_email)
    response = submit(page, page.get_by_role("button", name="Email me a link"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    audit.check(page, "manage-check-your-email", response)

    response = page.goto(emailed_link(data["games"].contact_email))
    expect(page.get_by_role("heading", name="Update Quayside Games")).to_be_visible()
    audit.check(page, "edit", response)
    page.get_by_label("Summary").fill("")
    response = submit(page, page.get_by_role("button", name="Save changes"))
    expect(page.locator("[data-module=error-summary]")).to_be_focused()
    audit.check(page, "edit-errors", response)

    audit.check(page, "status-locked", page.goto("/status/ABCDEFGH/"))
    audit.check(page, "link-invalid", page.goto("/link/?t=not-a-real-token"))
    audit.check(page, "accessibility", page.goto("/accessibility/"))
    audit.check(page, "privacy", page.goto("/privacy/"))
    response = page.goto("/no-such-page/")
    assert response.status == 404
    audit.check(page, "not-found", response)


def admin_pages(page: Page, audit: Audit, request):
    """The main admin pages a moderator uses for the Profile theme."""
    data = request.getfixturevalue("directory")
    request.getfixturevalue("moderator")
    games = Organisation.objects.get(pk=data["games"].pk)
    change = services.submitter_edit(
        obj=games,
        values={
            "summary": "Now making games about the Tyne bridges.",
            "logo": SimpleUploadedFile("new-logo.png", png_bytes(colour="#b5179e")),
        },
    )

    audit.check(page, "admin-login", page.goto("/admin/login/"), public=False)
    admin_log_in(page)
    audit.check(page, "admin-index", None, public=False)
    page.goto("/admin/profile/organisation/")
    audit.check(page, "admin-organisations", None, public=False)
    page.goto(f"/admin/profile/organisation/{data['hidden'].pk}/change/")
    audit.check(page, "admin-organisation-change", None, public=False)
    page.goto("/admin/core/pendingchange/")
    audit.check(page, "admin-pending-changes", None, public=False)
    page.goto(f"/admin/core/pendingchange/{change.pk}/change/")
    expect(page.get_by_text("Now making games about the Tyne bridges.")).to_be_visible()
    # The review page: what would change, the new logo as a thumbnail, Approve and Reject.
    thumbnail = page.get_by_role("img", name=re.compile("^Proposed logo"))
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the proposed logo does not load"
    expect(page.get_by_role("link", name="Approve", exact=True)).to_be_visible()
    audit.check(page, "admin-pending-change", None, public=False, screenshot=True)
    page.get_by_role("link", name="Reject with a reason…").click()
    expect(page.get_by_label("Reason")).to_be_visible()
    audit.check(page, "admin-pending-change-reject", None, public=False)
    page.goto(f"/admin/profile/organisation/{data['hidden'].pk}/approve/")
    expect(page.get_by_role("button", name="Yes, approve")).to_be_visible()
    audit.check(page, "admin-organisation-approve", None, public=False)
    page.goto("/admin/profile/organisation/?status=pending")
    page.locator("tr", has_text="Hidden Pending Games").locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Reject selected items…")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_label("Reason")).to_be_visible()
    audit.check(page, "admin-reject-reason", None, public=False)
