"""The skills survey: submit, confirm, moderate, replace; and bad input writes nothing."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.people import skills_map as maps
from apps.people.models import SkillLine, SurveyResponse
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import last_link

pytestmark = pytest.mark.django_db
URL = "/skills/survey/"


@pytest.fixture
def survey_round():
    return factories.SurveyRoundFactory(title="Skills survey 2026")


@pytest.fixture
def skills():
    category = factories.SkillCategoryFactory(name="Survey skills")
    return [factories.SkillFactory(name=f"Survey skill {n}", category=category) for n in range(3)]


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Tyne Widgets")


def survey_data(survey_round, lines, *, organisation=None, total=None, **overrides):
    data = {
        "round": survey_round.slug,
        "who": "existing" if organisation else "new",
        "organisation": organisation.name if organisation else "",
        "headcount_change": "3",
        "turned_away_work": "sometimes",
        "apprentices": "2",
        "contact_name": "Alex Owner",
        "contact_email": "alex@widgets.example.com",
        "consent": "on",
        "homepage": "",
        "lines-TOTAL_FORMS": str(total if total is not None else max(len(lines), 1)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "60",
    }
    for n, (skill, staff, vacancies, difficulty, training) in enumerate(lines):
        data[f"lines-{n}-skill"] = skill.pk if hasattr(skill, "pk") else skill
        data[f"lines-{n}-staff"] = str(staff)
        data[f"lines-{n}-vacancies"] = str(vacancies)
        data[f"lines-{n}-difficulty"] = str(difficulty)
        if training:
            data[f"lines-{n}-training_need"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_renders_with_rows_and_the_enhancement_script(client, survey_round, skills):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="lines-TOTAL_FORMS" value="3"' in content
    assert "js/people-survey.js" in content
    assert "<script>" not in content and "style=" not in content
    assert "Survey skills" in content  # skills grouped by category
    assert 'name="org-name"' in content
    assert 'name="org-logo"' not in content and 'name="org-homepage"' not in content


def test_it_walks_the_whole_journey(
    client,
    admin_client,
    moderator,
    survey_round,
    skills,
    organisation,
    django_capture_on_commit_callbacks,
):
    public = client.__class__()
    data = survey_data(
        survey_round,
        [(skills[0], 4, 2, 5, True), (skills[1], 1, 0, 2, False)],
        organisation=organisation,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey_response = SurveyResponse.objects.get()
    assert survey_response.status == Status.UNCONFIRMED
    assert survey_response.organisation == organisation
    assert survey_response.lines.count() == 2
    assert [m.to for m in mail.outbox] == [["alex@widgets.example.com"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = public.get(last_link("alex@widgets.example.com"))
    survey_response.refresh_from_db()
    assert survey_response.status == Status.PENDING
    status_page = public.get(response.url)
    assert status_page.status_code == 200
    assert b"In review" in status_page.content

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:people_surveyresponse_changelist"),
            {
                "action": "approve_selected",
                "_selected_action": [survey_response.pk],
                "confirm": "1",
            },
        )
    survey_response.refresh_from_db()
    assert survey_response.status == Status.PUBLISHED
    assert survey_response.reviewed_by == moderator
    assert mail.outbox[-1].to == ["alex@widgets.example.com"]
    assert list(SurveyResponse.objects.current()) == [survey_response]

    # The manage link opens a read-only copy of what was sent.
    with django_capture_on_commit_callbacks(execute=True):
        public.post(reverse("core:manage"), {"email": "alex@widgets.example.com"})
    response = public.get(last_link("alex@widgets.example.com"))
    assert response.url == reverse("people:response", args=[survey_response.reference])
    page = public.get(response.url)
    assert b"Survey skill 0" in page.content


def test_a_new_business_is_created_pending_and_confirmed_with_the_response(
    client, survey_round, skills, django_capture_on_commit_callbacks
):
    area = factories.AreaFactory(name="Ouseburn")
    sector = factories.SectorFactory(name="Fintech")
    data = survey_data(
        survey_round,
        [(skills[0], 4, 2, 5, True)],
        **{
            "org-name": "Brand New Ltd",
            "org-kind": "startup",
            "org-summary": "We make new things.",
            "org-sectors": [sector.pk],
            "org-area": area.pk,
            "org-employee_band": "1-9",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(name="Brand New Ltd")
    assert organisation.status == Status.UNCONFIRMED
    assert organisation.contact_email == "alex@widgets.example.com"
    assert len(mail.outbox) == 1  # one link confirms both
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link("alex@widgets.example.com"))
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    assert SurveyResponse.objects.get().status == Status.PENDING


def test_add_another_skill_works_without_javascript(client, survey_round, skills, organisation):
    data = survey_data(survey_round, [(skills[0], 4, 2, 5, True)], organisation=organisation)
    data["add_line"] = "1"
    response = client.post(URL, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="lines-TOTAL_FORMS" value="2"' in content
    assert 'name="lines-1-skill"' in content
    assert "There is a problem" not in content
    assert SurveyResponse.objects.count() == 0


def test_add_another_skill_shows_every_answer_unchecked_and_the_next_send_ignores_blank_rows(
    client, survey_round, skills, organisation, django_capture_on_commit_callbacks
):
    sector = factories.SectorFactory(name="Fintech")
    data = survey_data(
        survey_round,
        [(skills[0], "lots", 2, 5, True)],  # not a number: not checked until it is sent
        organisation=organisation,
        **{"org-name": "Typed <b>Ltd</b>", "org-sectors": [sector.pk], "add_line": "1"},
    )
    content = client.post(URL, data).content.decode()
    assert "There is a problem" not in content and "Enter a whole number" not in content
    assert 'name="lines-0-staff" value="lots"' in content
    assert 'name="lines-0-training_need" id="id_lines-0-training_need" checked' in content
    assert f'name="org-sectors" value="{sector.pk}" id="id_org-sectors_0" checked' in content
    assert 'value="Typed &lt;b&gt;Ltd&lt;/b&gt;"' in content
    assert 'name="organisation" value="Tyne Widgets"' in content
    # The rows are still new rows: sent again with the added one left blank, the blank
    # one is ignored.
    assert 'name="lines-TOTAL_FORMS" value="2"' in content
    assert 'name="lines-INITIAL_FORMS" value="0"' in content
    data = survey_data(
        survey_round, [(skills[0], 4, 2, 5, True)], organisation=organisation, total=2
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302
    assert SurveyResponse.objects.get().lines.count() == 1


def test_the_unused_new_business_details_are_kept_but_not_checked(
    client, survey_round, skills, organisation
):
    data = survey_data(
        survey_round,
        [(skills[0], -1, 2, 5, True)],
        organisation=organisation,
        **{"org-name": "Half Typed Ltd", "org-website": "not a web address"},
    )
    content = client.post(URL, data).content.decode()
    assert "Enter 0 or more." in content  # the skills are checked
    assert "Enter a valid URL" not in content  # the unused new-business details are not
    assert 'value="Half Typed Ltd"' in content and 'value="not a web address"' in content


def _assert_nothing_written(organisations_before):
    assert SurveyResponse.objects.count() == 0
    assert SkillLine.objects.count() == 0
    assert Organisation.objects.count() == organisations_before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("lines", "overrides", "message"),
    [
        ("negative", {}, "Enter 0 or more."),
        ("difficulty", {}, "Choose how hard it is to recruit, from 1 (easy) to 5 (very hard)."),
        ("duplicate", {}, "more than once"),
        ("none", {}, "Choose a skill."),
        ("ok", {"lines-TOTAL_FORMS": None}, "Something went wrong with the list of skills"),
        ("ok", {"lines-TOTAL_FORMS": "abc"}, "Something went wrong with the list of skills"),
        ("ok", {"lines-TOTAL_FORMS": "5000"}, "Add no more than 60 skills."),
        ("ok", {"round": "some-old-round"}, "This survey round has closed"),
        ("ok", {"homepage": "http://spam.example.com"}, "We could not accept this form"),
        ("ok", {"who": "existing", "organisation": ""}, "Enter your business’s name as"),
        ("ok", {"who": "existing", "organisation": "Nobody Ltd"}, "We could not find “Nobody Ltd”"),
        ("ok", {"headcount_change": "lots"}, "Enter a whole number"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(
    client, survey_round, skills, organisation, lines, overrides, message
):
    before = Organisation.objects.count()
    s0, s1 = skills[0], skills[1]
    rows = {
        "negative": [(s0, -1, 2, 3, False)],
        "difficulty": [(s0, 1, 2, 6, False)],
        "duplicate": [(s0, 1, 2, 3, False), (s1, 1, 1, 1, False), (s0, 4, 4, 4, True)],
        "none": [],
        "ok": [(s0, 1, 2, 3, False)],
    }[lines]
    data = survey_data(survey_round, rows, organisation=organisation)
    data.update(overrides)
    response = client.post(URL, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "There is a problem" in content
    assert "<title>Error:" in content and "Error: Error:" not in content
    _assert_nothing_written(before)


def test_a_closed_round_takes_no_responses(client, skills, organisation):
    today = timezone.localdate()
    closed = factories.SurveyRoundFactory(
        opens_on=today - timezone.timedelta(days=60), closes_on=today - timezone.timedelta(days=1)
    )
    before = Organisation.objects.count()
    assert b"The skills survey is closed" in client.get(URL).content
    response = client.post(
        URL, survey_data(closed, [(skills[0], 1, 2, 3, False)], organisation=organisation)
    )
    assert response.status_code == 400
    assert b"could not accept any answers" in response.content
    _assert_nothing_written(before)


def test_a_newer_response_replaces_the_older_once_published(
    client, admin_client, survey_round, skills, organisation, django_capture_on_commit_callbacks
):
    # The business answers from its own contact address both times: another address may
    # not replace its answers (tests/people/test_survey_on_behalf.py).
    organisation.contact_email = "alex@widgets.example.com"
    organisation.save()
    others = [factories.SurveyResponseFactory(round=survey_round) for _ in range(2)]
    for other in others:
        factories.SkillLineFactory(response=other, skill=skills[0], vacancies=1)
    first = factories.SurveyResponseFactory(
        round=survey_round,
        organisation=organisation,
        submitted_at=timezone.now() - timezone.timedelta(days=3),
    )
    factories.SkillLineFactory(response=first, skill=skills[0], vacancies=10)

    def vacancies():
        result = maps.build(survey_round=survey_round)
        return next(r for r in result.skill_rows if r.skill == skills[0]).figures.vacancies

    assert vacancies() == 12
    data = survey_data(survey_round, [(skills[0], 1, 4, 3, False)], organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    second = SurveyResponse.objects.get(status=Status.UNCONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link("alex@widgets.example.com"))
    # Confirmed but not yet approved: the published response still counts.
    assert vacancies() == 12
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:people_surveyresponse_changelist"),
            {"action": "approve_selected", "_selected_action": [second.pk], "confirm": "1"},
        )
    assert vacancies() == 6
    assert set(SurveyResponse.objects.current()) == {*others, second}
    # Staff see which response was replaced.
    listing = admin_client.get(
        reverse("admin:people_surveyresponse_changelist"), {"superseded": "yes"}
    )
    assert listing.context["cl"].result_count == 1
    # Rejecting the newer one later brings the older one back.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:people_surveyresponse_changelist"),
            {
                "action": "reject_selected",
                "_selected_action": [second.pk],
                "confirm": "1",
                "reason": "Duplicate by mistake.",
            },
        )
    assert vacancies() == 12


def test_new_business_details_are_checked_like_the_directory_form(
    client, survey_round, skills, organisation
):
    before = Organisation.objects.count()
    data = survey_data(survey_round, [(skills[0], 1, 2, 3, False)], **{"org-name": "Tyne Widgets"})
    response = client.post(URL, data)
    content = response.content.decode()
    assert "A business with this name is already in the directory" in content
    # Each missing answer is named: kind, summary, area, size, sectors.
    for message in [
        "Answer “What kind of organisation is it?”",
        "Enter summary",
        "Select sectors",
        "Answer “Where is it based?”",
    ]:
        assert message in content
    _assert_nothing_written(before)


class TestChoosingAListedBusiness:
    """The business is named, not picked from a list of thousands: an exact match ignoring
    case and spacing; a near miss suggests listed names; unlisted names never leak."""

    def post(self, client, survey_round, skills, name):
        data = survey_data(survey_round, [(skills[0], 1, 1, 2, False)])
        data.update(who="existing", organisation=name)
        return client.post(reverse("people:survey"), data)

    def test_the_name_matches_ignoring_case_and_spacing(
        self, client, survey_round, skills, organisation
    ):
        response = self.post(client, survey_round, skills, "  tyne   WIDGETS ")
        assert response.status_code == 302
        assert SurveyResponse.objects.get().organisation == organisation

    def test_a_near_miss_suggests_the_listed_name_and_keeps_what_was_typed(
        self, client, survey_round, skills, organisation
    ):
        factories.OrganisationFactory(name="Tyne Widgetry Pending", status=Status.PENDING)
        response = self.post(client, survey_round, skills, "Tyne Widget")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Did you mean “Tyne Widgets”?" in page
        assert "Tyne Widgetry Pending" not in page  # only published names are suggested
        assert 'value="Tyne Widget"' in page
        assert not SurveyResponse.objects.exists()

    def test_an_unpublished_business_cannot_be_named(self, client, survey_round, skills):
        factories.OrganisationFactory(name="Quiet Pending Ltd", status=Status.PENDING)
        response = self.post(client, survey_round, skills, "Quiet Pending Ltd")
        assert "We could not find “Quiet Pending Ltd”" in response.content.decode()
        assert not SurveyResponse.objects.exists()

    def test_hostile_text_is_escaped(self, client, survey_round, skills, organisation):
        response = self.post(client, survey_round, skills, "<script>alert(1)</script>")
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_the_page_does_not_list_the_directory(self, client, survey_round, organisation):
        page = client.get(reverse("people:survey")).content.decode()
        assert "Tyne Widgets" not in page
