"""The /spaces/ search, the GeoJSON for its map, and the pages that list spaces."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.opendata import registry
from apps.opendata.parameters import SLUG_PATTERN, filter_parameters
from apps.place.filters import SpaceFilter
from apps.place.models import Space, SpaceNeed
from apps.place.views import PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world():
    """A hand-built set of spaces, each with the facts the filters look at."""
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    showers = factories.AmenityFactory(name="Showers")
    bikes = factories.AmenityFactory(name="Bike storage")
    works = factories.BuildingFactory(
        name="Foundry Works", area=ouseburn, step_free=True, amenities=[showers, bikes]
    )
    exchange = factories.BuildingFactory(
        name="Quay Exchange", area=quayside, step_free=False, amenities=[showers]
    )
    K, P = Space.Kind, Space.PriceBasis
    specs = [
        # building, name, kind, desks min-max, size, price, basis, available in days
        (works, "office-a", K.PRIVATE_OFFICE, 4, 8, 600, "250", P.DESK_MONTH, 0),
        (works, "hot-desk", K.HOT_DESK, 1, 1, 40, "150", P.DESK_MONTH, 0),
        (works, "big-lab", K.LAB, 10, 20, 3000, "24", P.SQFT_YEAR, 30),  # 300 per desk
        (exchange, "office-b", K.PRIVATE_OFFICE, 8, 12, 1000, "320", P.DESK_MONTH, 5),
        (exchange, "desks", K.DEDICATED_DESK, 1, 6, 300, "199.99", P.DESK_MONTH, 60),
        (exchange, "floor", K.PRIVATE_OFFICE, 20, 40, 5000, "19.2", P.SQFT_YEAR, 0),  # 200
    ]
    spaces = {}
    for index, (building, name, kind, low, high, size, price, basis, days) in enumerate(specs):
        spaces[name] = factories.SpaceFactory(
            building=building,
            name=name,
            slug=name,
            kind=kind,
            desks_min=low,
            desks_max=high,
            size_sqft=size,
            price=Decimal(price),
            price_basis=basis,
            available_from=day(days),
            created_at=timezone.now() - datetime.timedelta(days=index),
        )
    for space in spaces.values():
        space.refresh_from_db()  # read the generated monthly price
    return {
        "amenity_slugs": {
            works.pk: {"showers", "bike-storage"},
            exchange.pk: {"showers"},
        },
        "areas": {"ouseburn": ouseburn, "quayside": quayside},
        "amenities": {"showers": showers, "bike-storage": bikes},
        "spaces": spaces,
    }


def _expected(world, params):
    """The spaces that should match, decided in Python from the hand-built facts."""
    result = set()
    for name, space in world["spaces"].items():
        building = space.building
        if params.get("area") and building.area.slug != params["area"]:
            continue
        if params.get("kind") and space.kind != params["kind"]:
            continue
        if params.get("desks") and not space.desks_min <= params["desks"] <= space.desks_max:
            continue
        if params.get("max_price") is not None and space.monthly_price_per_desk > Decimal(
            params["max_price"]
        ):
            continue
        if params.get("available_by") and space.available_from > params["available_by"]:
            continue
        wanted = set(params.get("amenities") or [])
        if wanted - world["amenity_slugs"][building.pk]:
            continue
        if params.get("step_free") and not building.step_free:
            continue
        result.add(name)
    return result


def _found(params):
    data = {k: v for k, v in params.items() if v not in (None, [], "")}
    filterset = SpaceFilter(data, queryset=Space.objects.for_search())
    assert filterset.is_valid(), filterset.form.errors
    return {space.slug for space in filterset.qs}


def test_the_generated_price_converts_per_square_foot_rents(world):
    # 24 per sq ft per year x 3000 sq ft / 12 months / 20 desks
    assert world["spaces"]["big-lab"].monthly_price_per_desk == Decimal("300.00")
    assert world["spaces"]["floor"].monthly_price_per_desk == Decimal("200.00")


def test_every_filter_and_combination_matches_the_hand_built_set(world):
    options = {
        "area": [None, "ouseburn", "quayside"],
        "kind": [None, "private_office", "hot_desk"],
        "desks": [None, 1, 8, 20, 41],
        "max_price": [None, 200, 250, 299],
        "amenities": [[], ["showers"], ["showers", "bike-storage"]],
        "available_by": [None, day(5)],
        "step_free": [None, True],
    }
    seen_non_empty = 0
    for values in itertools.product(*options.values()):
        params = dict(zip(options, values, strict=True))
        expected = _expected(world, params)
        assert _found(params) == expected, params
        seen_non_empty += bool(expected)
    # The set is rich enough that many combinations match something.
    assert seen_non_empty > 100


@pytest.mark.parametrize(
    ("desks", "expected"),
    [
        (3, set()),  # one below office-a's minimum
        (4, {"office-a"}),  # exactly the minimum
        (8, {"office-a", "office-b"}),  # office-a's maximum and office-b's minimum
        (9, {"office-b"}),  # one above office-a's maximum
        (12, {"office-b", "big-lab"}),
        (13, {"big-lab"}),
    ],
)
def test_desk_fit_at_the_edges(world, desks, expected):
    assert (
        _found({"desks": desks, "kind": None, "area": None})
        - {
            "hot-desk",
            "desks",
            "floor",
        }
        == expected
    )


def test_the_page_lists_matches_and_keeps_filters_in_pagination(client, world, settings):
    for n in range(25):
        factories.SpaceFactory(
            building=world["spaces"]["office-a"].building, name=f"extra {n}", desks_min=2
        )
    response = client.get(reverse("place:search"), {"area": "ouseburn", "desks": "3"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == 25
    assert b'href="?area=ouseburn&amp;desks=3&amp;page=2"' in response.content
    second = client.get(reverse("place:search"), {"area": "ouseburn", "desks": "3", "page": 2})
    assert len(second.context["page_obj"].object_list) == 5


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("price", "hot-desk", "office-b"),
        ("price_desc", "office-b", "hot-desk"),
        ("size", "hot-desk", "floor"),
        ("size_desc", "floor", "hot-desk"),
        ("newest", "office-a", "floor"),
        ("nonsense", "office-a", "floor"),
    ],
)
def test_it_sorts(client, world, sort, first, last):
    response = client.get(reverse("place:search"), {"sort": sort})
    names = [space.slug for space in response.context["page_obj"].object_list]
    assert (names[0], names[-1]) == (first, last)


@pytest.mark.parametrize(
    "params",
    [
        {"desks": "lots"},
        {"desks": "-3"},
        {"max_price": "-1"},
        {"max_price": "1e999"},
        {"available_by": "next tuesday"},
        {"area": "atlantis"},
        {"kind": "castle"},
        {"amenities": ["jacuzzi"]},
        {"page": "'; drop table"},
        {"desks": "99999999999999999999"},
    ],
)
def test_a_bad_filter_value_is_ignored_and_reported_not_a_500(client, world, params):
    response = client.get(reverse("place:search"), params)
    assert response.status_code == 200
    if "page" not in params:
        assert b"Some filters were not understood" in response.content
    assert response.context["page_obj"].paginator.count == len(world["spaces"])


def _hidden_spaces():
    """One space for every reason a space must stay out of public view."""
    hidden = {}
    for status in [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]:
        building = factories.BuildingFactory(name=f"Hidden {status}", status=status)
        hidden[status] = factories.SpaceFactory(building=building, name=f"Secret {status}")
    live_building = factories.BuildingFactory(name="Live Building")
    hidden["expired-date"] = factories.SpaceFactory(
        building=live_building, name="Secret past date", expires_on=day(-1)
    )
    hidden["expired-state"] = factories.SpaceFactory(
        building=live_building, name="Secret expired", state=Space.State.EXPIRED
    )
    hidden["withdrawn"] = factories.SpaceFactory(
        building=live_building, name="Secret withdrawn", state=Space.State.WITHDRAWN
    )
    visible = factories.SpaceFactory(building=live_building, name="Visible suite")
    return hidden, visible, live_building


def test_unpublished_expired_and_rejected_spaces_never_appear(client):
    hidden, visible, live_building = _hidden_spaces()
    search = client.get(reverse("place:search")).content.decode()
    geojson = client.get(reverse("place:geojson")).json()
    building_page = client.get(live_building.get_absolute_url()).content.decode()
    listing_page = client.get(visible.get_absolute_url()).content.decode()

    assert "Visible suite" in search
    assert "Visible suite" in building_page
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Live Building"]
    assert geojson["features"][0]["properties"]["spaces"] == 1
    for space in hidden.values():
        assert space.name not in search
        assert space.name not in building_page
        assert space.name not in listing_page  # "other spaces in this building"
        assert client.get(space.get_absolute_url()).status_code == 404
    for status in [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]:
        assert hidden[status].building.name not in search
        assert client.get(hidden[status].building.get_absolute_url()).status_code == 404


def test_geojson_follows_the_filters_and_puts_longitude_first(client, world):
    data = client.get(reverse("place:geojson"), {"area": "quayside", "desks": "10"}).json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [-1.603, 54.969]
    assert feature["properties"]["name"] == "Quay Exchange"
    assert feature["properties"]["spaces"] == 1  # office-b only
    assert feature["properties"]["label"] == "Quay Exchange, Quayside: 1 matching space"
    assert client.get(reverse("place:geojson"), {"desks": "x"}).status_code == 200


def test_the_landlords_private_email_is_never_shown(client, world):
    space = world["spaces"]["office-a"]
    for url in [
        reverse("place:search"),
        space.get_absolute_url(),
        space.building.get_absolute_url(),
        reverse("place:geojson"),
    ]:
        content = client.get(url).content.decode()
        assert space.building.contact_email not in content
        assert space.building.landlord.contact_email not in content
        assert "Private Landlord" not in content


def _many(n):
    area = factories.AreaFactory(name="Ouseburn")
    amenities = [factories.AmenityFactory(name=f"Perk {i}") for i in range(3)]
    buildings = [
        factories.BuildingFactory(name=f"Block {i}", area=area, amenities=amenities)
        for i in range(max(1, n // 3))
    ]
    spaces = [
        factories.SpaceFactory(building=buildings[i % len(buildings)], name=f"Unit {i}")
        for i in range(n)
    ]
    for building in buildings:
        for i in range(2):
            building.photos.create(image=f"buildings/{building.slug}-{i}.jpg", alt_text="Office")
    return spaces


@pytest.mark.parametrize("n", [3, 30])
def test_search_query_count_is_constant(client, django_assert_max_num_queries, n):
    _many(n)
    for _ in range(n):
        factories.SpaceNeedFactory()
    # the chosen area (checked and read by its slug), the area and the amenity options,
    # the page of spaces with their buildings and areas, the count (only when that first
    # page is full), the demand totals
    with django_assert_max_num_queries(6 if n > PAGE_SIZE else 5):
        response = client.get(reverse("place:search"), {"sort": "price", "area": "ouseburn"})
    assert response.context["page_obj"].paginator.count == n


@pytest.mark.parametrize("n", [3, 30])
def test_listing_page_query_count_is_constant(client, django_assert_max_num_queries, n):
    spaces = _many(n)
    # the live spaces of the building (this one and the others listed), each with the
    # building, area, landlord, amenity names and photos
    with django_assert_max_num_queries(1):
        response = client.get(spaces[0].get_absolute_url())
    assert response.status_code == 200
    assert (
        len(response.context["others"])
        == len([s for s in spaces if s.building_id == spaces[0].building_id]) - 1
    )


def test_a_space_page_lists_the_other_live_spaces_of_its_own_building_only(client):
    """The page's one query finds the building through the slug (in_building_of)."""
    space = factories.SpaceFactory(name="This suite", slug="this-suite")
    sibling = factories.SpaceFactory(building=space.building, name="Sibling suite")
    factories.SpaceFactory(name="Elsewhere suite")  # another building
    response = client.get(space.get_absolute_url())
    assert response.context["space"] == space
    assert response.context["others"] == [sibling]
    assert "Elsewhere suite" not in response.content.decode()
    assert client.get(reverse("place:detail", args=["no-such-suite"])).status_code == 404
    assert set(Space.objects.in_building_of("this-suite")) == {space, sibling}
    assert not Space.objects.in_building_of("no-such-suite").exists()


