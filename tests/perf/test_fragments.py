"""Shared fragments (apps.core.web.fragments and {% fragment %}): worked out once per
page-cache generation, never stale, and never the reason a page fails.

The page cache is left off here, so every response is rendered and only the fragments
can be reused; each change runs under django_capture_on_commit_callbacks(execute=True),
so the generation moves on exactly as it does when a real transaction commits.
"""

import datetime
import logging

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from apps.core.moderation.models import Status
from apps.core.web import fragments, pagecache
from apps.opendata import registry
from apps.people import skills_map as maps
from apps.profile import facts
from tests import factories
from tests.perf.test_pagecache import DOWN


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


def test_a_fragment_is_worked_out_once_per_generation(db, fragments_on):
    compute = Counter()
    assert fragments.cached("test", compute, 1) == "value 1"
    assert fragments.cached("test", compute, 1) == "value 1"
    assert compute.calls == 1
    # Other vary values are another entry.
    assert fragments.cached("test", compute, 2) == "value 2"
    pagecache.invalidate()
    assert fragments.cached("test", compute, 1) == "value 3"


def test_a_public_change_works_the_fragment_out_again_once_it_commits(db, fragments_on, committed):
    compute = Counter()
    fragments.cached("test", compute)
    with committed():
        factories.OrganisationFactory(name="Quayside Code")
        # Not yet committed: the old value still stands for the old content.
        assert fragments.cached("test", compute) == "value 1"
    assert fragments.cached("test", compute) == "value 2"


def test_fragments_are_off_at_zero(db, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    compute = Counter()
    fragments.cached("test", compute)
    fragments.cached("test", compute)
    assert compute.calls == 2


def test_a_cache_outage_works_the_fragment_out_and_logs(db, fragments_on, settings, caplog):
    settings.CACHES = DOWN
    compute = Counter()
    with caplog.at_level(logging.ERROR, logger="apps.core.web.fragments"):
        assert fragments.cached("test", compute) == "value 1"
    assert "the cache is unavailable" in caplog.text
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_template_tag_renders_once_per_generation_and_per_vary_value(db, fragments_on):
    template = Template(
        '{% load fragments %}<p>{% fragment "test-tag" key %}{{ value }}{% endfragment %}</p>'
    )
    assert template.render(Context({"key": 1, "value": "<b>one</b>"})) == (
        "<p>&lt;b&gt;one&lt;/b&gt;</p>"
    )
    # The same key: the stored render, whatever the context holds now.
    assert template.render(Context({"key": 1, "value": "two"})) == ("<p>&lt;b&gt;one&lt;/b&gt;</p>")
    assert template.render(Context({"key": 2, "value": "two"})) == "<p>two</p>"
    pagecache.invalidate()
    assert template.render(Context({"key": 1, "value": "three"})) == "<p>three</p>"


def _respondent(survey_round, skill, vacancies, **kwargs):
    response = factories.SurveyResponseFactory(round=survey_round, **kwargs)
    factories.SkillLineFactory(response=response, skill=skill, vacancies=vacancies)
    return response


def test_a_published_survey_response_reaches_the_next_skills_map(db, fragments_on, committed):
    survey_round = factories.SurveyRoundFactory(title="Round 2026")
    skill = factories.SkillFactory(name="Skill A")
    for vacancies in (100, 200, 300):
        _respondent(survey_round, skill, vacancies)
    path = reverse("people:skills_map")
    assert b"600" in Client().get(path).content
    assert maps.shared(survey_round=survey_round).respondents == 3

    with committed():
        waiting = _respondent(survey_round, skill, 4000, status=Status.PENDING)
    # A response waiting for review changes nothing public.
    assert b"600" in Client().get(path).content
    with committed():
        waiting.status = Status.PUBLISHED
        waiting.save()
    content = Client().get(path).content
    assert b"4,600" in content
    assert maps.shared(survey_round=survey_round).respondents == 4


def test_a_publication_reaches_the_next_front_page_facts(db, fragments_on, committed):
    factories.OrganisationFactory(name="Quayside Code")
    assert facts.headline()[0].figure == "1"
    with committed():
        factories.OrganisationFactory(name="Ouseburn Pixels")
    assert facts.headline()[0].figure == "2"


def test_a_publication_reaches_the_next_open_data_catalogue(db, fragments_on, committed):
    factories.OrganisationFactory(name="Quayside Code")
    first = Client().get(reverse("opendata:catalogue")).content.decode()
    waiting = factories.OrganisationFactory(name="Ouseburn Pixels", status=Status.PENDING)
    published_at = timezone.now() + datetime.timedelta(days=3)
    with committed():
        waiting.status = Status.PUBLISHED
        waiting.reviewed_at = published_at
        waiting.save()
    assert registry.get("organisations").last_updated() == published_at
    shown = f'datetime="{timezone.localtime(published_at):%Y-%m-%dT%H:%M:%S}'
    assert shown not in first
    assert shown in Client().get(reverse("opendata:catalogue")).content.decode()
    assert shown in Client().get("/data/organisations/").content.decode()
    # The API's Last-Modified and the download's read the same shared dates.
    modified = http_date(published_at.timestamp())
    assert Client().get("/api/v1/organisations/")["Last-Modified"] == modified
    assert Client().get("/data/organisations.csv")["Last-Modified"] == modified


def test_the_api_reads_its_last_modified_from_the_shared_dates(db, fragments_on, committed):
    factories.OrganisationFactory(name="Quayside Code")
    Client().get("/api/v1/organisations/")
    with CaptureQueriesContext(connection) as queries:
        Client().get("/api/v1/organisations/")
    # Worked out once per generation: no query reads the admin log again.
    assert not [q for q in queries if "django_admin_log" in q["sql"]]


def test_a_need_becoming_active_reaches_the_next_space_search(db, fragments_on, committed):
    from apps.place import services

    need = factories.SpaceNeedFactory(status=Status.PENDING, desks_min=6)
    assert b"waiting to hear about space" not in Client().get("/spaces/").content
    with committed():
        services.space_need_activate(need=need)
    assert b"Right now 1 business is waiting to hear about space" in (
        Client().get("/spaces/").content
    )


def test_a_release_drops_the_fragments_and_pages_of_the_previous_code(db, fragments_on):
    from django.core.management import call_command

    compute = Counter()
    fragments.cached("test", compute)
    # A release runs migrate, which moves the generation on once it is done.
    call_command("migrate", verbosity=0)
    assert fragments.cached("test", compute) == "value 2"


def test_the_home_page_lists_are_shared_and_a_publication_reaches_them(db, fragments_on, committed):
    factories.OrganisationFactory(name="Quayside Code")
    first = Client().get("/").content.decode()
    assert "Quayside Code" in first
    with CaptureQueriesContext(connection) as queries:
        again = Client().get("/").content.decode()
    # The lists, facts and sections come from the fragment: no query reads them again.
    assert not [q for q in queries if "profile_organisation" in q["sql"]]
    assert again == first
    with committed():
        factories.OrganisationFactory(name="Ouseburn Pixels")
    assert "Ouseburn Pixels" in Client().get("/").content.decode()
