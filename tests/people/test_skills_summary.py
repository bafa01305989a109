"""The skills map's summary table: its figures against the live data for every filter,
and its freshness after every kind of change, whichever way the change is made."""

import itertools
import random

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.people import skills_map as maps
from apps.people import summary
from apps.people.models import (
    Course,
    Skill,
    SkillLine,
    SkillsSummary,
    SkillsSummaryBuilt,
    SkillsSummaryGeneration,
    SurveyResponse,
)
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
B = Organisation.EmployeeBand
TODAY = timezone.localdate()
DAY = timezone.timedelta(days=1)


# The reference: the figures worked out in Python from the ORM's own definition of the
# responses that count, as the map computed them before the summary existed.


def live(survey_round, **filters):
    responses = list(
        SurveyResponse.objects.counted(survey_round, **filters).select_related("organisation")
    )
    lines = list(
        SkillLine.objects.filter(response__in=[r.pk for r in responses]).select_related(
            "skill", "response__organisation"
        )
    )

    def figures(group):
        orgs = {line.response.organisation_id for line in group}
        return {
            "orgs": len(orgs),
            "staff": sum(line.staff for line in group),
            "vacancies": sum(line.vacancies for line in group),
            "difficulty": sum(line.difficulty for line in group) / len(group),
            "training": len(
                {line.response.organisation_id for line in group if line.training_need}
            ),
        }

    by = {}
    for line in lines:
        band = line.response.organisation.employee_band
        by.setdefault(("skill", line.skill_id), []).append(line)
        by.setdefault(("category", line.skill.category_id), []).append(line)
        by.setdefault(("heat", line.skill_id, band), []).append(line)
    return {
        "figures": {key: figures(group) for key, group in by.items()},
        "lines": lines,
        "headline": {
            "respondents": len(responses),
            "headcount_change": sum(r.headcount_change for r in responses) if responses else None,
            "turned_away": sum(r.turned_away_work != "never" for r in responses),
            "apprentices": sum(r.apprentices for r in responses) if responses else None,
        },
    }


def as_dict(figures):
    return {
        "orgs": figures.orgs,
        "staff": figures.staff,
        "vacancies": figures.vacancies,
        "difficulty": figures.difficulty,
        "training": figures.training,
    }


def assert_same_as_live(result, survey_round, previous_round, **filters):
    now = live(survey_round, **filters)
    before = live(previous_round, **filters) if previous_round else None
    assert result.headline == now["headline"]
    assert result.respondents == now["headline"]["respondents"]
    if before:
        assert result.previous_respondents == before["headline"]["respondents"]
    courses = {}
    for course in Course.objects.listed().prefetch_related("skills"):
        for skill in course.skills.all():
            courses[skill.pk] = courses.get(skill.pk, 0) + 1
    for category in result.categories:
        expected = now["figures"].get(("category", category.category.pk))
        assert as_dict(category.figures) == (expected or as_dict(maps.empty()))
        suppressed_ids = {r.skill.pk for r in category.skills if not r.figures.visible}
        residual = {
            line.response.organisation_id
            for line in now["lines"]
            if line.skill_id in suppressed_ids
        }
        withheld = category.figures.orgs >= maps.SUPPRESS_BELOW and 0 < len(residual) < 3
        assert (category.figures.suppressed == maps.WITHHELD) == withheld
        for row in category.skills:
            expected = now["figures"].get(("skill", row.skill.pk))
            assert as_dict(row.figures) == (expected or as_dict(maps.empty()))
            assert row.courses == courses.get(row.skill.pk, 0)
            if before:
                expected = before["figures"].get(("skill", row.skill.pk))
                assert as_dict(row.previous) == (expected or as_dict(maps.empty()))
    for skill_row, cells in result.heatmap:
        for (band, _label), cell in zip(result.bands, cells, strict=True):
            expected = now["figures"].get(("heat", skill_row.skill.pk, band))
            assert (cell.orgs, cell.vacancies) == (
                (expected["orgs"], expected["vacancies"]) if expected else (0, 0)
            )