def test_a_space_page_shows_its_buildings_amenities_and_photos_in_order(client):
    """Amenity names and photos come as arrays in the space's row (for_page), not prefetches."""
    showers = factories.AmenityFactory(name="Showers")
    bikes = factories.AmenityFactory(name="Bikes")
    space = factories.SpaceFactory(building__amenities=[showers, bikes])
    other = factories.SpaceFactory(building__amenities=[factories.AmenityFactory(name="Gym")])
    space.building.photos.create(image="buildings/second.jpg", alt_text="The stair", position=2)
    space.building.photos.create(image="buildings/first.jpg", alt_text="The front", position=1)
    other.building.photos.create(image="buildings/elsewhere.jpg", alt_text="Not this one")
    content = client.get(space.get_absolute_url()).content.decode()
    amenities = content.split('aria-label="Amenities">')[1].split("</ul>")[0]
    assert amenities == (
        '<li class="tag tag--muted">Bikes</li><li class="tag tag--muted">Showers</li>'
    )
    photos = content.split('class="photo-grid plain-list"')[1].split("</ul>")[0]
    assert '<img src="/media/buildings/first.jpg" alt="The front"' in photos
    assert photos.index("first.jpg") < photos.index("second.jpg")
    assert "elsewhere.jpg" not in photos

    bare = factories.SpaceFactory()
    content = client.get(bare.get_absolute_url()).content.decode()
    assert "Amenities" not in content
    assert "photo-grid" not in content


