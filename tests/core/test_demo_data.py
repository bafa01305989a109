"""The demo data loader: YAML sets written by natural key, in dependency order, idempotently."""

import datetime
import io
from collections import Counter

import pytest
import yaml
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from apps.core import demodata
from apps.funding.models import Opportunity
from apps.people.models import SkillLine, SurveyResponse
from apps.place.models import Space
from apps.profile.models import KeyFact, Organisation, OrganisationIndustry, Story

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model._meta.label: model._base_manager.count()
        for config in demodata.portal_configs()
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def test_loading_twice_creates_nothing_new_and_keeps_child_rows(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    counts = _counts()
    lines = list(SkillLine.objects.order_by("pk").values_list("pk", "skill__slug", "staff"))
    call_command("load_demo_data", stdout=io.StringIO())
    assert _counts() == counts
    assert list(SkillLine.objects.order_by("pk").values_list("pk", "skill__slug", "staff")) == lines
    assert "Profile: 4 key messages, 4 key facts, 3 brand assets, 14 sectors, 36 organisations" in (
        out.getvalue()
    )
    assert counts["profile.Organisation"] == 74
    assert counts["people.SurveyResponse"] == 80
    assert counts["profile.Industry"] == 9
    assert counts["industries.PartnerRequest"] == 3
    assert "Industries and partner requests: 9 industries, 26 skills that matter" in out.getvalue()
    # Every demo tech business says which industries it serves.
    assert not Organisation.objects.tech_businesses().filter(industry_links__isnull=True).exists()
    assert OrganisationIndustry.objects.exclude(case="").count() >= 50


def test_rows_keep_their_content_and_go_through_the_signals():
    demodata.load(["core", "profile", "funding"])
    ledger = Organisation.objects.get(slug="quayside-ledger")
    assert ledger.area.slug == "quayside"
    assert ledger.website == "https://www.example.com/quayside-ledger"  # a template default
    assert ledger.sector_names == "Fintech Software and SaaS"  # filled by the m2m signal
    assert ledger.logo.name == "logos/demo-quayside-ledger.png"
    assert default_storage.exists(ledger.logo.name)
    assert Organisation.objects.get(slug="kittiwake-labs").status == "pending"
    assert not Organisation.objects.get(slug="tyneside-data-works").logo  # every third
    scheduled = Story.objects.get(slug="launchpad-spring-cohort-announced")
    assert scheduled.published_at > timezone.now() + datetime.timedelta(days=4)
    assert Story.objects.get(slug="northern-circuit-games-draft").published_at is None
    assert KeyFact.objects.get(figure="30%").as_of == datetime.date(2018, 1, 1)
    rolling = Opportunity.objects.get(slug="start-up-loans")
    assert rolling.is_rolling and rolling.closes_on is None
    grant = Opportunity.objects.get(slug="tyne-digital-growth-grant")
    assert grant.closes_on == timezone.localdate() + datetime.timedelta(days=45)


def test_survey_answers_are_drawn_the_same_every_time():
    demodata.load(["core", "profile", "people"])
    answers = SurveyResponse.objects.filter(organisation__slug="byker-wall-web")
    assert list(answers.order_by("round__opens_on").values_list("status", flat=True)) == [
        "published",
        "pending",
    ]
    lines = SkillLine.objects.order_by(
        "response__round__slug", "response__organisation__slug", "skill__slug"
    ).values_list("response__organisation__slug", "skill__slug", "staff", "vacancies")
    first = list(lines)
    SkillLine.objects.all().delete()
    demodata.load(["core", "profile", "people"])
    assert list(lines) == first


def test_a_reverse_foreign_key_holds_child_rows_found_by_slug():
    demodata.load(["core", "profile", "place"])
    spaces = Space.objects.filter(building__slug="helix-innovation-hub")
    assert spaces.count() == 5  # one of them let (Suite 4.2)
    assert spaces.get(slug="helix-innovation-hub-lab-suite-l1").price == 42


def test_today_is_a_date_or_a_time_by_the_field():
    loader = demodata.Loader()
    weeks, now = demodata.parse("- !today +2 weeks\n- !today\n")
    field = Opportunity._meta.get_field
    assert loader.value(field("closes_on"), weeks) == timezone.localdate() + datetime.timedelta(
        days=14
    )
    moment = loader.value(field("created_at"), now)
    assert abs(moment - timezone.now()) < datetime.timedelta(minutes=1)
    with pytest.raises(yaml.YAMLError, match="!today takes"):
        demodata.parse("!today next tuesday")


def test_a_missing_slug_is_an_error_not_a_silent_gap():
    loader = demodata.Loader()
    with pytest.raises(apps.get_model("core.Area").DoesNotExist):
        loader.write(
            Organisation,
            {"name": "Nowhere Ltd", "kind": "sme", "area": "atlantis", "summary": "x"},
            {},
            "slug",
            Counter(),
        )


def test_the_benchmark_reads_the_same_rows():
    areas = demodata.rows("core.Area")
    assert len(areas) == 16
    ouseburn = {
        "name": "Ouseburn",
        "council": "newcastle",
        "slug": "ouseburn",
        "latitude": "54.975300",
        "longitude": "-1.592000",
    }
    assert ouseburn in areas
