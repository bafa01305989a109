"""The skills map's figures against a fixture computed by hand, suppression, the
comparison across rounds, the CSV and the query budget."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.people import skills_map as maps
from apps.people.models import SkillLine, SurveyResponse, SurveyRound
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
B = Organisation.EmployeeBand
TODAY = timezone.localdate()
DAY = timezone.timedelta(days=1)


def line(response, skill, staff, vacancies, difficulty, training):
    return factories.SkillLineFactory(
        response=response,
        skill=skill,
        staff=staff,
        vacancies=vacancies,
        difficulty=difficulty,
        training_need=training,
    )


@pytest.fixture
def fixture():
    """Four published respondents, plus responses that must never count.

    Current round, category "Test data" (skills A and B), category "Test niche" (D):
      o1 small : A 10 staff, 2 vac, diff 4, training | B 1, 1, 2, no
      o2 small : A  5, 3, 5, no                      | B 2, 0, 3, training
      o3 medium: A  1, 0, 3, training                | B 4, 5, 4, training | D 7, 1, 5, training
      o4 micro : A  4, 1, 2, no
    Previous round: A from o1 (1 vac), o2 (1 vac), o3 (2 vac); D from o1 only.
    """
    previous = factories.SurveyRoundFactory(
        title="Round 2025", opens_on=TODAY - 400 * DAY, closes_on=TODAY - 300 * DAY
    )
    current = factories.SurveyRoundFactory(title="Round 2026")
    data = factories.SkillCategoryFactory(name="Test data", position=0)
    niche = factories.SkillCategoryFactory(name="Test niche", position=1)
    a = factories.SkillFactory(name="Skill A", category=data)
    b = factories.SkillFactory(name="Skill B", category=data)
    d = factories.SkillFactory(name="Skill D", category=niche)
    o1 = factories.OrganisationFactory(name="Org One", employee_band=B.SMALL)
    o2 = factories.OrganisationFactory(name="Org Two", employee_band=B.SMALL)
    o3 = factories.OrganisationFactory(name="Org Three", employee_band=B.MEDIUM)
    o4 = factories.OrganisationFactory(name="Org Four", employee_band=B.MICRO)

    r1 = factories.SurveyResponseFactory(
        round=current, organisation=o1, turned_away_work=SurveyResponse.TurnedAway.OFTEN
    )
    line(r1, a, 10, 2, 4, True)
    line(r1, b, 1, 1, 2, False)
    r2 = factories.SurveyResponseFactory(round=current, organisation=o2)
    line(r2, a, 5, 3, 5, False)
    line(r2, b, 2, 0, 3, True)
    r3 = factories.SurveyResponseFactory(round=current, organisation=o3)
    line(r3, a, 1, 0, 3, True)
    line(r3, b, 4, 5, 4, True)
    line(r3, d, 7, 1, 5, True)
    r4 = factories.SurveyResponseFactory(round=current, organisation=o4)
    line(r4, a, 4, 1, 2, False)

    # Never counted: not published, whatever their numbers.
    for status in (Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED):
        other = factories.SurveyResponseFactory(round=current, status=status)
        line(other, a, 1000, 1000, 1, True)
        line(other, d, 1000, 1000, 1, True)
    spam = factories.SurveyResponseFactory(round=current, organisation__status=Status.REJECTED)
    line(spam, a, 1000, 1000, 1, True)
    # A pending newer response from o1 does not replace its published one.
    pending_newer = factories.SurveyResponseFactory(
        round=current, organisation=o1, status=Status.PENDING
    )
    line(pending_newer, a, 999, 999, 1, False)

    for org, vacancies in ((o1, 1), (o2, 1), (o3, 2)):
        old = factories.SurveyResponseFactory(round=previous, organisation=org)
        line(old, a, 3, vacancies, 3, False)
    line(SurveyResponse.objects.get(round=previous, organisation=o1), d, 1, 9, 1, False)

    factories.CourseFactory(skills=[a])
    factories.CourseFactory(skills=[a], provider__status=Status.PENDING)  # provider not public
    factories.CourseFactory(skills=[b], is_active=False)
    return {"current": current, "previous": previous, "a": a, "b": b, "d": d}


def rows_by_name(result):
    return {(r[0], r[1]): r[2:] for r in maps.table_csv_rows(result)}


def test_the_figures_match_the_hand_computed_fixture(fixture):
    result = maps.build(survey_round=fixture["current"])
    rows = rows_by_name(result)
    # orgs, staff, vacancies, mean difficulty, training share, change, courses
    assert rows[("Test data", "Skill A")] == ["4", "20", "6", "3.5", "50%", "+2", "1"]
    assert rows[("Test data", "Skill B")] == ["3", "7", "6", "3.0", "67%", "not available", "0"]
    # Category: 4 organisations, 27 staff, 12 vacancies, 23/7 = 3.29, 3 of 4 need training.
    assert rows[("Test data", maps.ALL_SKILLS)] == ["4", "27", "12", "3.3", "75%", "", ""]
    few = "fewer than 3"
    assert rows[("Test niche", "Skill D")] == [few] * 5 + ["not available", "0"]
    assert rows[("Test niche", maps.ALL_SKILLS)] == [few] * 5 + ["", ""]

    row_a = next(r for r in result.skill_rows if r.skill == fixture["a"])
    assert row_a.figures.difficulty == pytest.approx(3.5)
    assert row_a.figures.training_share == pytest.approx(0.5)
    assert result.respondents == 4
    assert result.headline == {
        "respondents": 4,
        "headcount_change": 8,
        "turned_away": 1,
        "apprentices": 4,
    }
    assert [r.skill.name for r in result.hardest][:2] == ["Skill A", "Skill B"]
    # Gap: B has 6 vacancies and no course (6.0 per course); A has 6 and one course.
    assert [r.skill.name for r in result.gaps][:2] == ["Skill B", "Skill A"]


def test_the_previous_round_is_compared_with_its_own_responses(fixture):
    result = maps.build(survey_round=fixture["previous"])
    rows = rows_by_name(result)
    assert result.previous_round is None
    assert result.respondents == 3
    # orgs, staff, vacancies, difficulty, share, courses (no change column without a round before)
    assert rows[("Test data", "Skill A")] == ["3", "9", "4", "3.0", "0%", "1"]
    row_a = next(
        r
        for r in maps.build(survey_round=fixture["current"]).skill_rows
        if r.skill.name == "Skill A"
    )
    assert row_a.previous.vacancies == 4
    assert row_a.vacancy_change == 2
    assert row_a.difficulty_change == pytest.approx(0.5)


def test_filters_narrow_both_rounds(fixture):
    result = maps.build(survey_round=fixture["current"], size=B.SMALL)
    rows = rows_by_name(result)
    # Only o1 and o2 are small: two organisations, so everything is suppressed.
    assert rows[("Test data", "Skill A")][:5] == ["fewer than 3"] * 5
    assert result.respondents == 2
    assert not result.respondents_visible


def test_a_figure_from_two_organisations_is_suppressed_and_from_three_is_shown():
    current = factories.SurveyRoundFactory()
    skill = factories.SkillFactory(name="Skill S")
    for _ in range(2):
        response = factories.SurveyResponseFactory(round=current)
        line(response, skill, 5, 1, 2, True)
    row = rows_by_name(maps.build(survey_round=current))[(skill.category.name, "Skill S")]
    assert row[:5] == ["fewer than 3"] * 5

    response = factories.SurveyResponseFactory(round=current)
    line(response, skill, 5, 1, 2, True)
    row = rows_by_name(maps.build(survey_round=current))[(skill.category.name, "Skill S")]
    assert row[:5] == ["3", "15", "3", "2.0", "100%"]


def test_a_category_total_stays_and_the_smallest_skill_is_withheld_against_subtraction():
    current = factories.SurveyRoundFactory()
    category = factories.SkillCategoryFactory(name="Secondary")
    shown = factories.SkillFactory(name="Shown skill", category=category)
    other = factories.SkillFactory(name="Other skill", category=category)
    rare = factories.SkillFactory(name="Rare skill", category=category)
    responses = [factories.SurveyResponseFactory(round=current) for _ in range(4)]
    for response in responses:
        line(response, shown, 2, 1, 3, False)
    for response in responses[:3]:
        line(response, other, 1, 1, 3, False)
    rows = rows_by_name(maps.build(survey_round=current))
    assert rows[("Secondary", maps.ALL_SKILLS)][:3] == ["4", "11", "7"]

    line(responses[0], rare, 40, 9, 5, True)
    rows = rows_by_name(maps.build(survey_round=current))
    assert rows[("Secondary", "Rare skill")][:3] == ["fewer than 3"] * 3
    # The total minus "Shown skill" and "Other skill" would give one organisation's 40
    # staff. The total (4 organisations) stays; the smallest visible skill ("Other
    # skill", 3 organisations) is withheld, so subtraction leaves 4 organisations' sum.
    assert rows[("Secondary", maps.ALL_SKILLS)][:3] == ["4", "51", "16"]
    assert rows[("Secondary", "Other skill")][:3] == ["3", "withheld", "withheld"]
    assert rows[("Secondary", "Shown skill")][:3] == ["4", "8", "4"]


def test_heatmap_cells_are_suppressed_and_protected_from_subtraction():
    current = factories.SurveyRoundFactory()
    skill = factories.SkillFactory(name="Heat skill")
    for band, n in ((B.SMALL, 3), (B.MEDIUM, 4), (B.LARGE, 1)):
        for _ in range(n):
            response = factories.SurveyResponseFactory(
                round=current, organisation__employee_band=band
            )
            line(response, skill, 1, 2, 3, False)
    result = maps.build(survey_round=current)
    rows = {r[0]: r[1:] for r in maps.heatmap_rows(result)}
    # Bands: micro, small, medium, large. Large has one organisation; the smallest
    # visible cell (small, 3 organisations) is withheld so large cannot be derived.
    assert rows["Heat skill"] == ["fewer than 3", "withheld", "8", "fewer than 3"]


class TableText(HTMLParser):
    """Text of each row of the table with class skills-table, without hidden text."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_table, self.cell, self.hidden = [], False, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "skills-table" in (attrs.get("class") or ""):
            self.in_table = True
        elif self.in_table and tag == "tbody":
            self.in_body = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "span":
            classes = attrs.get("class") or ""
            self.hidden += 1 if self.hidden or "visually-hidden" in classes else 0

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.in_table and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.hidden and tag == "span":
            self.hidden -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def table_text(content):
    parser = TableText()
    parser.feed(content.decode())
    return parser.rows