@pytest.mark.parametrize("n", [3, 30])
def test_building_page_and_geojson_query_counts_are_constant(
    client, django_assert_max_num_queries, n
):
    spaces = _many(n)
    # the building with area and landlord; amenities; photos; live spaces
    with django_assert_max_num_queries(4):
        assert client.get(spaces[0].building.get_absolute_url()).status_code == 200
    # the matching buildings with their counts
    with django_assert_max_num_queries(1):
        assert client.get(reverse("place:geojson")).status_code == 200
    # and the chosen area, checked and read by its slug
    with django_assert_max_num_queries(2):
        assert client.get(reverse("place:geojson"), {"area": "ouseburn"}).status_code == 200


def test_the_search_page_shows_total_demand_without_naming_anyone(client):
    factories.SpaceNeedFactory(organisation_name="Secret Robotics", desks_min=10, desks_max=12)
    factories.SpaceNeedFactory(desks_min=5)
    factories.SpaceNeedFactory(desks_min=100, desks_max=200, status=Status.UNCONFIRMED)
    factories.SpaceNeedFactory(desks_min=100, desks_max=200, status=Status.ARCHIVED)
    content = client.get(reverse("place:search")).content.decode()
    assert "Right now 2 businesses are waiting to hear about space" in content
    assert "at least 15 desks" in content
    assert "Secret Robotics" not in content