@pytest.fixture
def survey_data():
    """Three rounds of random answers from organisations of every size in two areas and
    three sectors (some in two sectors, one in none), with responses that must not count:
    a rejected organisation's, superseded ones, pending ones, and a retired skill's lines."""
    rng = random.Random(9)
    rounds = [
        factories.SurveyRoundFactory(
            title=f"Round {n}",
            opens_on=TODAY - (30 + 400 * (2 - n)) * DAY,
            closes_on=TODAY - (400 * (2 - n) - 30) * DAY,
        )
        for n in range(3)
    ]
    areas = [factories.AreaFactory(name=f"Summary area {n}") for n in range(2)]
    sectors = [factories.SectorFactory(name=f"Summary sector {n}") for n in range(3)]
    categories = [factories.SkillCategoryFactory(name=f"Summary category {n}") for n in range(2)]
    skills = [
        factories.SkillFactory(name=f"Summary skill {n}", category=categories[n % 2])
        for n in range(6)
    ]
    retired = factories.SkillFactory(name="Retired skill", category=categories[0], is_active=False)
    bands = [value for value, _label in B.choices]
    organisations = []
    for n in range(28):
        organisation = factories.OrganisationFactory(
            name=f"Summary org {n}",
            employee_band=bands[n % 4],
            area=areas[n % 2],
            sectors=[] if n == 0 else rng.sample(sectors, 1 + n % 2),
        )
        organisations.append(organisation)
    organisations[5].status = Status.REJECTED
    organisations[5].save()

    def respond(survey_round, organisation, **kwargs):
        response = factories.SurveyResponseFactory(
            round=survey_round,
            organisation=organisation,
            headcount_change=rng.randint(-3, 5),
            apprentices=rng.randint(0, 3),
            turned_away_work=rng.choice(["never", "sometimes", "often"]),
            **kwargs,
        )
        for skill in rng.sample([*skills, retired], rng.randint(1, 5)):
            factories.SkillLineFactory(
                response=response,
                skill=skill,
                staff=rng.randint(0, 20),
                vacancies=rng.randint(0, 6),
                difficulty=rng.randint(1, 5),
                training_need=rng.random() < 0.4,
            )
        return response

    for survey_round in rounds:
        for organisation in organisations:
            if rng.random() < 0.85:
                respond(survey_round, organisation)
        # A newer published response replaces the older one; a pending one does not.
        respond(survey_round, organisations[1], submitted_at=timezone.now() + DAY)
        respond(survey_round, organisations[2], status=Status.PENDING)
    factories.CourseFactory(skills=skills[:2])
    factories.CourseFactory(skills=skills[1:3])
    factories.CourseFactory(skills=skills[:1], provider__status=Status.PENDING)
    factories.CourseFactory(skills=skills[3:4], is_active=False)
    return {"rounds": rounds, "areas": areas, "sectors": sectors, "skills": skills}


def test_the_summary_gives_the_live_figures_for_every_filter(survey_data):
    rounds, areas, sectors = survey_data["rounds"], survey_data["areas"], survey_data["sectors"]
    combinations = itertools.product(
        rounds, [None, *areas], [None, *(value for value, _label in B.choices)], [None, *sectors]
    )
    checked = 0
    for survey_round, area, size, sector in combinations:
        result = maps.build(survey_round=survey_round, area=area, size=size, sector=sector)
        previous = rounds[rounds.index(survey_round) - 1] if survey_round != rounds[0] else None
        assert result.previous_round == previous
        assert_same_as_live(result, survey_round, previous, area=area, size=size, sector=sector)
        checked += 1
    assert checked == 3 * 3 * 5 * 4
    # The fixture is not trivially empty: the unfiltered map shows figures.
    result = maps.build(survey_round=rounds[2])
    assert result.respondents >= 20
    assert any(row.figures.visible for row in result.skill_rows)


def category_row(survey_round, category):
    return next(
        c for c in maps.build(survey_round=survey_round).categories if c.category == category
    )


