"""Space cards (the partial in place/includes/space_card.html) as the search and
building pages show them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.place.models import Space
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def card(html, text):
    """The space card that holds `text`."""
    end = html.index(text)
    start = html.rindex('<article class="space-card">', 0, end)
    return html[start : html.index("</article>", end)]


def space(building, name, **facts):
    return factories.SpaceFactory(
        building=building, name=name, slug=f"{building.slug}-{len(name)}", **facts
    )


@pytest.fixture
def tricky():
    return factories.BuildingFactory(
        name='Fish & "Chips" <Works>',
        slug="fish-chips-works",
        step_free=True,
        area=factories.AreaFactory(name="Ouse & Burn"),
    )


def pages(building):
    """The search page and the building's page: both list the building's spaces."""
    return [reverse("place:search"), building.get_absolute_url()]


def test_a_card_escapes_the_space_building_and_area_names(client, tricky):
    space(tricky, "Suite <1>")
    for url in pages(tricky):
        html = client.get(url).content.decode()
        assert "<Works>" not in html and "Suite <1>" not in html
        shown = card(html, "Suite &lt;1&gt;")
        assert (
            '<a href="/spaces/fish-chips-works-9/">Suite &lt;1&gt;<span class="visually-hidden">'
            " at Fish &amp; &quot;Chips&quot; &lt;Works&gt;</span></a>"
        ) in shown
        assert (
            '<p class="space-card__where">Fish &amp; &quot;Chips&quot; &lt;Works&gt;, '
            "Ouse &amp; Burn</p>"
        ) in shown


def test_a_card_formats_desks_size_and_prices_for_the_uk(client, tricky):
    P = Space.PriceBasis
    space(tricky, "Single", desks_min=1, desks_max=1, size_sqft=40, price=Decimal("250.00"))
    space(
        tricky,
        "Range",
        desks_min=2,
        desks_max=6,
        size_sqft=1234,
        price=Decimal("1234.50"),
        price_basis=P.DESK_MONTH,
    )
    space(
        tricky,
        "Big lab",
        kind=Space.Kind.LAB,
        desks_min=10,
        desks_max=20,
        size_sqft=1_000_000,
        price=Decimal("24.00"),
        price_basis=P.SQFT_YEAR,
    )
    for url in pages(tricky):
        html = client.get(url).content.decode()
        single = card(html, ">Single<")
        assert "<dt>Desks</dt><dd>1 desk</dd>" in single
        assert "<dt>Size</dt><dd>40 sq ft</dd>" in single
        assert "<dt>Price</dt><dd>£250 per desk per month</dd>" in single  # no pence
        assert "Private office" in single
        range_ = card(html, ">Range<")
        assert "<dt>Desks</dt><dd>2 to 6 desks</dd>" in range_
        assert "<dt>Size</dt><dd>1,234 sq ft</dd>" in range_
        assert "<dt>Price</dt><dd>£1,234.50 per desk per month</dd>" in range_
        lab = card(html, ">Big lab<")
        assert "<dt>Kind</dt><dd>Lab or workshop</dd>" in lab
        assert "<dt>Size</dt><dd>1,000,000 sq ft</dd>" in lab
        # 24 × 1,000,000 / 12 / 20 desks
        assert (
            "£24 per sq ft per year "
            '<span class="space-card__approx">(about £100,000 per desk per month)</span>'
        ) in lab
        assert "space-card__approx" not in range_


def test_a_card_says_when_the_space_is_available(client, tricky):
    later = TODAY + datetime.timedelta(days=45)
    space(tricky, "Ready", available_from=TODAY - datetime.timedelta(days=3))
    space(tricky, "Soon", available_from=later)
    for url in pages(tricky):
        html = client.get(url).content.decode()
        assert "<dt>Available</dt><dd>Now</dd>" in card(html, ">Ready<")
        assert (
            f"<dt>Available</dt><dd>From {later.day} {later.strftime('%b')} {later.year}</dd>"
            in card(html, ">Soon<")
        )


def test_only_a_step_free_building_s_cards_say_so(client, tricky):
    plain = factories.BuildingFactory(name="Plain House", step_free=False)
    space(tricky, "Level")
    space(plain, "Stairs")
    html = client.get(reverse("place:search")).content.decode()
    tag = '<p class="space-card__tags"><span class="tag tag--muted">Step-free access</span></p>'
    assert tag in card(html, ">Level<")
    assert "Step-free" not in card(html, ">Stairs<")


def test_the_search_and_building_pages_show_the_same_card(client, tricky):
    space(tricky, "Suite <1>", price=Decimal("199.99"), size_sqft=1234)
    search, building = (client.get(url).content.decode() for url in pages(tricky))
    assert card(search, "Suite &lt;1&gt;") == card(building, "Suite &lt;1&gt;")
