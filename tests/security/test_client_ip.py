"""Which address the rate limits count: X-Forwarded-For is trusted only as far as the
proxies we run (TRUSTED_PROXY_HOPS), so a client cannot forge its way round a limit."""

import pytest
from django.test import RequestFactory

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
