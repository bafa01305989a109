"""Which address the rate limits count: X-Forwarded-For is trusted only as far as the
proxies we run (TRUSTED_PROXY_HOPS), so a client cannot forge its way round a limit."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.core.security.ratelimit import client_ip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.1.1.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),  # nginx appended the address it saw
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged first entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # load balancer + nginx
        (2, "203.0.113.9", "10.1.1.1"),  # fewer entries than proxies: the connection
    ],
)
def test_client_ip_trusts_only_our_own_proxies(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_forged_forwarded_header_does_not_reset_the_limit(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    for n in range(10):
        client.post(
            reverse("core:manage"),
            {"email": "x@example.com"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    response = client.post(
        reverse("core:manage"),
        {"email": "x@example.com"},
        HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.9",
    )
    assert response.status_code == 429