def test_the_csv_holds_exactly_what_the_page_shows(client, fixture):
    factories.AreaFactory(name="Ouseburn")
    params = {"round": fixture["current"].slug}
    download = client.get(reverse("people:skills_map"), {**params, "format": "csv"})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    csv_header, *csv_rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert ["Test data", "Skill A", "4", "20", "6", "3.5", "50%", "+2", "1"] in csv_rows

    # The overview: one row per category, its link, its skill count and the CSV's
    # category figures (organisations to training share).
    overview = client.get(reverse("people:skills_map"), params)
    assert overview.status_code == 200
    header, *body = table_text(overview.content)
    assert header == [
        "Category",
        "Skills",
        "Organisations reporting",
        "Staff with these skills",
        "Vacancies, next 12 months",
        "Mean difficulty to recruit (1 to 5)",
        "Share with a training need",
    ]
    totals = [row for row in csv_rows if row[1] == maps.ALL_SKILLS]
    assert body == [
        [row[0], str(sum(1 for r in csv_rows if r[0] == row[0]) - 1), *row[2:7]] for row in totals
    ]
    slugs = re.findall(
        r'href="\?round=round-2026&amp;category=([\w-]+)"', overview.content.decode()
    )
    assert slugs[:2] == ["test-data", "test-niche"]
    assert len(slugs) == len(totals)

    # Each category's page: its total, then its skills, exactly as in the CSV.
    shown = []
    for slug in slugs:
        page = client.get(reverse("people:skills_map"), {**params, "category": slug})
        header, *body = table_text(page.content)
        assert header == csv_header[1:]
        shown += body
    assert len(shown) == len(csv_rows)
    for page_row, csv_row in zip(shown, csv_rows, strict=True):
        name = f"{csv_row[0]} (all skills)" if csv_row[1] == maps.ALL_SKILLS else csv_row[1]
        assert page_row == [name, *csv_row[2:]]


