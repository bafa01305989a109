"""Space cards written out in Python, for the search and building pages.

templates/place/includes/space_card.html stays the reference: these functions produce the
same characters, whitespace included, and tests/place/test_cards.py renders both and
compares. Through the template engine a card cost about 0.1 ms, half of the search page's
own work: a dozen variable lookups, a reverse() and four number and date filters, each
going through the locale machinery. Here the URL comes from slug_url() (no reverse() per
card) and numbers are formatted for the site's one locale (en-GB: "," between thousands,
"." before pence).
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe

_PENNY = Decimal("0.01")
_POUND = Decimal(1)


def grouped(number):
    """`{{ number|intcomma }}` for a whole number."""
    return f"{number:,}"


def pounds(amount, *, pence=True):
    """`{{ amount|floatformat:"-2g" }}` (pence only when there are any), or with
    pence=False `{{ amount|floatformat:"0g" }}` (rounded half up to whole pounds)."""
    if pence and amount != amount.to_integral_value():
        return f"{amount.quantize(_PENNY, ROUND_HALF_UP):,.2f}"
    return f"{amount.quantize(_POUND, ROUND_HALF_UP):,.0f}"


def short_date(day):
    """`{{ day|date:"j M Y" }}`."""
    return f"{day.day} {str(MONTHS_3[day.month]).title()} {day.year:04d}"


def space_cards_html(spaces, *, today):
    """space_card.html for each space: one <li> per card."""
    html = []
    for space in spaces:
        building = space.building
        name = escape(building.name)
        if space.price_basis == "sqft_year":
            approx = (
                ' <span class="space-card__approx">(about £'
                f"{pounds(space.monthly_price_per_desk, pence=False)} per desk per month)</span>"
            )
        else:
            approx = ""
        available = (
            "Now" if space.available_from <= today else f"From {short_date(space.available_from)}"
        )
        tags = (
            '<p class="space-card__tags"><span class="tag tag--muted">Step-free access</span></p>'
            if building.step_free
            else ""
        )
        html.append(
            "<li>\n"
            '<article class="space-card">\n'
            f'  <h3 class="space-card__title"><a href="{escape(space.get_absolute_url())}">'
            f'{escape(space.title)}<span class="visually-hidden"> at {name}</span></a></h3>\n'
            f'  <p class="space-card__where">{name}, {escape(building.area.name)}</p>\n'
            '  <dl class="space-card__facts">\n'
            f"    <div><dt>Kind</dt><dd>{escape(space.get_kind_display())}</dd></div>\n"
            f"    <div><dt>Desks</dt><dd>{escape(space.desks_label)}</dd></div>\n"
            f"    <div><dt>Size</dt><dd>{grouped(space.size_sqft)} sq ft</dd></div>\n"
            f"    <div><dt>Price</dt><dd>£{pounds(space.price)} "
            f"{escape(space.get_price_basis_display())}{approx}</dd></div>\n"
            f"    <div><dt>Available</dt><dd>{available}</dd></div>\n"
            "  </dl>\n"
            f"  {tags}\n"
            "</article>\n"
            "</li>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped or formatted above
