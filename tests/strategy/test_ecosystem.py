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
