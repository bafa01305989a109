"""The sector dashboard's disclosure control, on hand-built tables and on the database."""

import pytest

from apps.core.web.disclosure import distribution
from apps.strategy import ecosystem
from tests import factories
from tests.funding.factories import EnquiryFactory, ReferralFactory


def shown(cells):
    return {cell.key: cell.count for cell in cells}


def test_counts_of_one_or_two_are_suppressed_and_zero_is_shown():
    cells = distribution([("a", "A", 2), ("b", "B", 1), ("c", "C", 0), ("d", "D", 9)])
    assert shown(cells) == {"a": None, "b": None, "c": 0, "d": 9}
    assert [c.suppressed for c in cells] == [True, True, False, False]


def test_one_suppressed_cell_takes_the_smallest_complementary_cell_with_it():
    # Total 20 is published: 20 - 9 - 5 - 4 would give the hidden 2 away.
    cells = distribution([("a", "A", 9), ("b", "B", 5), ("c", "C", 4), ("d", "D", 2)])
    assert shown(cells) == {"a": 9, "b": 5, "c": None, "d": None}
    # Differencing now leaves two unknowns: 6 could be 4 + 2, 3 + 3, 5 + 1 ...


def test_without_a_published_total_only_the_small_cell_is_hidden():
    cells = distribution([("a", "A", 9), ("d", "D", 2)], total_published=False)
    assert shown(cells) == {"a": 9, "d": None}


def test_nothing_is_hidden_when_every_count_is_large_enough():
    cells = distribution([("a", "A", 3), ("b", "B", 30)])
    assert shown(cells) == {"a": 3, "b": 30}
    assert cells[1].share == 100 and cells[0].share == 10


@pytest.mark.django_db
def test_dashboard_counts_published_businesses_and_suppresses_small_groups(client):
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    factories.OrganisationFactory.create_batch(5, area=ouseburn, employee_band="1-9")
    lonely = factories.OrganisationFactory(area=quayside, employee_band="50-249", hiring_now=True)
    factories.OrganisationFactory(area=quayside, status="pending")  # never counted
    ReferralFactory(
        enquiry=EnquiryFactory(organisation=lonely), outcome="successful", amount_secured=1000
    )
    data = ecosystem.dashboard()
    assert data["total"] == 6
    by_area = {c.key: c for c in next(ch for ch in data["charts"] if ch.key == "area").cells}
    assert by_area["quayside"].suppressed and by_area["quayside"].count is None
    # Ouseburn's 5 would give Quayside's 1 away from the total of 6: hidden too.
    assert by_area["ouseburn"].suppressed
    assert data["hiring"].suppressed
    funnel = {c.key: c for c in data["funnel"]}
    assert funnel["listed"].count == 6
    assert funnel["funded"].suppressed and funnel["scale-up"].suppressed
    html = client.get("/ecosystem/").content.decode()
    assert "fewer than 3" in html and "Quayside" in html


@pytest.fixture
def three_areas(db):
    """Ouseburn 5, Jesmond 4, Quayside 1 and an empty area: Quayside is suppressed, and
    Jesmond (the smallest complement) with it."""
    from decimal import Decimal

    ouseburn = factories.AreaFactory(
        name="Ouseburn", latitude=Decimal("54.974"), longitude=Decimal("-1.594")
    )
    jesmond = factories.AreaFactory(
        name="Jesmond", latitude=Decimal("54.985"), longitude=Decimal("-1.603")
    )
    quayside = factories.AreaFactory(name="Quayside")  # no centre: the region's
    factories.AreaFactory(name="Empty Valley")
    factories.OrganisationFactory.create_batch(5, area=ouseburn)
    factories.OrganisationFactory.create_batch(4, area=jesmond)
    factories.OrganisationFactory(area=quayside)
    factories.OrganisationFactory.create_batch(3, area=quayside, status="pending")
    return ouseburn, jesmond, quayside