def test_the_csv_download_holds_every_skill_whichever_category_is_shown(client, fixture):
    page = client.get(reverse("people:skills_map"), {"category": "test-niche"})
    # The download links drop the category: the files always hold every skill.
    assert b'href="?format=csv"' in page.content
    assert b'href="?format=heatmap-csv"' in page.content
    assert b"Skill A" not in page.content  # another category's skill
    download = client.get(reverse("people:skills_map"), {"category": "test-niche", "format": "csv"})
    names = [row[1] for row in csv.reader(io.StringIO(download.content.decode()))]
    assert {"Skill A", "Skill B", "Skill D"} <= set(names)


def test_csv_cells_cannot_run_as_formulas(fixture):
    fixture["a"].name = '=HYPERLINK("http://evil")'
    fixture["a"].save()
    result = maps.build(survey_round=fixture["current"])
    out = io.StringIO()
    maps.write_csv(out, maps.table_header(result), maps.table_csv_rows(result))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [
        "Test data",
        '\'=HYPERLINK("http://evil")',
        "4",
        "20",
        "6",
        "3.5",
        "50%",
        "+2",
        "1",
    ] in rows


def test_the_page_never_shows_unpublished_numbers(client, fixture):
    content = client.get(reverse("people:skills_map"), {"round": "round-2026"}).content
    assert b"1,000" not in content and b"999" not in content
    assert b"Org One" not in content  # no organisation is ever named


