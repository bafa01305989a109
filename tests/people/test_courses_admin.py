"""Courses, the admin, the analysts' group, database constraints and the demo loader."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import demodata
from apps.core.moderation.models import Status
from apps.people.models import Course, SkillLine, SurveyResponse, SurveyRound
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def courses():
    python = factories.SkillFactory(name="Course Python")
    cyber = factories.SkillFactory(name="Course Cyber")
    return {
        "free": factories.CourseFactory(
            title="Free Python evenings",
            skills=[python],
            cost=0,
            mode=Course.Mode.ONLINE,
            next_start=TODAY + datetime.timedelta(days=10),
        ),
        "paid": factories.CourseFactory(
            title="Paid cyber week",
            skills=[cyber],
            cost=1200,
            level=Course.Level.ADVANCED,
            next_start=TODAY + datetime.timedelta(days=90),
        ),
        "inactive": factories.CourseFactory(
            title="Retired course", skills=[python], is_active=False
        ),
        "hidden": factories.CourseFactory(
            title="Pending provider course", skills=[python], provider__status=Status.PENDING
        ),
        "python": python,
    }


def titles(client, **params):
    response = client.get(reverse("people:courses"), params)
    assert response.status_code == 200
    return {c.title for c in response.context["page_obj"].object_list}


def test_courses_filter_by_skill_level_mode_cost_and_start(client, courses):
    assert titles(client) == {"Free Python evenings", "Paid cyber week"}
    assert titles(client, skill=courses["python"].slug) == {"Free Python evenings"}
    assert titles(client, level="advanced") == {"Paid cyber week"}
    assert titles(client, mode="online") == {"Free Python evenings"}
    assert titles(client, cost="free") == {"Free Python evenings"}
    assert titles(client, cost="paid") == {"Paid cyber week"}
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    assert titles(client, starts_after=later) == {"Paid cyber week"}
    assert titles(client, starts_before=later) == {"Free Python evenings"}


def test_unlisted_courses_never_show(client, courses):
    content = client.get(reverse("people:courses")).content
    assert b"Retired course" not in content
    assert b"Pending provider course" not in content


def test_the_map_links_each_skill_to_its_courses(client, courses):
    factories.SurveyRoundFactory()
    category = courses["python"].category.slug
    content = client.get(reverse("people:skills_map"), {"category": category}).content.decode()
    assert f'href="/skills/courses/?skill={courses["python"].slug}"' in content
    assert "style=" not in content and "<script>" not in content


def test_the_survey_is_in_the_main_navigation(client):
    factories.SurveyRoundFactory()
    assert b'href="/skills/"' in client.get("/").content


@pytest.mark.parametrize(
    "model", ["skillcategory", "skill", "surveyround", "surveyresponse", "course"]
)
def test_admin_pages_work(admin_client, model):
    line = factories.SkillLineFactory()
    factories.CourseFactory(skills=[line.skill])
    objects = {
        "skillcategory": line.skill.category,
        "skill": line.skill,
        "surveyround": line.response.round,
        "surveyresponse": line.response,
        "course": Course.objects.get(),
    }
    changelist = reverse(f"admin:people_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "x"}).status_code == 200
    assert admin_client.get(reverse(f"admin:people_{model}_add")).status_code == 200
    change = admin_client.get(reverse(f"admin:people_{model}_change", args=[objects[model].pk]))
    assert change.status_code == 200
    if model == "surveyresponse":
        assert b"lines-0-skill" in change.content


def test_analysts_can_view_but_not_change(client, staff_login):
    group = Group.objects.get(name="Data analyst")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_surveyresponse", "view_skillline", "view_course"} <= codenames
    assert not any(c.startswith(("add_", "change_", "delete_")) for c in codenames)
    analyst = factories.UserFactory(username="analyst", is_staff=True)
    analyst.groups.add(group)
    staff_login(client, analyst)
    assert client.get(reverse("admin:people_surveyresponse_changelist")).status_code == 200
    assert client.get(reverse("admin:people_surveyresponse_add")).status_code == 403


def test_the_database_refuses_impossible_lines_and_overlapping_rounds():
    line = factories.SkillLineFactory()
    for field, value in (("difficulty", 6), ("difficulty", 0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            SkillLine.objects.filter(pk=line.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillLine.objects.create(
            response=line.response, skill=line.skill, staff=1, vacancies=1, difficulty=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SurveyRoundFactory()  # overlaps the open round made above


def test_the_default_taxonomy_ships_with_the_migrations():
    from apps.people.models import Skill, SkillCategory

    assert SkillCategory.objects.filter(slug="cyber-security").exists()
    assert (
        60
        <= Skill.objects.filter(
            category__slug__in=[
                "software-engineering",
                "data-and-ai",
                "cyber-security",
                "cloud-and-infrastructure",
                "product-design-and-delivery",
                "digital-marketing-and-commerce",
                "emerging-and-specialist-technology",
            ]
        ).count()
        <= 100
    )
    assert Skill.objects.get(slug="python").sfia_code == "PROG"


def test_the_demo_loads_twice_without_duplicating(settings):
    demodata.load(["core", "profile", "people"])
    counts = (
        SurveyRound.objects.count(),
        SurveyResponse.objects.count(),
        SkillLine.objects.count(),
        Course.objects.count(),
    )
    demodata.load(["core", "profile", "people"])
    assert counts == (
        SurveyRound.objects.count(),
        SurveyResponse.objects.count(),
        SkillLine.objects.count(),
        Course.objects.count(),
    )
    assert SurveyRound.objects.open().count() == 1
    assert SurveyResponse.objects.current().count() >= 36


def test_staff_get_a_form_error_for_an_overlapping_round(admin_client):
    existing = factories.SurveyRoundFactory()
    response = admin_client.post(
        reverse("admin:people_surveyround_add"),
        {
            "title": "Overlapping",
            "slug": "overlapping",
            "opens_on": existing.closes_on.isoformat(),
            "closes_on": (existing.closes_on + datetime.timedelta(days=10)).isoformat(),
            "introduction": "",
        },
    )
    assert response.status_code == 200
    assert "Rounds may not overlap" in str(response.context["adminform"].form.errors)
    assert SurveyRound.objects.count() == 1