def test_an_unknown_area_or_amenity_is_reported_by_its_field(client, world):
    response = client.get(reverse("place:search"), {"area": "atlantis", "amenities": "moat"})
    errors = response.context["filter"].form.errors
    assert errors == {
        "area": ["Select a valid choice. That choice is not one of the available choices."],
        "amenities": ["Select a valid choice. moat is not one of the available choices."],
    }
    assert response.context["page_obj"].paginator.count == len(world["spaces"])


def test_demand_totals_count_only_active_needs_with_or_without_a_narrowed_queryset(
    django_assert_num_queries,
):
    assert SpaceNeed.objects.demand_summary() == {"businesses": 0, "desks": None}
    factories.SpaceNeedFactory(organisation_name="Alpha", desks_min=10, desks_max=12)
    factories.SpaceNeedFactory(organisation_name="Beta", desks_min=5)
    factories.SpaceNeedFactory(desks_min=100, desks_max=200, status=Status.UNCONFIRMED)
    with django_assert_num_queries(1):
        assert SpaceNeed.objects.demand_summary() == {"businesses": 2, "desks": 15}
    narrowed = SpaceNeed.objects.filter(organisation_name="Alpha")
    assert narrowed.demand_summary() == {"businesses": 1, "desks": 10}


def test_the_api_documents_area_and_amenities_as_slugs_not_a_fixed_list():
    # Their options come from the database: not an enum in the schema, unlike `kind`.
    parameters = {p.name: p.openapi() for p in filter_parameters(registry.get("spaces"))}
    slug = {"type": "string", "pattern": SLUG_PATTERN}
    assert parameters["area"]["schema"] == slug
    assert parameters["amenities"]["schema"] == {"type": "array", "items": slug}
    assert sorted(parameters["kind"]["schema"]["enum"]) == sorted(Space.Kind.values)


def test_search_results_read_a_cards_columns_in_one_query_and_count_without_them(
    django_assert_num_queries,
):
    _many(3)
    spaces = Space.objects.for_search().order_by("pk")
    with django_assert_num_queries(1) as captured:
        assert spaces.count() == 3
    # Only the building (for "published"): the card's area adds no join to a count.
    assert "core_area" not in captured.captured_queries[0]["sql"]
    # The page of spaces with their buildings and areas: reading what a card shows
    # sends no query of its own.
    with django_assert_num_queries(1):
        cards = [
            (card.slug, card.title, card.desks_label, card.price, card.building.area.name)
            for card in spaces
        ]
    assert [card[0] for card in cards] == list(
        Space.objects.live().order_by("pk").values_list("slug", flat=True)
    )
    assert all(card[4] == "Ouseburn" for card in cards)
