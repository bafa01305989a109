"""The sector dashboard at /ecosystem/: the directory's published tech businesses counted
by sector, area, stage, size, founding year and funding secured, hiring now, and the
founded, funded, scale-up funnel, each with small counts suppressed (apps.core.web.disclosure).

The map places the "by area" counts at each area's centre: an organisation has an area,
not an address. It shows the very cells of the area chart, so a count suppressed there is
suppressed on the map and in its download too."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.core.web.disclosure import distribution
from apps.funding.models import Referral
from apps.profile.models import Organisation, Sector

PUBLISHED = Q(organisations__status=Status.PUBLISHED, organisations__role=Organisation.Role.TECH)
SCALE_UP_BANDS = [Organisation.EmployeeBand.MEDIUM, Organisation.EmployeeBand.LARGE]
FIRST_YEAR = 2000
# Funding-stage bands: what a business has secured in all through the funding team's
# referrals, so firms that never raise venture capital are counted too.
FUNDING_BANDS = [
    ("none", "None recorded", Q(secured__isnull=True) | Q(secured=0)),
    ("under-50k", "Under £50,000", Q(secured__gt=0, secured__lt=50_000)),
    ("50k-250k", "£50,000 to £249,999", Q(secured__gte=50_000, secured__lt=250_000)),
    ("250k-1m", "£250,000 to £999,999", Q(secured__gte=250_000, secured__lt=1_000_000)),
    ("1m-plus", "£1 million or more", Q(secured__gte=1_000_000)),
]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    cells: list
    total: int


def _counted(choices, counts):
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def _chart(key, title, rows):
    return Chart(key, title, distribution(rows), sum(count for _, _, count in rows))


def headline():
    """The two figures other pages quote: tech businesses listed, and those hiring now."""
    organisations = Organisation.objects.published().tech_businesses()
    hiring = organisations.filter(hiring_now=True).count()
    return {
        "total": organisations.count(),
        "hiring": distribution([("hiring", "Hiring now", hiring)], total_published=False)[0],
    }


@dataclass(frozen=True)
class AreaPoint:
    """An area on the map: its chart cell, centre and the directory filtered to it."""

    cell: object
    latitude: object
    longitude: object
    url: str


def area_points(areas, cells):
    """The areas with any business, each with its (suppressed) cell from the area chart."""
    by_slug = {area.slug: area for area in areas}
    directory = reverse("profile:directory")
    points = []
    for cell in cells:
        if cell.count == 0:
            continue
        latitude, longitude = by_slug[cell.key].centre
        url = f"{directory}?{urlencode({'area': cell.key})}"
        points.append(AreaPoint(cell, latitude, longitude, url))
    return points


def _funding_bands(organisations):
    """[(key, label, businesses)] by the amount each has secured through the funding team."""
    secured = (
        Referral.objects.filter(
            enquiry__organisation=OuterRef("pk"), outcome=Referral.Outcome.SUCCESSFUL
        )
        .order_by()
        .values("enquiry__organisation")
        .annotate(total=Sum("amount_secured"))
        .values("total")
    )
    counts = organisations.annotate(secured=Subquery(secured)).aggregate(
        **{key: Count("pk", filter=condition) for key, _, condition in FUNDING_BANDS}
    )
    return [(key, label, counts[key]) for key, label, _ in FUNDING_BANDS]


def dashboard(today=None):
    today = today or timezone.localdate()
    organisations = Organisation.objects.published().tech_businesses()
    top = headline()
    total = top["total"]
    sectors = Sector.objects.annotate(n=Count("organisations", filter=PUBLISHED)).order_by("name")
    areas = list(Area.objects.annotate(n=Count("organisations", filter=PUBLISHED)).order_by("name"))
    stages = dict(organisations.values_list("stage").annotate(n=Count("pk")).order_by())
    bands = dict(organisations.values_list("employee_band").annotate(n=Count("pk")).order_by())
    years = dict(
        organisations.filter(founded_year__gte=FIRST_YEAR)
        .values_list("founded_year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    funded = Exists(
        Referral.objects.filter(
            enquiry__organisation=OuterRef("pk"), outcome=Referral.Outcome.SUCCESSFUL
        )
    )
    funnel_rows = [
        ("listed", "Listed in the directory", total),
        (
            "funded",
            "Secured funding through the funding team",
            organisations.filter(funded).count(),
        ),
        (
            "scale-up",
            "Scale-ups: 50 or more people",
            organisations.filter(employee_band__in=SCALE_UP_BANDS).count(),
        ),
    ]
    by_area = _chart("area", "By area", [(a.slug, a.name, a.n) for a in areas])
    return {
        **top,
        "map": area_points(areas, by_area.cells),
        "charts": [
            _chart("sector", "By sector", [(s.slug, s.name, s.n) for s in sectors]),
            by_area,
            _chart("stage", "By stage", _counted(Organisation.Stage.choices, stages)),
            _chart("size", "By size", _counted(Organisation.EmployeeBand.choices, bands)),
            _chart(
                "funding",
                "By funding secured through the funding team",
                _funding_bands(organisations),
            ),
            _chart(
                "founded",
                f"Founded each year since {FIRST_YEAR}",
                [(str(y), str(y), years.get(y, 0)) for y in range(FIRST_YEAR, today.year + 1)],
            ),
        ],
        # A business may be at any step, so the funnel's steps have no published total.
        "funnel": [distribution([row], total_published=False)[0] for row in funnel_rows],
    }


def _row(measure, cell, point=None):
    return {
        "measure": measure,
        "category": cell.key,
        "label": cell.label,
        "count": cell.count,
        "suppressed": cell.suppressed,
        # Not a column: the GeoJSON download's geometry (dataset_point).
        "point": point,
    }


def dataset_point(row):
    """(longitude, latitude) of an area row's centre, for the GeoJSON download; None for
    the other measures and for an area with no business."""
    return row["point"]


def dataset_rows():
    """The dashboard as open data: one row per chart cell, suppressed cells as null; area
    rows carry their centre, which the GeoJSON download (the map) uses."""
    data = dashboard()
    centres = {p.cell.key: (float(p.longitude), float(p.latitude)) for p in data["map"]}
    rows = [
        _row(chart.key, cell, centres.get(cell.key) if chart.key == "area" else None)
        for chart in data["charts"]
        for cell in chart.cells
    ]
    rows.append(_row("hiring", data["hiring"]))
    rows += [_row("funnel", cell) for cell in data["funnel"]]
    return rows
