"""A landlord gives a postcode, not coordinates: the postcode lookup places the pin, the
area's centre stands in when the lookup is off, fails or is slow, and the optional
latitude and longitude move the pin. Lookups use recorded responses, never the network."""

import socket
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.models import Area
from apps.core.moderation import links
from apps.core.moderation.models import Status
from apps.place import geocoding
from apps.place.models import Building
from tests import factories
from tests.place.data import building_form_data, space_row
from tests.place.recorded import RecordedGeocoder, use_recorded_geocoder

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return factories.AreaFactory(
        name="Ouseburn", latitude=Decimal("54.975300"), longitude=Decimal("-1.592000")
    )


def send(client, area, django_capture_on_commit_callbacks, **overrides):
    data = building_form_data(area, spaces=[space_row()], latitude="", longitude="")
    data.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("place:add"), data)


def test_the_postcode_places_the_building(
    client, area, settings, monkeypatch, django_capture_on_commit_callbacks
):
    recorded = use_recorded_geocoder(settings, monkeypatch)
    response = send(client, area, django_capture_on_commit_callbacks, postcode="ne1 2pq")
    assert response.status_code == 302
    building = Building.objects.get()
    assert (building.latitude, building.longitude) == (Decimal("54.973631"), Decimal("-1.594372"))
    assert recorded.requests == [("https://api.postcodes.io/postcodes/NE12PQ", 2.0)]


@pytest.mark.parametrize(
    "kwargs, postcode",
    [
        ({}, "NE9 9ZZ"),  # the service does not know it: 404
        ({}, "SW1A 1AA"),  # found, but not in Newcastle or Gateshead
        ({"error": TimeoutError("timed out")}, "NE1 2PQ"),
        ({"error": socket.gaierror("no network")}, "NE1 2PQ"),
        ({"error": ConnectionRefusedError()}, "NE1 2PQ"),
    ],
)
def test_without_an_answer_the_building_goes_at_its_areas_centre(
    client, area, settings, monkeypatch, kwargs, postcode, django_capture_on_commit_callbacks
):
    use_recorded_geocoder(settings, monkeypatch, **kwargs)
    response = send(client, area, django_capture_on_commit_callbacks, postcode=postcode)
    assert response.status_code == 302
    building = Building.objects.get()
    assert (building.latitude, building.longitude) == (area.latitude, area.longitude)


def test_with_the_lookup_off_nothing_is_requested(
    client, area, settings, monkeypatch, django_capture_on_commit_callbacks
):
    recorded = RecordedGeocoder()
    monkeypatch.setattr(geocoding, "transport", recorded)
    settings.GEOCODER_URL = ""
    assert send(client, area, django_capture_on_commit_callbacks).status_code == 302
    assert recorded.requests == []
    assert Building.objects.get().latitude == area.latitude


def test_an_area_without_a_centre_falls_back_to_the_middle_of_newcastle(
    client, django_capture_on_commit_callbacks
):
    bare = factories.AreaFactory(name="Somewhere New")
    assert send(client, bare, django_capture_on_commit_callbacks).status_code == 302
    building = Building.objects.get()
    assert (building.latitude, building.longitude) == Area.REGION_CENTRE


def test_a_pin_the_landlord_sets_wins_over_the_postcode(
    client, area, settings, monkeypatch, django_capture_on_commit_callbacks
):
    recorded = use_recorded_geocoder(settings, monkeypatch)
    response = send(
        client, area, django_capture_on_commit_callbacks, latitude="54.9701", longitude="-1.6"
    )
    assert response.status_code == 302
    building = Building.objects.get()
    assert (building.latitude, building.longitude) == (Decimal("54.9701"), Decimal("-1.6"))
    assert recorded.requests == []


@pytest.mark.parametrize(
    "latitude, longitude, field, message",
    [
        ("54.97", "", "longitude", "Enter the longitude too, or leave both blank."),
        ("", "-1.6", "latitude", "Enter the latitude too, or leave both blank."),
        ("51.5", "-0.12", "latitude", "Enter a latitude in Newcastle or Gateshead"),
        ("north", "-1.6", "latitude", "Enter the latitude as a number"),
    ],
)
def test_a_half_or_wrong_pin_is_an_error_next_to_the_field(
    client, area, latitude, longitude, field, message, django_capture_on_commit_callbacks
):
    response = send(
        client, area, django_capture_on_commit_callbacks, latitude=latitude, longitude=longitude
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    # The position section is open, so the error is visible, and the typed value is kept.
    assert '<details class="details position" open>' in html
    assert Building.objects.count() == 0


def test_the_form_asks_for_a_postcode_and_tucks_the_coordinates_away(client, area):
    html = client.get(reverse("place:add")).content.decode()
    assert "We use it to put the building on the map." in html
    assert '<details class="details position">' in html
    assert "Adjust the position on the map (optional)" in html
    position = html[html.index('<details class="details position">') :]
    position = position[: position.index("</details>")]
    assert 'name="latitude"' in position and 'name="longitude"' in position
    assert "required" not in position.split('name="latitude"')[1].split(">")[0]


def test_an_edit_with_a_new_postcode_moves_the_pin(
    client, area, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # Not yet published, so the edit applies at once (a live one waits for review).
    building = factories.BuildingFactory(
        area=area,
        postcode="NE6 1AA",
        latitude=Decimal("54.98"),
        longitude=Decimal("-1.57"),
        status=Status.PENDING,
    )
    use_recorded_geocoder(settings, monkeypatch)
    url = grant_edit(client, building)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(postcode="NE1 2PQ", amenities=[], homepage="")
    data.pop("step_free", None)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    building.refresh_from_db()
    assert (building.latitude, building.longitude) == (Decimal("54.973631"), Decimal("-1.594372"))


def grant_edit(client, building):
    """Open the building's manage link in this client; return the edit page's address."""
    return client.get(links.make_url(purpose="manage", obj=building)).url


def test_the_client_never_raises_and_refuses_odd_postcodes(settings, monkeypatch):
    recorded = use_recorded_geocoder(settings, monkeypatch)
    assert geocoding.postcode_location("NE1 2PQ") == (Decimal("54.973631"), Decimal("-1.594372"))
    assert geocoding.postcode_location("../admin") is None
    assert geocoding.postcode_location("") is None
    assert [url for url, _ in recorded.requests] == ["https://api.postcodes.io/postcodes/NE12PQ"]
    monkeypatch.setattr(geocoding, "transport", lambda url, timeout: (200, b"<html>"))
    assert geocoding.postcode_location("NE1 2PQ") is None
    monkeypatch.setattr(geocoding, "transport", lambda url, timeout: (200, b'{"result": null}'))
    assert geocoding.postcode_location("NE1 2PQ") is None
