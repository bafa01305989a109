"""17.16: production settings are secure by default. With only the documented production
variables set, `check --deploy` is clean; plain http is redirected; X-Forwarded-Proto is
trusted only behind our own proxies; HSTS preload only when asked; media is served by
the documented nginx locations."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from scripts import two_instances
from scripts.servers import ROOT, Gunicorn, production_env, request
from tests.conftest import database_url

# The variables docs/operations.md lists for a production server behind nginx.
DOCUMENTED = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "tech.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tech.example.org",
    "SITE_URL": "https://tech.example.org",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
    "TRUSTED_PROXY_HOPS": "1",
    "TASKS_BACKEND": "database",
}


def production(**overrides):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ["HOME"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
        **DOCUMENTED,
        **overrides,
    }
    return {key: value for key, value in env.items() if value is not None}


def loaded_settings(env, *names):
    code = (
        "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'strategy_portal.settings'); django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_check_deploy_is_clean_with_only_the_documented_variables(db):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_secure():
    found = loaded_settings(
        production(),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert found == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_preload_only_when_asked():
    asked = loaded_settings(production(SECURE_HSTS_PRELOAD="true"), "SECURE_HSTS_PRELOAD")
    assert asked == {"SECURE_HSTS_PRELOAD": True}


def test_without_a_trusted_proxy_the_forwarded_proto_header_is_ignored():
    found = loaded_settings(production(TRUSTED_PROXY_HOPS=None), "SECURE_PROXY_SSL_HEADER")
    assert found == {"SECURE_PROXY_SSL_HEADER": None}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hops", [0, 1])
def test_a_forged_forwarded_proto_over_plain_http_gets_no_hsts(static_root, tmp_path, hops):
    """gunicorn with the production defaults, reached over plain http."""
    env = production_env(database_url(), static_root, TRUSTED_PROXY_HOPS=hops)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"):
        env.pop(name)
    with Gunicorn(env, workers=1, threads=1, log=tmp_path / "gunicorn.log") as server:
        forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
        status, headers, _ = request(server.port, "GET", "/about/", headers=forged)
        plain_status, plain_headers, _ = request(server.port, "GET", "/about/")
        # The load balancer's health check may use plain http.
        health = request(server.port, "GET", "/healthz")[0]
    if hops == 0:  # nobody vouches for the header: plain http, redirected, no HSTS
        assert status == 301 and headers["Location"].startswith("https://127.0.0.1")
        assert "Strict-Transport-Security" not in headers
    else:  # our proxy set it: the client used https
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert plain_status == 301 and "Strict-Transport-Security" not in plain_headers
    assert health == 200


def test_the_two_instance_check_serves_media_through_the_documented_locations(tmp_path):
    text = two_instances.documented_locations(tmp_path)
    assert f"alias {tmp_path}/;" in text
    assert "add_header X-Content-Type-Options nosniff always;" in text
    assert "sandbox" in text
    assert "include {tmp}/portal-locations.conf;" in two_instances.NGINX_CONF
    docs = (ROOT / "docs" / "operations.md").read_text()
    assert "docs/deploy/portal-locations.conf" in docs
