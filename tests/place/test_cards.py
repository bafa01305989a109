"""Space cards: apps/place/cards.py writes the same HTML as the reference template."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone

from apps.place.cards import grouped, pounds, short_date, space_cards_html
from apps.place.models import Space
from tests import factories

TODAY = timezone.localdate()
AMOUNTS = [
    "0.00", "0.01", "0.49", "0.50", "0.99", "1.00", "9.95", "199.99", "250.00", "999.50",
    "1000.00", "1234.56", "1234.50", "99999.99", "1000000.00", "12345678.90", "0.005",
    "2.499", "2.5", "-1.50",
]  # fmt: skip


@pytest.mark.parametrize("amount", AMOUNTS)
def test_pounds_are_formatted_as_the_template_filters_format_them(amount):
    value = Decimal(amount)
    assert pounds(value) == floatformat(value, "-2g")
    assert pounds(value, pence=False) == floatformat(value, "0g")


@pytest.mark.parametrize("number", [0, 1, 999, 1000, 12345, 999999, 1000000, 123456789])
def test_whole_numbers_are_grouped_as_intcomma_groups_them(number):
    assert grouped(number) == intcomma(number)


def test_dates_are_written_as_the_date_filter_writes_them():
    for month in range(1, 13):
        for day in [1, 9, 28]:
            value = datetime.date(2027, month, day)
            assert short_date(value) == date_filter(value, "j M Y")


@pytest.mark.django_db
def test_cards_are_the_reference_templates_html():
    P = Space.PriceBasis
    plain = factories.BuildingFactory(name="Plain House", step_free=False)
    tricky = factories.BuildingFactory(
        name='Fish & "Chips" <Works>',
        slug="fish-chips-works",
        step_free=True,
        area=factories.AreaFactory(name="Ouse & Burn"),
    )
    specs = [
        # building, name, kind, desks, size, price, basis, available in days
        (plain, "Suite <1>", Space.Kind.PRIVATE_OFFICE, (1, 1), 40, "250.00", P.DESK_MONTH, 0),
        (plain, "", Space.Kind.HOT_DESK, (2, 6), 1234, "199.99", P.DESK_MONTH, -3),
        (tricky, "Lab 'B'", Space.Kind.LAB, (10, 20), 3000, "24.00", P.SQFT_YEAR, 45),
        (tricky, "", Space.Kind.EVENT, (7, 7), 1_000_000, "12.34", P.SQFT_YEAR, 200),
        (tricky, "Big & Bold", Space.Kind.DEDICATED_DESK, (3, 3), 999, "1234.50", P.DESK_MONTH, 1),
    ]
    for building, name, kind, (low, high), size, price, basis, days in specs:
        factories.SpaceFactory(
            building=building,
            name=name,
            slug=f"{building.slug}-{len(name)}-{kind}",
            kind=kind,
            desks_min=low,
            desks_max=high,
            size_sqft=size,
            price=Decimal(price),
            price_basis=basis,
            available_from=TODAY + datetime.timedelta(days=days),
        )
    spaces = list(Space.objects.for_search().order_by("pk"))
    assert len(spaces) == len(specs)
    reference = render_to_string(
        "place/includes/space_card.html", {"spaces": spaces, "today": TODAY}
    )
    assert space_cards_html(spaces, today=TODAY) == reference
    # The building page's cards are of Space instances: the same characters.
    instances = list(
        Space.objects.live(today=TODAY).select_related("building__area").order_by("pk")
    )
    assert space_cards_html(instances, today=TODAY) == reference
    assert "&lt;Works&gt;" in reference and "(about £" in reference  # the cases were met
    assert space_cards_html([], today=TODAY) == ""
