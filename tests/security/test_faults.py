"""Faults: the database goes away under a running gunicorn and comes back; a submission
fails halfway through. Real PostgreSQL throughout, no database mocks.

The outage touches only this test database: its own server connections are cut with
pg_terminate_backend (found by their application_name) and new ones are refused with
ALTER DATABASE ... ALLOW_CONNECTIONS false, so the shared PostgreSQL server and every
other database on it carry on.
"""

import re
import time

import psycopg2
import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.place.models import Building, BuildingPhoto, Space
from apps.profile.models import Organisation
from scripts.servers import Gunicorn, production_env, request
from tests import factories
from tests.conftest import database_url
from tests.images import image_upload
from tests.place.data import building_form_data
from tests.security.stats import STATS


def admin_connection():
    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
    )
    conn.autocommit = True
    return conn


def cut_connections(admin, name, app):
    with admin.cursor() as cur:
        cur.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s",
            [name, app],
        )
        return cur.fetchone()[0]


def allow_connections(admin, name, allowed):
    with admin.cursor() as cur:
        cur.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down_and_recover_without_a_restart(
    static_root, tmp_path
):
    factories.OrganisationFactory(name="Still Here Ltd")
    name = connection.settings_dict["NAME"]
    app = f"portal-fault-test-{time.monotonic_ns()}"
    env = production_env(database_url(), static_root, PGAPPNAME=app, CONN_MAX_AGE=600)
    admin = admin_connection()
    try:
        with Gunicorn(env, workers=1, threads=1, log=tmp_path / "gunicorn.log") as server:
            port = server.port
            status, _, body = request(port, "GET", "/directory/")
            assert status == 200 and b"Still Here Ltd" in body
            _, headers, form = request(port, "GET", "/directory/add/")
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            cookie = headers["Set-Cookie"].split(";")[0]

            # Connections cut while the server runs: the next request reconnects
            # (CONN_HEALTH_CHECKS), nobody sees an error.
            assert cut_connections(admin, name, app) >= 1
            assert request(port, "GET", "/directory/")[0] == 200
            # The page cache's own connection (no health check, apps.core.web.cache) failed
            # on that request, which was served uncached; it reconnects, and pages come
            # from the cache again.
            assert request(port, "GET", "/directory/")[0] == 200
            assert request(port, "GET", "/directory/")[1].get("X-Page-Cache") == "hit"

            # The database refuses connections: friendly 503 pages, /healthz says so.
            allow_connections(admin, name, False)
            assert cut_connections(admin, name, app) >= 1
            status, headers, body = request(port, "GET", "/directory/")
            assert status == 503
            assert b"Sorry, the service is unavailable" in body
            assert b"Traceback" not in body
            assert headers["Retry-After"] == "30"
            assert request(port, "GET", "/healthz")[:3:2] == (503, b"database unavailable\n")
            status, _, body = request(
                port,
                "POST",
                "/directory/add/",
                body=b"csrfmiddlewaretoken=" + token + b"&name=Lost+Ltd&contact_email=a%40b.org",
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}/directory/add/",
                },
            )
            assert status == 503
            assert b"has not been saved" in body

            # It comes back: the same processes serve again, no restart.
            pid = server.process.pid
            allow_connections(admin, name, True)
            started = time.monotonic()
            while request(port, "GET", "/directory/")[0] != 200:
                assert time.monotonic() - started < 30, "did not recover within 30 s"
                time.sleep(0.05)
            recovery = time.monotonic() - started
            assert request(port, "GET", "/healthz")[0] == 200
            assert server.process.pid == pid and server.process.poll() is None
    finally:
        allow_connections(admin, name, True)
        admin.close()
    STATS["recovery after database outage (s)"] = round(recovery, 3)
    print(f"\nrecovered {recovery:.3f} s after the database accepted connections again")
    assert not Organisation.objects.filter(name="Lost Ltd").exists()


class FailingStorage(FileSystemStorage):
    """A media store that fails on write, as a full disk or an unreachable bucket does."""

    def _save(self, name, content):
        raise OSError("No space left on device")


def post_listing(area):
    data = building_form_data(
        area,
        photo=image_upload("front.jpg", fmt="JPEG"),
        photo_alt="The brick front of the building",
    )
    client = Client(raise_request_exception=False)
    return client.post(reverse("place:add"), data)


def assert_nothing_written():
    assert Organisation.objects.count() == 0  # the landlord, created first
    assert Building.objects.count() == 0
    assert Space.objects.count() == 0
    assert BuildingPhoto.objects.count() == 0
    assert mail.outbox == []  # the confirmation email is only queued on commit


@pytest.mark.django_db(transaction=True)
def test_a_listing_whose_photo_cannot_be_stored_leaves_nothing_behind(settings):
    area = factories.AreaFactory()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.security.test_faults.FailingStorage"},
    }
    response = post_listing(area)
    # Landlord, building and spaces were written before the photo failed.
    assert response.status_code == 500
    assert_nothing_written()


@pytest.mark.django_db(transaction=True)
def test_a_listing_refused_by_the_database_halfway_leaves_nothing_behind():
    area = factories.AreaFactory()
    # A real database error on the third table written (after the landlord and the
    # building rows), raised by PostgreSQL itself.
    with connection.cursor() as cur:
        cur.execute(
            "CREATE FUNCTION fault_injected() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;"
            "CREATE TRIGGER fault_injected BEFORE INSERT ON place_space "
            "FOR EACH ROW EXECUTE FUNCTION fault_injected();"
        )
    try:
        response = post_listing(area)
    finally:
        with connection.cursor() as cur:
            cur.execute(
                "DROP TRIGGER fault_injected ON place_space; DROP FUNCTION fault_injected();"
            )
    assert response.status_code == 500
    assert_nothing_written()


def test_the_access_log_never_holds_a_link_token(db, static_root, tmp_path):
    # gunicorn.conf.py turns the access log on, as in production. Its format leaves the
    # query string out, where an emailed link's token travels (issue 17, finding 9).
    env = production_env(database_url(), static_root, GUNICORN_ACCESS_LOG="-")
    log = tmp_path / "gunicorn.log"
    with Gunicorn(env, workers=1, threads=1, log=log) as server:
        request(server.port, "GET", "/link/?t=SecretTokenValue123")
        request(server.port, "GET", "/link/old-signed-token-value/")
        request(server.port, "GET", "/directory/?q=needle-in-the-query")
    text = log.read_text()
    assert '"GET /link/ HTTP/1.1" 400' in text
    assert '"GET /link/[redacted]/ HTTP/1.1" 400' in text
    assert '"GET /directory/ HTTP/1.1" 200' in text
    for secret in ("SecretTokenValue123", "old-signed-token-value", "needle-in-the-query"):
        assert secret not in text


def test_the_nginx_example_logs_no_query_string_or_referrer():
    # The nginx config of `make two-instances` is the deployment example (finding 9).
    from scripts.two_instances import NGINX_CONF

    [log_format] = re.findall(r"log_format portal (.*?);", NGINX_CONF, re.S)
    assert "$uri" in log_format
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string"):
        assert variable not in log_format
    assert "$http_referer" not in log_format
    assert re.search(r"access_log \S+ portal;", NGINX_CONF)
    assert "combined" not in NGINX_CONF
