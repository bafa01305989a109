"""Where a postcode is: a small client for a postcodes.io-style lookup service.

GEOCODER_URL names the service (https://api.postcodes.io/postcodes/ by default; empty
turns the lookup off). A lookup waits GEOCODER_TIMEOUT seconds at most and never raises:
a postcode the service does not know, a slow or broken service, or an answer that does
not parse all give None, and the listing form falls back to the centre of the chosen
area. Tests replace `transport` with recorded responses; nothing reaches the network.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation

from django.conf import settings

logger = logging.getLogger(__name__)


def urllib_transport(url, *, timeout):
    """GET `url`; return (status, body bytes). Error statuses are returned, not raised."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("the geocoder must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Accept": "application/json", "User-Agent": "strategy-portal"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(64 * 1024)
    except urllib.error.HTTPError as error:
        return error.code, error.read(64 * 1024)


transport = urllib_transport


def postcode_location(postcode):
    """(latitude, longitude) of a UK postcode as Decimals to 6 places, or None."""
    base = settings.GEOCODER_URL
    compact = "".join((postcode or "").split()).upper()
    if not base or not compact.isalnum() or len(compact) > 8:
        return None
    url = base + urllib.parse.quote(compact)
    try:
        status, body = transport(url, timeout=settings.GEOCODER_TIMEOUT)
        if status != 200:
            return None
        result = json.loads(body)["result"]
        point = Decimal(str(result["latitude"])), Decimal(str(result["longitude"]))
    except (OSError, ValueError, KeyError, TypeError, InvalidOperation) as error:
        logger.warning("postcode lookup failed for %s: %s", compact[:4], error)
        return None
    return tuple(value.quantize(Decimal("0.000001")) for value in point)
