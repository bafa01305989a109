"""The office-space maps have streets: OpenStreetMap tiles with their attribution by
default, allowed by the CSP (the tile host and nothing else), overridable by settings; a
small map on building and space pages, with a plain link for readers without JavaScript."""

import pytest
from django.urls import reverse

from strategy_portal.settings import tile_source
from tests import factories

pytestmark = pytest.mark.django_db


def csp_img_src(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("img-src")).split()


def test_the_search_map_has_openstreetmap_tiles_and_attribution_by_default(client):
    factories.SpaceFactory()
    response = client.get(reverse("place:search"))
    html = response.content.decode()
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "https://www.openstreetmap.org/copyright" in html  # the attribution
    assert csp_img_src(response) == ["img-src", "'self'", "data:", "https://tile.openstreetmap.org"]


@pytest.mark.parametrize(
    "url, source",
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.gov.uk/os/{z}/{x}/{y}.png", "https://*.tiles.example.gov.uk"),
        ("http://maps.internal:8080/{z}/{x}/{y}.png", "http://maps.internal:8080"),
    ],
)
def test_the_csp_allows_only_the_configured_tile_host(url, source):
    assert tile_source(url) == source


def test_a_council_can_use_its_own_tile_provider(client, settings):
    settings.MAP_TILE_URL = "https://maps.example.gov.uk/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Contains OS data"
    factories.SpaceFactory()
    html = client.get(reverse("place:search")).content.decode()
    assert 'data-tiles="https://maps.example.gov.uk/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="Contains OS data"' in html
    assert "tile.openstreetmap.org" not in html


def test_building_and_space_pages_show_a_small_map_with_a_link_for_no_javascript(client):
    space = factories.SpaceFactory()
    building = space.building
    for url in (building.get_absolute_url(), space.get_absolute_url()):
        html = client.get(url).content.decode()
        lat, lng = building.latitude, building.longitude
        assert f'class="mini-map" data-lat="{lat}" data-lng="{lng}"' in html
        assert (
            f"https://www.openstreetmap.org/?mlat={building.latitude}&amp;mlon={building.longitude}"
            in html
        )
        assert "js/place-map.js" in html
