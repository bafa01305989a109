"""Journeys in Chromium for issue 18's items 1-3 and 12: an image chosen before a form error
is kept (without JavaScript too), the office-space maps have streets (tiles answered
locally, never fetched) and markers big enough to hit, and a landlord gives a postcode and
may move the pin."""

import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from apps.core.moderation import links
from apps.place.models import Building
from apps.profile.models import Organisation
from tests import factories
from tests.e2e import browser as b
from tests.e2e import profile_flows as flows
from tests.e2e.test_place_journeys import BUILDING, fill_space
from tests.place.recorded import use_recorded_geocoder


def test_a_logo_chosen_before_a_form_error_is_kept_without_javascript(new_context, directory):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/directory/add/")
    flows.fill_with_mistakes(page)
    page.get_by_label("Business name").fill(flows.BUSINESS["name"])
    page.get_by_label("Your email address").fill(flows.BUSINESS["email"])
    page.get_by_label("Logo").set_input_files(flows.LOGO)
    page.get_by_label("We are hiring now").check()  # and no jobs page: an error
    page.get_by_label("I confirm that I may share these details").check()
    flows.submit(page, flows.send_button(page))
    expect(page.get_by_role("link", name=re.compile("address of your jobs page"))).to_be_visible()
    thumbnail = page.get_by_role("img", name="The image you chose")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the kept logo does not show"
    page.get_by_label("Jobs page address").fill("https://widgets.example.com/jobs")
    flows.submit(page, flows.send_button(page))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    logo = Organisation.objects.get(name=flows.BUSINESS["name"]).logo
    assert logo and logo.read().startswith(b"\x89PNG")


def _crowded_spaces(portal):
    """Three more buildings a few metres from the Toffee Factory: their pins would overlap."""
    area = portal["building"].area
    for n in range(3):
        building = factories.BuildingFactory(
            name=f"Crowded Court {n}",
            area=area,
            latitude=portal["building"].latitude + Decimal("0.00002") * n,
            longitude=portal["building"].longitude + Decimal("0.00002") * n,
        )
        factories.SpaceFactory(building=building, name=f"Crowded desk {n}")


def _pin_boxes(page: Page):
    return page.locator(".space-map .map-pin").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent}; })"
    )


def _overlap(a, b):
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and (a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    )


def test_the_space_map_has_streets_and_markers_that_never_overlap(audit_page, portal):
    _crowded_spaces(portal)
    b.TILE_REQUESTS.clear()
    page = audit_page
    response = page.goto("/spaces/")
    expect(page.locator(".space-map .leaflet-tile-loaded").first).to_be_visible()
    assert b.TILE_REQUESTS and all(
        url.startswith("https://tile.openstreetmap.org/") for url in b.TILE_REQUESTS
    )
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    # Four buildings within a few metres: one numbered cluster, every target 24 px or more.
    cluster = page.get_by_role("button", name="4 buildings close together: select to zoom in")
    expect(cluster).to_be_visible()
    boxes = _pin_boxes(page)
    assert boxes and all(box["w"] >= 24 and box["h"] >= 24 for box in boxes), boxes
    assert not any(_overlap(a, c) for i, a in enumerate(boxes) for c in boxes[i + 1 :]), boxes
    page.screenshot(path=b.SCREENSHOTS / "map-spaces-1280.png")
    audit = b.Audit()
    audit.check(page, "spaces-map-crowded", response)
    assert audit.violation_count() == 0, audit.report()
    # Selecting the cluster zooms in; at the closest zoom its popup lists every building.
    page.set_viewport_size(b.DESKTOP)
    for _ in range(8):
        cluster = page.locator(".space-map .map-pin--cluster")
        if not cluster.count():
            break
        cluster.first.click()
        page.wait_for_timeout(400)  # Leaflet's zoom animation
        popup = page.locator(".leaflet-popup-content")
        if popup.count():
            expect(popup.get_by_role("link")).to_have_count(4)
            break
    boxes = _pin_boxes(page)
    assert not any(_overlap(a, c) for i, a in enumerate(boxes) for c in boxes[i + 1 :]), boxes


def test_building_and_space_pages_show_a_small_map(page, new_context, portal):
    b.TILE_REQUESTS.clear()
    page.goto(portal["building"].get_absolute_url())
    mini = page.locator(".mini-map")
    expect(mini.locator(".leaflet-tile-loaded").first).to_be_visible()
    expect(mini.locator(".map-pin")).to_have_count(1)
    page.goto(portal["space"].get_absolute_url())
    expect(page.locator(".mini-map .leaflet-tile-loaded").first).to_be_visible()
    assert b.TILE_REQUESTS
    page.screenshot(path=b.SCREENSHOTS / "map-building-page-1280.png", full_page=True)
    # Without JavaScript: a link to the building on OpenStreetMap instead.
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(portal["building"].get_absolute_url())
    expect(plain.get_by_role("link", name="See Toffee Factory on OpenStreetMap")).to_be_visible()
    expect(plain.locator(".mini-map__canvas")).to_be_hidden()


