"""17.5: a cache outage under a production-configured server (gunicorn, DEBUG off) breaks
nothing: the API, the downloads and every form POST still answer, the rate limits and
the API throttle let requests through (logged), and /healthz reports the cache."""

import re

import pytest

from apps.core.moderation.models import Status
from scripts.servers import Gunicorn, production_env, request
from tests import factories
from tests.conftest import database_url


@pytest.mark.django_db(transaction=True)
def test_a_cache_outage_breaks_no_page_api_download_or_form(static_root, tmp_path):
    factories.OrganisationFactory(name="Quayside Code", status=Status.PUBLISHED)
    factories.SectorFactory()
    log = tmp_path / "gunicorn.log"
    # A real Redis client against a port nothing listens on.
    env = production_env(
        database_url(), static_root, CACHE_URL="redis://127.0.0.1:1/0", PAGE_CACHE_SECONDS=300
    )
    with Gunicorn(env, workers=1, threads=2, log=log) as server:
        port = server.port
        assert request(port, "GET", "/healthz")[::2] == (200, b"ok\ncache degraded\n")
        status, _, body = request(port, "GET", "/directory/")
        assert status == 200 and b"Quayside Code" in body
        assert request(port, "GET", "/api/v1/organisations/")[0] == 200
        assert request(port, "GET", "/data/sectors.csv")[0] == 200
        _, headers, page = request(port, "GET", "/manage/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = headers["Set-Cookie"].split(";")[0]
        status, headers, _ = request(
            port,
            "POST",
            "/manage/",
            body=b"csrfmiddlewaretoken=" + token + b"&email=alex%40example.org&homepage=",
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, log.read_text()
    text = log.read_text()
    assert "Rate limit: the cache is unavailable" in text
    assert "API throttle: the cache is unavailable" in text
    assert "Internal Server Error" not in text
