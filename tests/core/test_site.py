import logging

import pytest
from django.db import connection
from django.urls import reverse

from apps.core.security.logging import redact

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "Cache-Control" in response.headers


@pytest.mark.django_db(transaction=True)
def test_healthz_says_503_when_the_database_does_not_answer(client):
    # A real failed connection: point the connection at a port nothing listens on.
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
        directory = client.get(reverse("profile:directory"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert directory.status_code == 503
    assert b"Sorry, the service is unavailable" in directory.content
    # And it recovers without a restart.
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("url", ["/", "/directory/", "/directory/add/", "/admin/login/"])
def test_security_headers_are_set(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    for url in ["/", "/directory/", "/directory/add/", "/manage/", "/accessibility/"]:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<script>" not in html, url
        assert "<style" not in html, url


def test_the_404_page_is_styled_and_helpful(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'href="#main-content"' in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/directory/",
        "/directory/add/",
        "/manage/",
        "/accessibility/",
        "/privacy/",
        "/no-such-page/",
    ],
)
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, url):
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert "<header" in html and "<footer" in html and 'aria-label="Main"' in html
    assert '<html lang="en-GB">' in html


def test_logs_never_contain_link_tokens_or_email_addresses(caplog):
    assert (
        redact('"GET /link/eyJhbGc:1tX:abc/ HTTP/1.1" 302')
        == '"GET /link/[redacted]/ HTTP/1.1" 302'
    )
    assert redact("sent to jo.bloggs+x@example.co.uk ok") == "sent to [email] ok"
    logger = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO, logger="django.server"):
        from apps.core.security.logging import RedactSecretsFilter

        record = logger.makeRecord(
            "django.server",
            logging.INFO,
            __file__,
            1,
            "%s",
            ("/link/secret-token/ for a@b.example",),
            None,
        )
        RedactSecretsFilter().filter(record)
    assert "secret-token" not in record.getMessage()
    assert "a@b.example" not in record.getMessage()


def test_an_oversized_request_gets_a_clear_413_page(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post(reverse("core:manage"), {"email": "x" * 2000 + "@example.com"})
    assert response.status_code == 413
    assert b"The file is too large" in response.content


def test_the_500_page_renders_without_a_request_or_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert html.count("<h1") == 1


def test_deploy_checks_pass_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "tech.example.gov.uk",
        "SECURE_SSL_REDIRECT": "true",
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.gov.uk:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_pages_carry_open_graph_and_twitter_card_tags(client):
    from tests import factories
    from tests.profile.factories import StoryFactory

    organisation = factories.OrganisationFactory(name="Share Co", summary="Shareable summary")
    story = StoryFactory(title="A shareable story", summary="Story summary")
    for url, title, description in [
        (organisation.get_absolute_url(), "Share Co", "Shareable summary"),
        (story.get_absolute_url(), "A shareable story", "Story summary"),
        ("/", "Newcastle Gateshead Tech", None),
    ]:
        html = client.get(url).content.decode()
        assert f'<meta property="og:title" content="{title}">' in html, url
        assert f'<meta property="og:url" content="http://testserver{url}">' in html, url
        assert '<meta name="twitter:card"' in html, url
        if description:
            assert f'<meta property="og:description" content="{description}">' in html, url
