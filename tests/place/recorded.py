"""Recorded responses of the postcode lookup (postcodes.io's format), served in place of the
network: `RecordedGeocoder` is installed as apps.place.geocoding.transport."""

import json
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"
URL = "https://api.postcodes.io/postcodes/"


class RecordedGeocoder:
    """Answers a lookup from tests/place/recorded/postcodes_io_<POSTCODE>.json, 404 for any
    other postcode, or raises `error` (a timeout, a refused connection)."""

    def __init__(self, error=None):
        self.error = error
        self.requests = []

    def __call__(self, url, *, timeout):
        self.requests.append((url, timeout))
        if self.error is not None:
            raise self.error
        compact = url.rsplit("/", 1)[-1]
        for path in RECORDED.glob("postcodes_io_*.json"):
            if path.stem.removeprefix("postcodes_io_").replace("_", "") == compact:
                body = path.read_bytes()
                return json.loads(body)["status"], body
        return 404, (RECORDED / "postcodes_io_not_found.json").read_bytes()


def use_recorded_geocoder(settings, monkeypatch, **kwargs):
    from apps.place import geocoding

    settings.GEOCODER_URL = URL
    recorded = RecordedGeocoder(**kwargs)
    monkeypatch.setattr(geocoding, "transport", recorded)
    return recorded
