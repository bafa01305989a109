"""The shared page cache: on by default, never stale whichever path changes public content,
shared by every worker, and never the reason a page fails.

Most tests run inside a transaction that never commits; here each change runs under
django_capture_on_commit_callbacks(execute=True), so the cache moves on exactly as it
does when a real transaction commits.
"""

import datetime
import gzip
import logging
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.core.web import pagecache
from apps.funding.models import Opportunity
from apps.place.models import Space
from apps.profile.models import Organisation, Story
from scripts.servers import Gunicorn, production_env, request
from tests import factories
from tests.conftest import database_url
from tests.funding.factories import OpportunityFactory
from tests.profile.factories import StoryFactory

DIRECTORY = "/directory/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def anonymous(path):
    return Client().get(path)


def cached(path):
    """Fetch the path twice as a visitor would; the second answer must be the cache's."""
    anonymous(path)
    response = anonymous(path)
    assert response["X-Page-Cache"] == "hit"
    return response


# On by default -----------------------------------------------------------------------


def test_production_settings_turn_it_on_with_the_database_cache():
    # The settings as a server with no cache settings at all would load them.
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'strategy_portal.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.PAGE_CACHE_SECONDS, s.CACHES['default']['BACKEND'],"
        " s.CACHES['default']['LOCATION'])"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "DEBUG": "false"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 0
    assert out[1] == "apps.core.web.cache.DatabaseCache"
    assert out[2] == "portal_cache"


def test_migrate_made_the_cache_table(db):
    assert "portal_cache" in connection.introspection.table_names()