def test_secondary_suppression_counts_organisations_shared_by_hidden_skills():
    """Two hidden skills reported by the same two organisations leave two organisations
    behind the category total minus the visible skills: the smallest visible skill is
    withheld (never the total); by three different ones, three: nothing more withheld."""
    current = factories.SurveyRoundFactory()
    category = factories.SkillCategoryFactory(name="Overlap")
    shown = factories.SkillFactory(name="Common skill", category=category)
    rare = [factories.SkillFactory(name=f"Rare {n}", category=category) for n in range(2)]
    responses = [factories.SurveyResponseFactory(round=current) for _ in range(4)]
    for response in responses[:3]:
        factories.SkillLineFactory(response=response, skill=shown)
    for skill in rare:
        for response in responses[:2]:
            factories.SkillLineFactory(response=response, skill=skill)
    overlap = category_row(current, category)
    assert [row.figures.suppressed for row in overlap.skills] == [maps.WITHHELD, "few", "few"]
    assert overlap.figures.suppressed is None

    factories.SkillLineFactory(response=responses[3], skill=rare[1])
    overlap = category_row(current, category)
    # Rare 0 from organisations 0 and 1, Rare 1 from 0, 1 and 3: Rare 1 is now shown,
    # and Rare 0 alone hides two organisations: Rare 1 (3 organisations, the fewest
    # vacancies on a tie with Common skill) or Common skill is withheld, one of them.
    assert [row.figures.visible for row in overlap.skills].count(False) == 2
    assert [row.figures.suppressed for row in overlap.skills].count(maps.WITHHELD) == 1
    assert overlap.figures.suppressed is None

    SkillLine.objects.filter(skill=rare[1], response=responses[0]).delete()
    SkillLine.objects.filter(skill=rare[0], response=responses[1]).update(response=responses[2])
    overlap = category_row(current, category)
    # Rare 0 from organisations 0 and 2, Rare 1 from 1 and 3: four organisations hidden.
    assert [row.figures.suppressed for row in overlap.skills] == [None, "few", "few"]
    assert overlap.figures.suppressed is None


# Freshness: every change reaches the map, however it is made.


@pytest.fixture
def small_map():
    """One round, one skill reported by three small organisations in one area."""
    survey_round = factories.SurveyRoundFactory()
    area = factories.AreaFactory(name="Fresh area")
    sector = factories.SectorFactory(name="Fresh sector")
    skill = factories.SkillFactory(name="Fresh skill")
    organisations = [
        factories.OrganisationFactory(
            name=f"Fresh {n}", area=area, employee_band=B.SMALL, sectors=[sector]
        )
        for n in range(3)
    ]
    for organisation in organisations:
        response = factories.SurveyResponseFactory(round=survey_round, organisation=organisation)
        factories.SkillLineFactory(response=response, skill=skill, staff=2, vacancies=1)
    return {
        "round": survey_round,
        "area": area,
        "sector": sector,
        "skill": skill,
        "organisations": organisations,
    }


def skill_row(survey_round, skill, **filters):
    return next(
        r for r in maps.build(survey_round=survey_round, **filters).skill_rows if r.skill == skill
    )


def test_approving_a_response_changes_the_map(small_map, admin_user):
    survey_round, skill = small_map["round"], small_map["skill"]
    assert skill_row(survey_round, skill).figures.orgs == 3
    response = factories.SurveyResponseFactory(round=survey_round, status=Status.PENDING)
    factories.SkillLineFactory(response=response, skill=skill, vacancies=5)
    assert skill_row(survey_round, skill).figures.orgs == 3  # pending: not counted
    moderation.submission_approve(obj=response, by=admin_user)
    figures = skill_row(survey_round, skill).figures
    assert (figures.orgs, figures.vacancies) == (4, 8)


