import logging

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.core.security.ratelimit import client_ip

logger = logging.getLogger(__name__)


class AnonThrottle(SimpleRateThrottle):
    """DRF's anonymous throttle, counted per client IP in the shared cache. The API has
    no accounts, so everyone is anonymous; the IP is found as for the site's forms."""

    scope = "anon"

    def get_rate(self):
        # Read at request time, not class definition, so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        # With the cache down nothing can be counted: serve the request (logged), as the
        # site's own rate limit does, rather than fail every API call.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.exception("API throttle: the cache is unavailable; not counting")
            return True

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


def rate_in_words():
    """The stated limit, e.g. "120 requests per minute", for the docs and the catalogue."""
    return settings.API_ANON_RATE.replace("/", " requests per ")