def _fill_listing(page: Page):
    page.goto("/spaces/add/")
    for key, value in BUILDING.items():
        page.locator(f"form [name='{key}']").fill(value)
    page.get_by_label("Which area is it in?").select_option(label="Ouseburn")
    fill_space(
        page,
        0,
        {
            "name": "Kiln Room",
            "desks_min": "8",
            "desks_max": "14",
            "size_sqft": "900",
            "price": "190",
        },
    )
    page.get_by_label("I confirm that I may list this space").check()


def test_a_landlord_gives_a_postcode_and_the_portal_places_the_building(
    page, directory, settings, monkeypatch
):
    recorded = use_recorded_geocoder(settings, monkeypatch)
    _fill_listing(page)
    expect(page.get_by_label("Latitude")).to_be_hidden()  # tucked away: the postcode is enough
    page.get_by_label("Postcode").scroll_into_view_if_needed()
    page.screenshot(path=b.SCREENSHOTS / "landlord-form-postcode-1280.png", full_page=True)
    flows.submit(page, page.get_by_role("button", name="Send for review"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    building = Building.objects.get(name=BUILDING["name"])
    assert (building.latitude, building.longitude) == (Decimal("54.973631"), Decimal("-1.594372"))
    assert [url for url, _ in recorded.requests] == ["https://api.postcodes.io/postcodes/NE12PQ"]


def test_a_landlord_moves_the_pin_on_the_map(page, directory):
    _fill_listing(page)
    page.get_by_text("Adjust the position on the map (optional)").click()
    canvas = page.locator(".pin-map__canvas")
    expect(canvas.locator(".leaflet-tile-loaded").first).to_be_visible()
    canvas.click(position={"x": 120, "y": 90})
    expect(page.get_by_label("Latitude")).to_have_value(re.compile(r"^54\.\d{6}$"))
    expect(page.get_by_label("Longitude")).to_have_value(re.compile(r"^-1\.\d{6}$"))
    expect(canvas.locator(".map-pin")).to_have_count(1)
    page.screenshot(path=b.SCREENSHOTS / "landlord-form-pin-1280.png", full_page=True)
    latitude = Decimal(page.get_by_label("Latitude").input_value())
    longitude = Decimal(page.get_by_label("Longitude").input_value())
    flows.submit(page, page.get_by_role("button", name="Send for review"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    building = Building.objects.get(name=BUILDING["name"])
    assert (building.latitude, building.longitude) == (latitude, longitude)


def test_the_landlords_photo_and_update_pages_pass_axe(audit_page, portal):
    building = portal["building"]
    page = audit_page
    page.goto(links.make_url(purpose="manage", obj=building).split("testserver", 1)[1])
    audit = b.Audit()
    audit.check(page, "spaces-update", page.goto(f"/spaces/update/{building.reference}/"))
    url = f"/spaces/update/{building.reference}/photos/"
    audit.check(page, "spaces-photos", page.goto(url))
    page.get_by_label("Describe the photo").fill("A photo I forgot to choose")
    response = flows.submit(page, page.get_by_role("button", name="Save photos"))
    expect(
        page.get_by_text("Choose a photo to add, or leave this row blank.").first
    ).to_be_visible()
    audit.check(page, "spaces-photos-errors", response)
    audit.validate_html()
    assert audit.violation_count() == 0, audit.report()
    assert audit.html_error_count() == 0, audit.report()


def test_the_sector_dashboard_maps_businesses_by_area_with_a_list_without_javascript(
    audit_page, new_context, portal
):
    """Each area with businesses is one 32 px marker showing its (suppressed) count and
    linking to the directory filtered by that area; without JavaScript, the same list."""
    b.TILE_REQUESTS.clear()
    page = audit_page
    response = page.goto("/ecosystem/")
    box = page.locator("#area-map")
    expect(box.locator(".leaflet-tile-loaded").first).to_be_visible()
    items = page.locator("#area-map-points li")
    expect(items.first).to_be_visible()  # the list stays as the text alternative
    pins = box.locator(".map-pin")
    expect(pins.first).to_be_visible()
    boxes = pins.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert boxes and all(w >= 32 and h >= 32 for w, h in boxes), boxes
    first = items.first.inner_text()
    marker = page.get_by_role("button", name=first)
    if marker.count():  # a lone area (not clustered): its popup links to the directory
        marker.click()
        link = page.locator(".leaflet-popup-content a").first
        expect(link).to_have_attribute("href", re.compile(r"/directory/\?area="))
    audit = b.Audit()
    audit.check(page, "ecosystem-map", response)
    assert audit.violation_count() == 0, audit.report()
    page.screenshot(path=b.SCREENSHOTS / "map-ecosystem-1280.png")
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto("/ecosystem/")
    expect(plain.locator("#area-map")).to_be_hidden()
    expect(plain.locator("#area-map-points a").first).to_have_attribute(
        "href", re.compile(r"^/directory/\?area=")
    )