def test_a_memory_cache_is_refused_when_debug_is_off(settings):
    from apps.core.checks import caches_are_shared

    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [e.id for e in caches_are_shared()] == ["core.E001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}}
    assert caches_are_shared() == []
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert caches_are_shared() == []


# What it serves, and to whom -----------------------------------------------------------


def test_an_anonymous_page_is_served_from_the_cache_with_an_etag(
    db, page_cache, django_assert_num_queries
):
    factories.OrganisationFactory(name="Quayside Code")
    client = Client()
    first = client.get(DIRECTORY)
    assert first["X-Page-Cache"] == "miss"
    # A hit renders nothing and asks the database nothing.
    with django_assert_num_queries(0):
        second = client.get(DIRECTORY)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Kept compressed with its status and headers, and given back whole.
    assert second.status_code == 200
    for header in ("Content-Type", "Content-Length", "ETag", "Vary", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert client.get(DIRECTORY, headers={"if-none-match": second["ETag"]}).status_code == 304


def test_a_hit_is_sent_gzipped_to_a_client_that_accepts_it(db, page_cache):
    factories.OrganisationFactory(name="Quayside Code")
    client = Client()
    plain = client.get(DIRECTORY)
    assert "Accept-Encoding" in plain["Vary"]
    browser = {"accept-encoding": "gzip, deflate, br"}
    hit = client.get(DIRECTORY, headers=browser)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == plain.content
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content)
    assert hit["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in hit["Vary"]
    assert client.get(DIRECTORY, headers={**browser, "if-none-match": hit["ETag"]}).status_code == (
        304
    )
    # A client that does not take gzip gets the plain page from the same entry.
    again = client.get(DIRECTORY, headers={"accept-encoding": "identity"})
    assert again["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in again
    assert again.content == plain.content


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories/",
        "/spaces/",
        "/brand/",
        "/skills/",
        "/skills/courses/",
        "/funding/",
        "/about/",
    ],
)
def test_every_public_list_page_is_cached(db, page_cache, path):
    assert anonymous(path).status_code == 200
    assert anonymous(path)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/organisations/", "/manage/"])
def test_the_health_check_the_api_and_submitters_pages_are_never_cached(db, page_cache, path):
    anonymous(path)
    assert "X-Page-Cache" not in anonymous(path)


def test_signed_in_staff_are_never_served_or_stored(admin_client, page_cache):
    factories.OrganisationFactory(name="Quayside Code")
    assert "X-Page-Cache" not in admin_client.get(DIRECTORY)
    # The staff request stored nothing, so the first anonymous visit is a miss...
    assert anonymous(DIRECTORY)["X-Page-Cache"] == "miss"
    # ...and a cached page is not handed to staff either.
    assert "X-Page-Cache" not in admin_client.get(DIRECTORY)


def test_a_page_with_a_csrf_form_is_never_stored(db, page_cache):
    # Without a CSRF cookie (the page sets one) and with one (the token is still the
    # visitor's own): neither answer may reach another visitor.
    first = Client()
    response = first.get("/directory/add/")
    assert "csrftoken" in response.cookies or "__Host-csrftoken" in response.cookies
    again = first.get("/directory/add/")
    assert "X-Page-Cache" not in again
    assert "X-Page-Cache" not in anonymous("/directory/add/")


def test_unpublished_rows_never_leak_through_the_cache(db, page_cache):
    factories.OrganisationFactory(name="Quayside Code")
    factories.OrganisationFactory(name="Secret Draft Ltd", status=Status.PENDING)
    hit = cached(DIRECTORY)
    assert b"Secret Draft Ltd" not in hit.content
    assert b"Quayside Code" in hit.content


# Never stale: each path that changes what the public sees ------------------------------


def test_a_moderation_service_publishing_drops_the_cached_pages(
    db, page_cache, committed, moderator
):
    from apps.core.moderation import services

    factories.OrganisationFactory(name="Quayside Code")
    waiting = factories.OrganisationFactory(name="Ouseburn Pixels", status=Status.PENDING)
    assert b"Ouseburn Pixels" not in cached(DIRECTORY).content
    with committed():
        services.submission_approve(obj=waiting, by=moderator)
    response = anonymous(DIRECTORY)
    assert response["X-Page-Cache"] == "miss"
    assert b"Ouseburn Pixels" in response.content


def test_an_approved_submitter_edit_reaches_the_page(db, page_cache, committed, moderator):
    from apps.core.moderation import services

    organisation = factories.OrganisationFactory(name="Quayside Code")
    path = organisation.get_absolute_url()
    cached(path)
    with committed():
        change = services.submitter_edit(
            obj=organisation, values={"summary": "Edited by the business itself."}
        )
    # Held for review: the public page has not changed, and nothing was dropped.
    assert anonymous(path)["X-Page-Cache"] == "hit"
    with committed():
        services.change_approve(change=change, by=moderator)
    assert b"Edited by the business itself." in anonymous(path).content


def test_a_public_submission_waiting_for_review_keeps_the_cached_pages(db, page_cache, committed):
    from tests.helpers import organisation_form_data

    area, sector = factories.AreaFactory(), factories.SectorFactory()
    cached(DIRECTORY)
    with committed():
        response = Client().post(
            "/directory/add/", organisation_form_data(area, [sector], name="Brand New Ltd")
        )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Brand New Ltd").exists()
    assert anonymous(DIRECTORY)["X-Page-Cache"] == "hit"


def test_an_admin_save_drops_the_cached_pages(admin_client, page_cache, committed):
    cached("/brand/")
    with committed():
        response = admin_client.post(
            reverse("admin:profile_keyfact_add"),
            {
                "figure": "4,321",
                "statement": "tech jobs added across Newcastle and Gateshead",
                "source": "Test source",
                "as_of": "2026-01-01",
                "is_headline": "on",
                "is_published": "on",
                "position": "0",
            },
        )
    assert response.status_code == 302
    assert b"4,321" in anonymous("/brand/").content


def test_an_admin_inline_drops_the_cached_pages(admin_client, page_cache, committed):
    category = factories.SkillCategoryFactory(name="Data", slug="data")
    assert b"Quantum Widgets" not in cached("/skills/courses/").content
    with committed():
        response = admin_client.post(
            reverse("admin:people_skillcategory_change", args=[category.pk]),
            {
                "name": "Data",
                "slug": "data",
                "description": "",
                "position": "0",
                "skills-TOTAL_FORMS": "1",
                "skills-INITIAL_FORMS": "0",
                "skills-0-name": "Quantum Widgets",
                "skills-0-slug": "quantum-widgets",
                "skills-0-is_active": "on",
            },
        )
    assert response.status_code == 302
    # A new skill is one of the course list's filter options.
    assert b"Quantum Widgets" in anonymous("/skills/courses/").content


def test_an_admin_delete_drops_the_cached_pages(admin_client, page_cache, committed):
    organisation = factories.OrganisationFactory(name="Gone Tomorrow Ltd")
    assert b"Gone Tomorrow Ltd" in cached(DIRECTORY).content
    with committed():
        response = admin_client.post(
            reverse("admin:profile_organisation_delete", args=[organisation.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert b"Gone Tomorrow Ltd" not in anonymous(DIRECTORY).content


def test_an_admin_bulk_action_drops_the_cached_pages(admin_client, page_cache, committed):
    # QuerySet.update() sends no signal: the action goes through a service that says so.
    opportunity = OpportunityFactory(title="Tyne Growth Grant")
    path = opportunity.get_absolute_url()
    assert b"Tyne Growth Grant" in cached(path).content
    with committed():
        response = admin_client.post(
            reverse("admin:funding_opportunity_changelist"),
            {"action": "archive_selected", "_selected_action": [opportunity.pk], "confirm": "1"},
        )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.ARCHIVED
    assert anonymous(path).status_code == 404


def test_publishing_stories_in_bulk_drops_the_cached_pages(admin_client, page_cache, committed):
    story = StoryFactory(title="Draft From The Quayside", status=Story.Status.DRAFT)
    assert b"Draft From The Quayside" not in cached("/stories/").content
    with committed():
        admin_client.post(
            reverse("admin:profile_story_changelist"),
            {"action": "publish_now", "_selected_action": [story.pk], "confirm": "1"},
        )
    assert b"Draft From The Quayside" in anonymous("/stories/").content


def test_a_csv_import_drops_the_cached_pages(admin_client, page_cache, committed):
    assert b"Immersive Games" not in cached(DIRECTORY).content
    upload = admin_client.post(
        reverse("admin:profile_sector_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile(
                "sectors.csv", b"name,slug,description\nImmersive Games,immersive-games,\n"
            ),
        },
    )
    confirm = upload.context["confirm_form"]
    data = {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial}
    with committed():
        admin_client.post(reverse("admin:profile_sector_process_import"), data)
    # The new sector is one of the directory's filter options.
    assert b"Immersive Games" in anonymous(DIRECTORY).content


def test_the_expiry_command_drops_the_cached_pages(db, page_cache, committed):
    space = factories.SpaceFactory(name="Suite Expiring")
    path = space.building.get_absolute_url()
    assert b"Suite Expiring" in cached("/spaces/").content
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Space.objects.filter(pk=space.pk).update(expires_on=yesterday)
    with committed():
        call_command("expire_spaces", stdout=None)
    space.refresh_from_db()
    assert space.state == Space.State.EXPIRED
    assert b"Suite Expiring" not in anonymous("/spaces/").content
    assert anonymous(path).status_code in (200, 404)


def test_erasure_drops_the_cached_pages(db, page_cache, committed):
    from apps.core.privacy import personal_data

    organisation = factories.OrganisationFactory(name="Erased Person Ltd")
    assert b"Erased Person Ltd" in cached(DIRECTORY).content
    with committed():
        personal_data.erase(organisation.contact_email)
    assert b"Erased Person Ltd" not in anonymous(DIRECTORY).content


def test_an_enquiry_leaves_the_cached_pages_alone(db, page_cache, committed):
    space = factories.SpaceFactory()
    cached("/spaces/")
    with committed():
        from apps.place.models import Enquiry

        Enquiry.objects.create(
            space=space,
            name="Private Person",
            email="private@example.org",
            organisation_name="A business",
            message="Is it free in May?",
        )
    assert anonymous("/spaces/")["X-Page-Cache"] == "hit"


def test_a_need_becoming_active_updates_the_demand_figures(db, page_cache, committed):
    from apps.place import services

    need = factories.SpaceNeedFactory(status=Status.PENDING, desks_min=6)
    assert b"waiting to hear about space" not in cached("/spaces/").content
    with committed():
        services.space_need_activate(need=need)
    assert b"Right now 1 business is waiting to hear about space" in anonymous("/spaces/").content


def test_a_new_day_starts_afresh(db, page_cache, monkeypatch):
    # Listings and opportunities end by date: the date is part of the key.
    cached("/spaces/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert anonymous("/spaces/")["X-Page-Cache"] == "miss"


def test_a_page_is_kept_no_longer_than_the_next_scheduled_story(db, page_cache):
    from apps.core.web.pagecache import _timeout

    assert _timeout() == 300
    soon = timezone.now() + datetime.timedelta(seconds=90)
    StoryFactory(status=Story.Status.PUBLISHED, published_at=soon)
    assert 0 < _timeout() <= 91


def test_a_page_is_kept_no_longer_than_the_end_of_an_event_it_lists(db, page_cache):
    """An event leaves /events/, search, its organiser's page and the home page when it
    ends, by the clock alone: no cached page or fragment outlives that moment."""
    from apps.events.models import Event
    from tests.events.factories import EventFactory

    now = timezone.now()
    EventFactory(starts_at=now - datetime.timedelta(hours=1), status="draft")
    EventFactory(starts_at=now + datetime.timedelta(days=3))
    assert pagecache.keep_for(300) == 300
    # A weekly series whose meeting today ends in two minutes (it began a week ago).
    series = EventFactory(
        starts_at=now - datetime.timedelta(days=7, minutes=58),
        ends_at=now - datetime.timedelta(days=7) + datetime.timedelta(minutes=2),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=timezone.localdate(now) + datetime.timedelta(days=30),
    )
    assert 100 < pagecache.keep_for(300) <= 121
    series.delete()
    EventFactory(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(seconds=30)
    )
    assert 0 < pagecache.keep_for(300) <= 31


# Shared by every worker ----------------------------------------------------------------


# The database cache has a connection of its own (apps.core.web.cache.CacheRouter).
@pytest.mark.django_db(transaction=True, databases=["default", "cache"])
def test_no_worker_serves_the_old_page_after_a_publish(settings, static_root, tmp_path):
    # Two gunicorn workers on the default configuration (the database cache in the same
    # PostgreSQL); this process publishes through the same cache, as an admin worker would.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    factories.OrganisationFactory(name="Quayside Code")
    waiting = factories.OrganisationFactory(name="Ouseburn Pixels", status=Status.PENDING)
    env = production_env(database_url(), static_root, PAGE_CACHE_SECONDS=300)
    env.pop("CACHE_URL", None)
    with Gunicorn(env, workers=2, threads=1, log=tmp_path / "gunicorn.log") as server:
        # Enough requests that both workers have the page cached.
        before = [request(server.port, "GET", DIRECTORY) for _ in range(12)]
        assert all(b"Ouseburn Pixels" not in body for _, _, body in before)
        assert any(headers.get("X-Page-Cache") == "hit" for _, headers, _ in before)

        from apps.core.moderation import services

        services.submission_approve(obj=waiting, by=None)  # commits (autocommit)
        after = [request(server.port, "GET", DIRECTORY) for _ in range(12)]
    assert all(status == 200 for status, _, _ in after)
    assert all(b"Ouseburn Pixels" in body for _, _, body in after)


# A cache outage never breaks a page ----------------------------------------------------

DOWN = {
    "default": {
        # A real Redis client against a port nothing listens on.
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = DOWN
    yield
    # Back before the test settings' own teardown clears the cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_pages_are_served_uncached_while_the_cache_is_down(db, page_cache, cache_down, caplog):
    factories.OrganisationFactory(name="Quayside Code")
    with caplog.at_level(logging.ERROR, logger="apps.core.web.pagecache"):
        response = anonymous(DIRECTORY)
    assert response.status_code == 200
    assert b"Quayside Code" in response.content
    assert "X-Page-Cache" not in response
    assert "the cache is unavailable" in caplog.text


def test_health_check_says_the_cache_is_degraded_and_still_answers_200(db, cache_down):
    response = anonymous("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ncache degraded\n"


def test_forms_still_work_while_the_cache_is_down(db, cache_down):
    # The rate limit cannot count, so it lets the submission through rather than fail.
    from tests.helpers import organisation_form_data

    area, sector = factories.AreaFactory(), factories.SectorFactory()
    response = Client().post(
        "/directory/add/", organisation_form_data(area, [sector], name="Cache Down Ltd")
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Cache Down Ltd").exists()


def test_the_benchmark_floor_is_not_routed_unless_turned_on(client, db):
    assert client.get("/bench/floor").status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_the_course_list_runs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, n
):
    skills = [factories.SkillFactory() for _ in range(3)]
    for _ in range(n):
        factories.CourseFactory(skills=skills)
    # 1 page of courses joined to their provider, 1 prefetch of their skills, 1 count
    # for the paginator only when that first page is full (at 30), and 1 for the skill
    # filter's options.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("people:courses"))
    assert response.status_code == 200
