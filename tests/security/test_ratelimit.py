"""Rate limits on the public forms: only accepted submissions count, per client address
(generous) and per email address (tighter); a refused form comes back as it was typed,
with when to try again and a Retry-After header; the counts are shared by every worker
and counted atomically."""

import re
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from apps.core.security.ratelimit import hit
from apps.place.models import Building, Space
from apps.profile.models import Organisation
from scripts.servers import Gunicorn, production_env, request
from tests import factories
from tests.conftest import database_url
from tests.helpers import last_link, organisation_form_data
from tests.place.data import building_form_data, space_row

pytestmark = pytest.mark.django_db

MANAGE = "/manage/"


def manage(client, email, **extra):
    return client.post(MANAGE, {"email": email, "homepage": ""}, **extra)


def assert_refused_with_retry_after(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "send them again after" in page
    assert re.search(r"after \d\d:\d\d \(in about \d+ minutes?\)", page)


def test_failed_attempts_do_not_count(client):
    for _ in range(40):  # more than either limit, each with a mistake
        assert manage(client, "not an address").status_code == 200
    assert manage(client, "alex@example.org").status_code == 302


def test_the_per_email_limit_is_tighter_and_the_form_comes_back_as_typed(client):
    for _ in range(5):
        assert manage(client, "alex@example.org").status_code == 302
    response = manage(client, "Alex@Example.org ")
    assert_refused_with_retry_after(response)
    assert 'value="Alex@Example.org' in response.content.decode()
    # The same connection may still ask for someone else.
    assert manage(client, "sam@example.org").status_code == 302


def test_a_shared_office_address_gets_a_generous_limit(client):
    for n in range(30):
        assert manage(client, f"person{n}@office.example.org").status_code == 302
    assert_refused_with_retry_after(manage(client, "person30@office.example.org"))
    # Another address has its own allowance.
    assert manage(client, "person30@office.example.org", REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_refused_listing_keeps_the_building_and_its_spaces(client):
    """The landlord's case from issue 18: nothing typed is thrown away."""
    area = factories.AreaFactory()
    for _ in range(30):
        hit("place-add:ip:127.0.0.1", window=3600)
    data = building_form_data(
        area,
        name="Quayside Chambers",
        spaces=[space_row(name="Second floor studio"), space_row(name="Attic suite")],
    )
    response = client.post(reverse("place:add"), data)
    assert_refused_with_retry_after(response)
    page = response.content.decode()
    assert 'value="Quayside Chambers"' in page
    assert 'value="Second floor studio"' in page and 'value="Attic suite"' in page
    assert "nothing you sent has been saved" not in page.lower()
    assert Building.objects.count() == 0 and Space.objects.count() == 0


def test_a_refused_directory_entry_keeps_what_was_typed_and_shows_other_mistakes(client):
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    for _ in range(5):
        hit_email = organisation_form_data(area, [sector], name="Tyne Widgets")
        assert client.post(reverse("profile:add"), hit_email).status_code == 302
        Organisation.objects.all().delete()  # the same name may be sent again
    data = organisation_form_data(area, [sector], name="Tyne Widgets", website="not a url")
    response = client.post(reverse("profile:add"), data)
    assert_refused_with_retry_after(response)
    page = response.content.decode()
    assert 'value="Tyne Widgets"' in page
    assert "Enter a valid URL" in page  # every mistake is shown at once
    assert not Organisation.objects.exists()


def test_adding_a_space_row_without_javascript_costs_nothing(client):
    area = factories.AreaFactory()
    data = {**building_form_data(area), "add_space": "1"}
    for _ in range(40):
        assert client.post(reverse("place:add"), data).status_code == 200
    assert client.post(reverse("place:add"), building_form_data(area)).status_code == 302


def test_a_forged_forwarded_header_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for n in range(30):
        sent = manage(
            client, f"p{n}@example.org", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9"
        )
        assert sent.status_code == 302
    response = manage(client, "p99@example.org", HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.9")
    assert response.status_code == 429


# Counted atomically in the shared database cache ----------------------------------------

DATABASE_CACHE = {
    "BACKEND": "apps.core.web.cache.DatabaseCache",
    "LOCATION": "portal_cache",
}


# The database cache has a connection of its own (apps.core.web.cache.CacheRouter).
@pytest.mark.django_db(transaction=True, databases=["default", "cache"])
def test_the_database_cache_counts_every_increment_from_concurrent_connections(settings):
    # Django's own DatabaseCache.incr is a read then a write: two connections that read
    # the same count both write count + 1, and one request goes uncounted.
    settings.CACHES = {"default": DATABASE_CACHE}
    db_cache = caches["default"]
    db_cache.set("counter", 0, 60)
    threads, each = 6, 40
    errors = []

    def work():
        try:
            for _ in range(each):
                db_cache.incr("counter")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert db_cache.get("counter") == threads * each
    with pytest.raises(ValueError):
        db_cache.incr("never-set")
    db_cache.clear()


def test_production_settings_use_the_atomic_database_cache():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'strategy_portal.settings'); django.setup();"
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "DEBUG": "false"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == DATABASE_CACHE["BACKEND"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_count_the_same_submissions(static_root, tmp_path):
    """17.6: with the default configuration (the database cache in PostgreSQL) and two
    gunicorn workers, the limit holds for the whole server, not per worker."""
    env = production_env(database_url(), static_root)
    env.pop("CACHE_URL", None)
    with Gunicorn(env, workers=2, threads=2, log=tmp_path / "gunicorn.log") as server:
        _, headers, page = request(server.port, "GET", MANAGE)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = headers["Set-Cookie"].split(";")[0]
        statuses, retry = [], []
        for _ in range(12):
            status, answer, _ = request(
                server.port,
                "POST",
                MANAGE,
                body=b"csrfmiddlewaretoken=" + token + b"&email=alex%40example.org&homepage=",
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Connection": "close",
                },
            )
            statuses.append(status)
            retry.append(answer.get("Retry-After"))
    assert statuses == [302] * 5 + [429] * 7
    assert all(value and int(value) > 0 for value in retry[5:])


def test_a_refused_edit_from_a_manage_link_keeps_what_was_typed(
    client, django_capture_on_commit_callbacks
):
    building = factories.BuildingFactory(contact_email="lee@example.org")
    space = factories.SpaceFactory(building=building, name="Studio", price=250)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MANAGE, {"email": "lee@example.org"})
    client.get(last_link("lee@example.org"))
    for _ in range(60):
        hit("place-edit:ip:127.0.0.1", window=3600)
    url = reverse("place:edit_spaces", args=[building.reference])
    data = {
        "spaces-TOTAL_FORMS": "1",
        "spaces-INITIAL_FORMS": "1",
        "spaces-0-id": str(space.pk),
        "spaces-0-desks_min": "4",
        "spaces-0-desks_max": "8",
        "spaces-0-size_sqft": "600",
        "spaces-0-price": "199",
        "spaces-0-price_basis": "desk_month",
        "spaces-0-terms": "licence",
        "spaces-0-min_months": "3",
        "spaces-0-available_from": space.available_from.isoformat(),
    }
    response = client.post(url, data)
    assert_refused_with_retry_after(response)
    assert 'value="199"' in response.content.decode()
    space.refresh_from_db()
    assert space.price == 250

    # Withdrawing a space is a button, not a form: refused with a message, not saved.
    edit = reverse("place:edit", args=[building.reference])
    refused = client.post(reverse("place:withdraw", args=[building.reference, space.pk]))
    assert refused.status_code == 302 and int(refused["Retry-After"]) > 0
    space.refresh_from_db()
    assert space.state != Space.State.WITHDRAWN
    assert "Nothing has been changed: try again after" in client.get(edit).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_api_throttle_holds_across_workers_under_concurrent_requests(static_root, tmp_path):
    """17.6: concurrent API requests on two workers, on the default database cache: as
    many answered 200 as the rate allows, not more, and each 429 has Retry-After."""
    from concurrent.futures import ThreadPoolExecutor

    env = production_env(database_url(), static_root, API_ANON_RATE="20/hour")
    env.pop("CACHE_URL", None)
    with Gunicorn(env, workers=2, threads=4, log=tmp_path / "gunicorn.log") as server:

        def get(_):
            status, headers, _ = request(server.port, "GET", "/api/v1/sectors/")
            return status, headers.get("Retry-After")

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(get, range(60)))
    statuses = [status for status, _ in answers]
    assert statuses.count(200) == 20
    assert statuses.count(429) == 40
    assert all(int(retry) > 0 for status, retry in answers if status == 429)