def _responses(survey_round, skills, count):
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulk {n}",
                slug=f"bulk-{survey_round.pk}-{n}",
                kind=Organisation.Kind.SME,
                summary="Bulk.",
                area=factories.AreaFactory(name="Bulk area"),
                employee_band=[b for b, _ in B.choices][n % 4],
                contact_email=f"bulk{n}@example.com",
                status=Status.PUBLISHED,
            )
            for n in range(count)
        ]
    )
    responses = SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                round=survey_round,
                organisation=org,
                headcount_change=1,
                turned_away_work="never",
                apprentices=0,
                contact_email=org.contact_email,
                status=Status.PUBLISHED,
            )
            for org in organisations
        ]
    )
    SkillLine.objects.bulk_create(
        [
            SkillLine(response=r, skill=s, staff=3, vacancies=n % 5, difficulty=1 + n % 5)
            for n, r in enumerate(responses)
            for s in skills
        ]
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_map_takes_the_same_queries_for_10_or_1000_responses(
    client, count, django_assert_max_num_queries
):
    previous = factories.SurveyRoundFactory(opens_on=TODAY - 400 * DAY, closes_on=TODAY - 300 * DAY)
    current = factories.SurveyRoundFactory()
    category = factories.SkillCategoryFactory()
    skills = [factories.SkillFactory(category=category) for _ in range(5)]
    _responses(previous, skills, count)
    _responses(current, skills, count)
    factories.CourseFactory(skills=skills[:2])
    client.get(reverse("people:skills_map"))  # builds both rounds' summaries
    # 1 the started rounds (the latest, the one before it and the form's options), 2-4 the
    # form's areas, sectors and categories (a query each), 5 skills with categories, 6 the
    # freshness check of both rounds, 7 the summary of both rounds with the course counts.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("people:skills_map"))
    assert response.status_code == 200
    assert f"Built from {count:,} organisations".encode() in response.content or (
        f"Built from {count} organisations".encode() in response.content
    )
    # A chosen round is found among the started rounds already read.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("people:skills_map"), {"round": previous.slug})
    assert f'<h2 class="heading-m">{previous.title}</h2>'.encode() in response.content
    # The same, plus one query for the chosen category (the form checks it).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:skills_map"), {"category": category.slug})
    assert response.content.count(b'<td class="heat heat--') == 4 * len(skills)


def test_the_heatmap_csv_matches_the_heatmap(client):
    current = factories.SurveyRoundFactory()
    skill = factories.SkillFactory(name="Heat CSV skill")
    for _ in range(3):
        response = factories.SurveyResponseFactory(
            round=current, organisation__employee_band=B.MEDIUM
        )
        line(response, skill, 1, 4, 3, False)
    download = client.get(reverse("people:skills_map"), {"format": "heatmap-csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == [
        "Skill",
        "Vacancies: 1 to 9 people",
        "Vacancies: 10 to 49 people",
        "Vacancies: 50 to 249 people",
        "Vacancies: 250 or more people",
    ]
    assert rows[1:] == [["Heat CSV skill", "fewer than 3", "fewer than 3", "12", "fewer than 3"]]
    params = {"category": skill.category.slug}
    page = client.get(reverse("people:skills_map"), params).content.decode()
    assert '<td class="heat heat--4">12</td>' in page
    # The overview does not repeat the heatmap.
    assert "heat--" not in client.get(reverse("people:skills_map")).content.decode()


def test_the_previous_round_from_the_started_rounds_is_the_one_the_database_finds(client):
    oldest = factories.SurveyRoundFactory(opens_on=TODAY - 800 * DAY, closes_on=TODAY - 700 * DAY)
    middle = factories.SurveyRoundFactory(opens_on=TODAY - 400 * DAY, closes_on=TODAY - 300 * DAY)
    current = factories.SurveyRoundFactory()
    factories.SurveyRoundFactory(opens_on=TODAY + 300 * DAY, closes_on=TODAY + 360 * DAY)
    started = list(SurveyRound.objects.started())
    assert started == [current, middle, oldest]
    for survey_round in started:
        assert survey_round.previous(among=started) == survey_round.previous()
    assert [current.previous(), middle.previous(), oldest.previous()] == [middle, oldest, None]
    # The page compares the chosen round with the one before it, not with a later one.
    page = client.get(reverse("people:skills_map"), {"round": middle.slug})
    assert f"Changes are measured against {oldest.title}".encode() in page.content
    page = client.get(reverse("people:skills_map"), {"round": oldest.slug})
    assert b"Changes are measured against" not in page.content


def test_only_started_rounds_are_offered_or_chosen_and_an_unknown_one_is_ignored(
    client, django_assert_max_num_queries
):
    previous = factories.SurveyRoundFactory(opens_on=TODAY - 400 * DAY, closes_on=TODAY - 300 * DAY)
    current = factories.SurveyRoundFactory()
    future = factories.SurveyRoundFactory(opens_on=TODAY + 300 * DAY, closes_on=TODAY + 360 * DAY)
    url = reverse("people:skills_map")
    page = client.get(url).content.decode()
    options = re.findall(
        r'<option value="([^"]*)"', page.split('name="round"')[1].split("</select>")[0]
    )
    assert options == [current.slug, previous.slug]
    assert f'<h2 class="heading-m">{current.title}</h2>' in page
    page = client.get(url, {"round": previous.slug}).content.decode()
    assert f'<h2 class="heading-m">{previous.title}</h2>' in page
    # A round not yet started, or no round at all, shows the latest, with the error; the
    # chosen round is looked for among the rows already read, not in a query of its own.
    for unknown in (future.slug, "no-such-round", current.slug.upper()):
        client.get(url, {"round": unknown})
        # The rounds, the form's three option lists, the skills, the freshness check and
        # the summary.
        with django_assert_max_num_queries(7):
            page = client.get(url, {"round": unknown}).content.decode()
        assert f'<h2 class="heading-m">{current.title}</h2>' in page
        assert future.title not in page
        assert "That choice is not one of the available choices." in page


def test_the_hardest_and_gaps_tables_show_each_skill_with_its_figures_and_course_link(
    client, fixture
):
    fixture["b"].name = "Skill B & <Co>"
    fixture["b"].save()
    page = client.get(reverse("people:skills_map")).content.decode()
    hardest = page.split('id="hardest"')[1].split('id="gaps"')[0]
    gaps = page.split('id="gaps"')[1].split('id="downloads"')[0]
    # Difficulty: A 3.5 (was 3.0 in the previous round), B 3.0 (no previous figure).
    names = re.findall(r'<th scope="row">(.*?)</th>', hardest)
    assert names == ["Skill A", "Skill B &amp; &lt;Co&gt;"]
    assert "The 2 skills with the highest mean difficulty" in hardest
    assert '<span class="bar__fill bar--w70"></span></span>3.5</td>' in hardest
    assert "<td>6</td>\n          <td>+0.5</td>" in hardest
    assert "<td>not available</td>" in hardest
    # B: no course teaches it (6.0 vacancies per course); A: one course, linked.
    assert '<td>1</td><th scope="row">Skill B &amp; &lt;Co&gt;</th><td>6</td>' in gaps
    assert "<td>none</td>\n          <td>6.0</td>" in gaps
    courses = reverse("people:courses")
    assert (
        f'<td>2</td><th scope="row">Skill A</th><td>6</td>\n          <td><a href="{courses}'
        f'?skill={fixture["a"].slug}">1<span class="visually-hidden"> courses teaching Skill A'
        "</span></a></td>\n          <td>6.0</td>"
    ) in gaps
    assert "Skill D" not in hardest + gaps  # suppressed: fewer than three organisations


def test_a_category_link_replaces_an_unknown_category_where_it_stood(client, fixture):
    page = client.get(reverse("people:skills_map"), {"category": "nope", "size": B.SMALL})
    links = re.findall(r'<th scope="row"><a href="([^"]*)">([^<]*)</a>', page.content.decode())
    assert (f"?category=test-data&amp;size={B.SMALL}", "Test data") in links
    assert (f"?category=test-niche&amp;size={B.SMALL}", "Test niche") in links
    assert all(re.fullmatch(rf"\?category=[\w-]+&amp;size={B.SMALL}", href) for href, _ in links)


def test_the_demo_data_shows_every_category_and_most_skills_by_default():
    from apps.core import demodata

    demodata.load(["core", "profile", "people"])
    current = SurveyRound.objects.order_by("-opens_on").first()
    result = maps.build(survey_round=current)
    assert result.categories
    hidden = [c.category.name for c in result.categories if not c.figures.visible]
    assert hidden == [], f"category totals hidden by default: {hidden}"
    shown = sum(row.figures.visible for row in result.skill_rows)
    assert shown > len(result.skill_rows) / 2, f"only {shown} of {len(result.skill_rows)} skills"