def test_the_approval_rebuilds_the_summary_once_it_commits(
    small_map, admin_user, django_capture_on_commit_callbacks
):
    survey_round = small_map["round"]
    maps.build(survey_round=survey_round)
    response = factories.SurveyResponseFactory(round=survey_round, status=Status.PENDING)
    factories.SkillLineFactory(response=response, skill=small_map["skill"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        moderation.submission_approve(obj=response, by=admin_user)
    assert callbacks
    # Fresh: the next visitor reads it without rebuilding.
    assert summary.stale([survey_round.pk]) == []


def test_rejecting_the_organisation_with_a_queryset_update_changes_the_map(small_map):
    survey_round, skill = small_map["round"], small_map["skill"]
    assert skill_row(survey_round, skill).figures.orgs == 3
    Organisation.objects.filter(pk=small_map["organisations"][0].pk).update(status=Status.REJECTED)
    assert skill_row(survey_round, skill).figures.orgs == 2
    Organisation.objects.filter(pk=small_map["organisations"][0].pk).update(status=Status.ARCHIVED)
    assert skill_row(survey_round, skill).figures.orgs == 3


def test_an_organisation_changing_size_area_or_sectors_moves_its_figures(small_map):
    survey_round, skill = small_map["round"], small_map["skill"]
    area, sector = small_map["area"], small_map["sector"]
    first = small_map["organisations"][0]
    assert skill_row(survey_round, skill, size=B.SMALL).figures.orgs == 3
    Organisation.objects.filter(pk=first.pk).update(employee_band=B.LARGE)
    assert skill_row(survey_round, skill, size=B.SMALL).figures.orgs == 2
    assert skill_row(survey_round, skill, size=B.LARGE).figures.orgs == 1

    assert skill_row(survey_round, skill, area=area).figures.orgs == 3
    Organisation.objects.filter(pk=first.pk).update(area=factories.AreaFactory(name="Elsewhere"))
    assert skill_row(survey_round, skill, area=area).figures.orgs == 2

    assert skill_row(survey_round, skill, sector=sector).figures.orgs == 3
    first.sectors.clear()
    assert skill_row(survey_round, skill, sector=sector).figures.orgs == 2
    assert skill_row(survey_round, skill).figures.orgs == 3


def test_edits_that_do_not_touch_the_figures_keep_the_summary(small_map):
    survey_round = small_map["round"]
    maps.build(survey_round=survey_round)
    Organisation.objects.filter(pk=small_map["organisations"][0].pk).update(name="Renamed")
    SurveyResponse.objects.filter(round=survey_round).update(contact_name="Someone else")
    factories.SurveyResponseFactory(round=survey_round, status=Status.PENDING)
    assert summary.stale([survey_round.pk]) == []


def test_a_newer_response_replaces_the_older_one_and_rejecting_it_brings_it_back(
    small_map, admin_user
):
    survey_round, skill = small_map["round"], small_map["skill"]
    organisation = small_map["organisations"][0]
    newer = factories.SurveyResponseFactory(
        round=survey_round,
        organisation=organisation,
        status=Status.PENDING,
        submitted_at=timezone.now() + DAY,
    )
    factories.SkillLineFactory(response=newer, skill=skill, staff=2, vacancies=11)
    assert skill_row(survey_round, skill).figures.vacancies == 3
    moderation.submission_approve(obj=newer, by=admin_user)
    assert skill_row(survey_round, skill).figures.vacancies == 13
    moderation.submission_reject(obj=newer, by=admin_user, reason="Sent by mistake.")
    assert skill_row(survey_round, skill).figures.vacancies == 3


def test_line_edits_courses_and_categories_reach_the_map(small_map):
    survey_round, skill = small_map["round"], small_map["skill"]
    SkillLine.objects.filter(skill=skill).update(vacancies=4)
    assert skill_row(survey_round, skill).figures.vacancies == 12

    course = factories.CourseFactory(skills=[skill])
    assert skill_row(survey_round, skill).courses == 1
    Course.objects.filter(pk=course.pk).update(is_active=False)
    assert skill_row(survey_round, skill).courses == 0
    Course.objects.filter(pk=course.pk).update(is_active=True)
    Organisation.objects.filter(pk=course.provider_id).update(status=Status.PENDING)
    assert skill_row(survey_round, skill).courses == 0

    other = factories.SkillCategoryFactory(name="Moved to")
    Skill.objects.filter(pk=skill.pk).update(category=other)
    assert category_row(survey_round, other).figures.orgs == 3


def test_a_stale_round_is_rebuilt_once_then_read_in_two_queries(
    client, small_map, django_assert_num_queries
):
    client.get(reverse("people:skills_map"))
    SkillLine.objects.filter(skill=small_map["skill"]).update(vacancies=7)
    page = client.get(reverse("people:skills_map"), {"category": small_map["skill"].category.slug})
    assert b"<td>21</td>" in page.content or b">21<" in page.content
    assert SkillsSummaryBuilt.objects.count() == 2  # the round and the course counts
    # 1 the freshness check of the round and the course counts, 2 the rows.
    with django_assert_num_queries(2):
        rows = summary.read(round_ids=[small_map["round"].pk])
    assert {row.kind for row in rows} == {"skill", "category", "responses"}


@pytest.mark.parametrize("model", [SkillsSummary, SkillsSummaryBuilt, SkillsSummaryGeneration])
def test_the_unmanaged_models_describe_the_summary_tables(model):
    # The tables are made by SQL migrations; a column added or renamed there without the
    # model (or the other way round) fails here rather than on a page.
    with connection.cursor() as cursor:
        columns = {
            column.name: column
            for column in connection.introspection.get_table_description(
                cursor, model._meta.db_table
            )
        }
    fields = {field.column: field for field in model._meta.concrete_fields}
    assert set(columns) == set(fields)
    for name, field in fields.items():
        assert bool(columns[name].null_ok) == field.null, name
