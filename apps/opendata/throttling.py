import logging

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.core.security.ratelimit import client_ip, count

logger = logging.getLogger(__name__)


class AnonThrottle(SimpleRateThrottle):
    """The API's throttle, per client IP (found as for the site's forms), counted in
    the shared cache with an atomic increment per fixed window. DRF's own throttle
    keeps a list of times that each worker reads and writes back, so concurrent
    requests on different workers overwrote each other's entries and more got through
    than the rate."""

    scope = "anon"

    def get_rate(self):
        # Read at request time, not class definition, so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        self.retry_after = None
        if self.rate is None:
            return True
        try:
            used, self.retry_after = count(f"api:{client_ip(request)}", window=self.duration)
        except Exception:
            # With the cache down nothing can be counted: serve the request (logged), as
            # the site's own rate limit does, rather than fail every API call.
            logger.exception("API throttle: the cache is unavailable; not counting")
            return True
        return used <= self.num_requests

    def wait(self):
        return self.retry_after


def rate_in_words():
    """The stated limit, e.g. "120 requests per minute", for the docs and the catalogue."""
    return settings.API_ANON_RATE.replace("/", " requests per ")
