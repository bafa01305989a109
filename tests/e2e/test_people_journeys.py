"""Journey 4, end to end in Chromium: a business answers the skills survey with three
skills (JavaScript off, so rows come from the "Add another skill" button), confirms by
email, a moderator approves the response, and a suppressed figure on the skills map shows."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.core.moderation.models import Status
from apps.people.models import Skill
from apps.profile.models import Organisation
from tests import factories
from tests.e2e import profile_flows as flows
from tests.e2e.browser import emailed_link

EMAIL = "people@grainger-health.example.com"
SKILLS = [("Rust", "3", "2", "5"), ("Python", "4", "1", "3"), ("Go", "1", "1", "4")]


@pytest.fixture
def skills_round(directory):
    """A round in which two organisations use Rust: its figures are suppressed."""
    survey_round = factories.SurveyRoundFactory(title="Skills survey 2026")
    rust = factories.SkillFactory(name="Rust")
    factories.SkillFactory(name="Python", category=rust.category)
    factories.SkillFactory(name="Go", category=rust.category)
    for org in Organisation.objects.filter(status=Status.PUBLISHED).exclude(name="Grainger Health"):
        line_response = factories.SurveyResponseFactory(round=survey_round, organisation=org)
        factories.SkillLineFactory(response=line_response, skill=rust, staff=2, vacancies=1)
    return survey_round


def open_category(page: Page, category):
    """From the skills map's overview, follow the category's link to its skills."""
    page.goto("/skills/")
    page.get_by_role("link", name=category, exact=True).click()
    expect(page.get_by_role("heading", name=f"Skills in {category}")).to_be_visible()


def organisations_cell(page: Page, skill):
    """The 'organisations reporting' figure for `skill` in its category's skills table."""
    row = (
        page.locator("table")
        .first.locator("tr")
        .filter(has=page.get_by_role("rowheader", name=skill, exact=True))
    )
    return row.locator("td").first


def answer_survey(page: Page):
    page.goto("/skills/survey/")
    page.get_by_label("Yes, it is listed").check()
    page.get_by_label("Your business’s name").fill("Grainger Health")
    for index, (skill, staff, vacancies, difficulty) in enumerate(SKILLS):
        while page.locator(f"[name='lines-{index}-skill']").count() == 0:
            flows.submit(page, page.get_by_role("button", name="Add another skill"))
            expect(page.get_by_text("We have added a row for another skill.")).to_be_visible()
        page.locator(f"[name='lines-{index}-skill']").select_option(label=skill)
        page.locator(f"[name='lines-{index}-staff']").fill(staff)
        page.locator(f"[name='lines-{index}-vacancies']").fill(vacancies)
        page.locator(f"[name='lines-{index}-difficulty']").select_option(difficulty)
    page.get_by_label("How many more people do you expect to employ").fill("3")
    page.get_by_label("Yes, occasionally").check()
    page.get_by_label("How many apprentices do you employ now?").fill("1")
    page.get_by_label("Your name").fill("Robin Grainger")
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_label("I confirm I may answer for this business").check()
    flows.submit(page, page.get_by_role("button", name="Send your response"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def test_a_survey_response_with_three_skills_changes_the_skills_map(
    new_context, skills_round, moderator
):
    category = Skill.objects.get(name="Rust").category.name
    visitor = new_context().new_page()
    open_category(visitor, category)
    expect(organisations_cell(visitor, "Rust")).to_have_text("fewer than 3")

    business = new_context(java_script_enabled=False).new_page()
    answer_survey(business)
    business.goto(emailed_link(EMAIL))
    expect(business.get_by_text("In review")).to_be_visible()
    visitor.reload()
    expect(organisations_cell(visitor, "Rust")).to_have_text("fewer than 3")

    staff = new_context().new_page()
    flows.admin_log_in(staff)
    staff.goto("/admin/people/surveyresponse/?status=pending")
    row = staff.locator("tr", has_text="Grainger Health")
    expect(row).to_contain_text("3")  # three skill lines
    row.locator("input.action-select").check()
    staff.locator("select[name=action]").select_option(label="Approve and publish selected items")
    staff.get_by_role("button", name="Run", exact=True).click()
    # Even one item gets the confirmation page first.
    staff.get_by_role("button", name="Yes, approve them").click()
    expect(staff.get_by_text(re.compile(r"Published 1 item"))).to_be_visible()

    visitor.reload()
    expect(organisations_cell(visitor, "Rust")).to_have_text("3")
