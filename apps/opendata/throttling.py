from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.core.ratelimit import client_ip


class AnonThrottle(SimpleRateThrottle):
    """DRF's anonymous throttle, counted per client IP in the shared cache. The API has
    no accounts, so everyone is anonymous; the IP is found as for the site's forms."""

    scope = "anon"

    def get_rate(self):
        # Read at request time, not class definition, so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
