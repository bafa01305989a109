"""The public funding list: what appears, the filters and the query budget."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.funding.models import Opportunity
from tests import factories
from tests.funding.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)
DAY = datetime.timedelta(days=1)


def titles(queryset):
    return sorted(o.title for o in queryset)


class TestOpenNowBoundaries:
    @pytest.fixture
    def opportunities(self):
        return {
            "opens-today": OpportunityFactory(title="opens-today", opens_on=TODAY),
            "opens-tomorrow": OpportunityFactory(title="opens-tomorrow", opens_on=TODAY + DAY),
            "closes-today": OpportunityFactory(title="closes-today", closes_on=TODAY),
            "closed-yesterday": OpportunityFactory(
                title="closed-yesterday", opens_on=TODAY - 10 * DAY, closes_on=TODAY - DAY
            ),
            "rolling": OpportunityFactory(title="rolling", closes_on=None, is_rolling=True),
            "one-day-window": OpportunityFactory(
                title="one-day-window", opens_on=TODAY, closes_on=TODAY
            ),
        }

    def test_open_now_includes_both_boundary_days(self, opportunities):
        assert titles(Opportunity.objects.open_now(TODAY)) == [
            "closes-today",
            "one-day-window",
            "opens-today",
            "rolling",
        ]

    def test_it_drops_out_the_day_after_closing(self, opportunities):
        assert "closes-today" in titles(Opportunity.objects.open_now(TODAY))
        assert "closes-today" not in titles(Opportunity.objects.open_now(TODAY + DAY))
        assert "closes-today" not in titles(Opportunity.objects.for_listing(TODAY + DAY))

    def test_it_opens_on_its_opening_day(self, opportunities):
        assert "opens-tomorrow" not in titles(Opportunity.objects.open_now(TODAY))
        assert "opens-tomorrow" in titles(Opportunity.objects.open_now(TODAY + DAY))

    def test_listing_shows_upcoming_but_not_closed(self, opportunities):
        listed = titles(Opportunity.objects.for_listing(TODAY))
        assert "opens-tomorrow" in listed
        assert "closed-yesterday" not in listed


def test_the_page_never_shows_drafts_archived_or_closed(client):
    OpportunityFactory(title="Live grant")
    OpportunityFactory(title="Draft grant", status=Opportunity.Status.DRAFT)
    OpportunityFactory(title="Archived grant", status=Opportunity.Status.ARCHIVED)
    OpportunityFactory(
        title="Closed grant",
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2020, 2, 1),
    )
    response = client.get(reverse("funding:index"))
    assert response.status_code == 200
    assert b"Live grant" in response.content
    for hidden in (b"Draft grant", b"Archived grant", b"Closed grant"):
        assert hidden not in response.content
    for status in ("draft", "archived"):
        opportunity = Opportunity.objects.get(status=status)
        assert client.get(opportunity.get_absolute_url()).status_code == 404
    closed = Opportunity.objects.get(title="Closed grant")
    assert client.get(closed.get_absolute_url()).status_code == 404
    live = Opportunity.objects.get(title="Live grant")
    assert b"Live grant" in client.get(live.get_absolute_url()).content


def test_open_now_filter_on_the_page_uses_todays_date(client):
    today = timezone.localdate()
    OpportunityFactory(title="Open grant", opens_on=today, closes_on=today)
    OpportunityFactory(title="Upcoming grant", opens_on=today + DAY)
    everything = client.get(reverse("funding:index"))
    assert b"Upcoming grant" in everything.content
    response = client.get(reverse("funding:index"), {"open_now": "on"})
    assert b"Open grant" in response.content
    assert b"Upcoming grant" not in response.content


def test_filters_by_kind_stage_and_amount(client):
    OpportunityFactory(title="Seed loan", kind="loan", stages=["idea", "early"], amount_max=25_000)
    OpportunityFactory(
        title="Growth equity",
        kind="equity",
        stages=["growth"],
        amount_min=250_000,
        amount_max=2_000_000,
    )
    OpportunityFactory(
        title="Any-stage award", kind="award", stages=[], amount_min=None, amount_max=None
    )
    url = reverse("funding:index")

    def shown(params):
        content = client.get(url, params).content.decode()
        return {t for t in ("Seed loan", "Growth equity", "Any-stage award") if t in content}

    assert shown({"kind": "loan"}) == {"Seed loan"}
    assert shown({"stage": "growth"}) == {"Growth equity", "Any-stage award"}
    assert shown({"amount": "500000"}) == {"Growth equity", "Any-stage award"}
    assert shown({"amount": "10000"}) == {"Seed loan", "Any-stage award"}
    assert shown({"kind": "equity", "stage": "idea"}) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "lottery"},
        {"stage": "<script>"},
        {"amount": "lots"},
        {"amount": "-5"},
        {"amount": "1e400"},
        {"amount": "99999999999999999999999999"},
        {"open_now": "maybe"},
        {"page": "999"},
        {"page": "x"},
        {"amount": "NaN"},
        {"amount": "Infinity"},
        {"amount": "1.5"},
    ],
)
def test_bad_filter_values_never_fail(client, params):
    OpportunityFactory(title="Live grant")
    response = client.get(reverse("funding:index"), params)
    assert response.status_code == 200
    assert b"Live grant" in response.content


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        OpportunityFactory(title=f"Loan {n:02}", kind="loan")
    OpportunityFactory(title="A grant", kind="grant")
    response = client.get(reverse("funding:index"), {"kind": "loan"})
    content = response.content.decode()
    assert "?kind=loan&amp;page=2" in content
    page_two = client.get(reverse("funding:index"), {"kind": "loan", "page": "2"})
    assert page_two.context["page_obj"].paginator.count == 25
    assert b"A grant" not in page_two.content


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_stays_flat(client, size, django_assert_max_num_queries):
    sectors = [factories.SectorFactory(), factories.SectorFactory()]
    area = factories.AreaFactory()
    for n in range(size):
        OpportunityFactory(title=f"Grant {n}", sectors=sectors, area=area, stages=["early"])
    # 1 page of opportunities joined to their area, 1 prefetch of their sectors, and
    # 1 count for the paginator only when that first page is full (at 30).
    with django_assert_max_num_queries(3):
        response = client.get(reverse("funding:index"), {"stage": "early"})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(size, 20)


def test_the_database_refuses_an_upside_down_amount_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityFactory(amount_min=10_000, amount_max=5_000)


def test_the_database_refuses_a_deadline_and_rolling_together():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityFactory(is_rolling=True, closes_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityFactory(is_rolling=False, closes_on=None)


def test_an_upcoming_opportunity_says_when_it_opens(client):
    opens = timezone.localdate() + 3 * DAY
    opportunity = OpportunityFactory(title="Spring cohort", opens_on=opens)
    content = client.get(opportunity.get_absolute_url()).content.decode()
    assert f"This opportunity opens on {opens:%-d %B %Y}" in content
    open_one = OpportunityFactory(title="Open one")
    assert (
        "This opportunity opens on" not in client.get(open_one.get_absolute_url()).content.decode()
    )