@pytest.mark.django_db
def test_the_map_places_the_area_charts_own_cells_and_links_to_the_directory(
    client, three_areas, settings
):
    settings.MAP_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    data = ecosystem.dashboard()
    chart = {c.key: c for c in next(ch for ch in data["charts"] if ch.key == "area").cells}
    on_map = {p.cell.key: p for p in data["map"]}
    assert set(on_map) == {"ouseburn", "jesmond", "quayside"}  # no marker for an empty area
    for key, point in on_map.items():
        assert point.cell is chart[key]
    assert on_map["ouseburn"].cell.count == 5
    assert on_map["jesmond"].cell.suppressed and on_map["quayside"].cell.suppressed
    assert (on_map["quayside"].latitude, on_map["quayside"].longitude) == (
        ecosystem.Area.REGION_CENTRE
    )
    html = client.get("/ecosystem/").content.decode()
    assert 'id="area-map"' in html and 'data-tiles="https://tile.example.org/' in html
    assert (
        'data-lat="54.974000" data-lng="-1.594000" data-count="5">'
        '<a href="/directory/?area=ouseburn">Ouseburn</a>: 5 businesses</li>'
    ) in html
    assert (
        'data-count="&lt;3"><a href="/directory/?area=jesmond">Jesmond</a>: '
        "fewer than 3 businesses</li>"
    ) in html
    assert "area=empty-valley" not in html
    assert ": 4 businesses" not in html and ": 1 business" not in html
    # The directory link filters by that area.
    directory = client.get("/directory/?area=ouseburn")
    assert directory.context["page_obj"].paginator.count == 5


@pytest.mark.django_db
def test_the_map_is_a_geojson_download_with_the_same_suppression(client, three_areas):
    body = b"".join(client.get("/data/ecosystem.geojson").streaming_content)
    import json

    features = json.loads(body)["features"]
    areas = {f["properties"]["category"]: f for f in features if f["geometry"]}
    assert set(areas) == {"ouseburn", "jesmond", "quayside"}
    assert areas["ouseburn"]["geometry"]["coordinates"] == [-1.594, 54.974]
    assert areas["ouseburn"]["properties"]["count"] == 5
    assert areas["jesmond"]["properties"]["count"] is None
    assert all(f["properties"]["measure"] == "area" for f in areas.values())
    assert "point" not in features[0]["properties"]
    csv = b"".join(client.get("/data/ecosystem.csv").streaming_content).decode()
    assert "point" not in csv.splitlines()[0] and "-1.594" not in csv


@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            area = factories.AreaFactory(name=f"Area {n}-{i}")
            factories.OrganisationFactory.create_batch(3, area=area)

    add(2)
    with django_assert_max_num_queries(20) as small:
        assert client.get("/ecosystem/").status_code == 200
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get("/ecosystem/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_funding_bands_count_each_business_once_by_what_it_secured_in_all():
    businesses = factories.OrganisationFactory.create_batch(9)
    # Three at £60,000 in all (two successful referrals of £30,000 each), three at
    # £2 million, and a failed referral that counts for nothing.
    for business in businesses[:3]:
        enquiry = EnquiryFactory(organisation=business)
        ReferralFactory.create_batch(
            2, enquiry=enquiry, outcome="successful", amount_secured=30_000
        )
    for business in businesses[3:6]:
        ReferralFactory(
            enquiry=EnquiryFactory(organisation=business),
            outcome="successful",
            amount_secured=2_000_000,
        )
    ReferralFactory(
        enquiry=EnquiryFactory(organisation=businesses[6]),
        outcome="unsuccessful",
        amount_secured=500_000,
    )
    hidden = factories.OrganisationFactory(status="pending")
    ReferralFactory(
        enquiry=EnquiryFactory(organisation=hidden), outcome="successful", amount_secured=10
    )
    chart = next(ch for ch in ecosystem.dashboard()["charts"] if ch.key == "funding")
    assert shown(chart.cells) == {
        "none": 3,
        "under-50k": 0,
        "50k-250k": 3,
        "250k-1m": 0,
        "1m-plus": 3,
    }
    assert chart.total == 9
    rows = [r for r in ecosystem.dataset_rows() if r["measure"] == "funding"]
    assert {r["category"]: r["count"] for r in rows}["1m-plus"] == 3
