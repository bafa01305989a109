"""The skills map: every figure the /skills/ page and its CSV downloads show.

The figures are sums over a round's summary (apps.people.summary), a fixed number of
queries however many responses there are. One function builds the figures and one
formats them, so the page and the CSV cannot disagree.

Statistical disclosure control: a figure built from fewer than SUPPRESS_BELOW
organisations is suppressed. Where a suppressed figure could be worked out by
subtracting visible figures from a visible total (a category total, or a row of the
heatmap), the total or another cell is withheld as well ("secondary suppression").
"""

import csv
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from html import escape  # as django.utils.html.escape, without its lazy-string wrapper

from django.urls import reverse
from django.utils.safestring import mark_safe

from apps.core import expressions
from apps.people import summary
from apps.people.models import Skill, SkillCategory
from apps.profile.models import Organisation

SUPPRESS_BELOW = 3
FEW = "few"  # primary suppression: fewer than SUPPRESS_BELOW organisations
WITHHELD = "withheld"  # secondary suppression: would reveal a suppressed figure
TEXT = {FEW: f"fewer than {SUPPRESS_BELOW}", WITHHELD: "withheld"}
TOP_N = 10


@dataclass(slots=True)
class Figures:
    orgs: int = 0
    staff: int = 0
    vacancies: int = 0
    difficulty: float | None = None
    training: int = 0  # organisations with a training need
    suppressed: str | None = None  # FEW, WITHHELD or None

    @classmethod
    def from_row(cls, row):
        figures = cls(
            orgs=row["orgs"],
            staff=row["staff"] or 0,
            vacancies=row["vacancies"] or 0,
            difficulty=row["difficulty"],
            training=row["training"],
        )
        if figures.orgs < SUPPRESS_BELOW:
            figures.suppressed = FEW
        return figures

    @property
    def visible(self):
        return self.suppressed is None

    @property
    def training_share(self):
        return self.training / self.orgs if self.orgs else None


def empty():
    return Figures(suppressed=FEW)


class _PlainRow:
    """A row read as plain values rather than a model instance, equal to the instance of
    `model` with the same id."""

    __slots__ = ()
    model = None

    @property
    def id(self):
        return self.pk

    def __str__(self):
        return self.name

    def __eq__(self, other):
        if isinstance(other, (type(self), self.model)):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self):
        return hash((type(self), self.pk))


class MapCategory(_PlainRow):
    """A skill category as the map shows it: its name and slug."""

    __slots__ = ("pk", "name", "slug")
    model = SkillCategory

    def __init__(self, pk, name, slug):
        self.pk, self.name, self.slug = pk, name, slug


class MapSkill(_PlainRow):
    """An active skill as the map shows it."""

    __slots__ = ("pk", "name", "slug", "category_id", "category")
    model = Skill

    def __init__(self, pk, name, slug, category):
        self.pk, self.name, self.slug = pk, name, slug
        self.category_id, self.category = category.pk, category


_UNSET = object()


class SkillRow:
    """One skill's figures. Its previous round's figures are built when first asked for:
    the overview shows them only for the ten hardest skills."""

    __slots__ = ("skill", "figures", "courses", "_previous", "_previous_row")

    def __init__(self, *, skill, figures, courses, previous=_UNSET, previous_row=None):
        self.skill, self.figures, self.courses = skill, figures, courses
        self._previous, self._previous_row = previous, previous_row

    @property
    def previous(self):
        """The previous round's figures, or None if there is no previous round."""
        if self._previous is _UNSET:
            self._previous = _figures(self._previous_row)
        return self._previous

    @property
    def vacancy_change(self):
        if self.previous is None or not (self.figures.visible and self.previous.visible):
            return None
        return self.figures.vacancies - self.previous.vacancies

    @property
    def difficulty_change(self):
        if self.previous is None or not (self.figures.visible and self.previous.visible):
            return None
        return round(round(self.figures.difficulty, 1) - round(self.previous.difficulty, 1), 1)

    @property
    def difficulty_ratio(self):
        return self.figures.difficulty / 5 if self.figures.visible else 0

    @property
    def difficulty_text(self):
        return one_decimal(self.figures.difficulty)

    @property
    def difficulty_bar(self):
        return bar_class(self.difficulty_ratio)

    @property
    def gap_text(self):
        return one_decimal(self.gap_score)

    @property
    def difficulty_change_text(self):
        return fmt_change(self.difficulty_change, decimals=1)

    @property
    def gap_score(self):
        """Vacancies per local course teaching the skill (a course count of 0 counts as 1)."""
        return self.figures.vacancies / max(self.courses, 1)


@dataclass
class CategoryRow:
    category: object
    figures: Figures
    skills: list = field(default_factory=list)


@dataclass
class HeatCell:
    orgs: int = 0
    vacancies: int = 0
    suppressed: str | None = FEW
    level: int = 0  # 0 to 4, for the colour scale

    @property
    def text(self):
        return TEXT[self.suppressed] if self.suppressed else f"{self.vacancies:,}"


@dataclass
class SkillsMap:
    round: object
    previous_round: object
    respondents: int
    previous_respondents: int
    headline: dict
    categories: list
    bands: list
    heatmap: list  # (SkillRow, [HeatCell per band])

    @property
    def respondents_visible(self):
        return self.respondents >= SUPPRESS_BELOW

    @cached_property
    def skill_rows(self):
        return [row for category in self.categories for row in category.skills]

    @cached_property
    def hardest(self):
        rows = [r for r in self.skill_rows if r.figures.visible]
        rows.sort(key=lambda r: (-r.figures.difficulty, -r.figures.vacancies, r.skill.name))
        return rows[:TOP_N]

    @cached_property
    def gaps(self):
        rows = [r for r in self.skill_rows if r.figures.visible and r.figures.vacancies > 0]
        rows.sort(key=lambda r: (-r.gap_score, r.courses, r.skill.name))
        return rows[:TOP_N]


def _figures(row):
    """A skill's or a category's figures from its summary row (as Figures.from_row)."""
    if row is None:
        return Figures(suppressed=FEW)
    orgs, n = row.orgs, row.n
    return Figures(
        orgs,
        row.staff or 0,
        row.vacancies or 0,
        row.difficulty_sum / n if n else None,
        row.training,
        FEW if orgs < SUPPRESS_BELOW else None,
    )


def _organisations(row):
    """The ids of the organisations behind a skill's figures, when there are fewer than
    SUPPRESS_BELOW (at most two): the lowest and the highest are all of them."""
    return set() if row is None else {row.min_org, row.max_org}


def build(*, survey_round, previous_round=_UNSET, area=None, size=None, sector=None, heatmap=True):
    """All figures for one round, narrowed by the filters (without the heatmap, which
    only the per-category page and its CSV show, if heatmap is False). Three queries
    (two if the previous round is given), plus a rebuild of a summary (the round's, the
    previous round's or the course counts) when its data changed since it was built."""
    if previous_round is _UNSET:
        previous_round = survey_round.previous()  # query 1
    skills = _skills()  # query 2
    # query 3: the slice of the summary for both rounds and the course counts, with its
    # freshness check.
    found = summary.read(
        round_ids=[survey_round.pk, *([previous_round.pk] if previous_round else [])],
        area_id=area.pk if area else 0,
        sector_id=sector.pk if sector else 0,
        band=size or None,
        heat_round_id=survey_round.pk if heatmap else None,
    )
    current, previous, courses, heat = _Parts(), _Parts(), {}, {}
    band = size or None
    current_id = survey_round.pk  # read once: .pk is a property, and there are ~500 rows
    for row in found:
        kind = row.kind
        if kind == "courses":
            courses[row.key] = row.orgs
            continue
        if kind == "skill" and row.band is not None and row.round_id == current_id:
            heat[(row.key, row.band)] = row
        if row.band == band:
            (current if row.round_id == current_id else previous).add(row)

    categories, by_category_id = [], {}
    current_skills, previous_skills = current.skills, previous.skills
    for skill in skills:
        category = by_category_id.get(skill.category_id)
        if category is None:
            category = CategoryRow(
                skill.category, _figures(current.categories.get(skill.category_id))
            )
            by_category_id[skill.category_id] = category
            categories.append(category)
        pk = skill.pk
        figures, count = _figures(current_skills.get(pk)), courses.get(pk, 0)
        if previous_round:
            row = SkillRow(
                skill=skill, figures=figures, courses=count, previous_row=previous_skills.get(pk)
            )
        else:
            row = SkillRow(skill=skill, figures=figures, courses=count, previous=None)
        category.skills.append(row)

    # Secondary suppression for category totals: the total minus its visible skills
    # must not leave a figure built from one or two organisations.
    for category in categories:
        if not category.figures.visible:
            continue
        hidden = set()
        for row in category.skills:
            if row.figures.suppressed is not None:  # not visible
                hidden |= _organisations(current_skills.get(row.skill.pk))
        if 0 < len(hidden) < SUPPRESS_BELOW:
            category.figures.suppressed = WITHHELD

    bands = list(Organisation.EmployeeBand.choices)
    headline = current.headline()
    return SkillsMap(
        round=survey_round,
        previous_round=previous_round,
        respondents=headline["respondents"],
        previous_respondents=previous.headline()["respondents"],
        headline=headline,
        categories=categories,
        bands=bands,
        heatmap=_heatmap(categories, bands, heat) if heatmap else [],
    )


def _skills_rows():
    # Fixed in code (no per-request values): compiled once by apps.core.expressions.
    return Skill.objects.for_map().values_list(
        "pk", "name", "slug", "category_id", "category__name", "category__slug"
    )


def _skills():
    """The map's skills (Skill.objects.for_map()) as lean rows, sharing one category
    object per category."""
    skills, categories = [], {}
    for pk, name, slug, category_id, category_name, category_slug in expressions.rows(_skills_rows):
        category = categories.get(category_id)
        if category is None:
            category = categories[category_id] = MapCategory(
                category_id, category_name, category_slug
            )
        skills.append(MapSkill(pk, name, slug, category))
    return skills


class _Parts:
    """One round's summary rows for the chosen slice, by what they describe."""

    def __init__(self):
        self.skills, self.categories, self.responses = {}, {}, None

    def add(self, row):
        if row.kind == "skill":
            self.skills[row.key] = row
        elif row.kind == "category":
            self.categories[row.key] = row
        else:
            self.responses = row

    def headline(self):
        row = self.responses
        if row is None:  # as an aggregate over no responses: counts are 0, sums are None
            return {
                "respondents": 0,
                "headcount_change": None,
                "turned_away": 0,
                "apprentices": None,
            }
        return {
            "respondents": row.orgs,
            "headcount_change": row.headcount_change,
            "turned_away": row.turned_away,
            "apprentices": row.apprentices,
        }


def _heatmap(categories, bands, heat):
    """Vacancies by skill and organisation size, for skills whose own row is visible."""
    rows = []
    for category in categories:
        for skill_row in category.skills:
            if not skill_row.figures.visible:
                continue
            cells = []
            for value, _label in bands:
                found = heat.get((skill_row.skill.pk, value))
                cell = HeatCell()
                if found:
                    cell.orgs, cell.vacancies = found.orgs, found.vacancies or 0
                    if cell.orgs >= SUPPRESS_BELOW:
                        cell.suppressed = None
                cells.append(cell)
            # The row total is public, so hidden cells must not add up to one or two
            # organisations: if they do, withhold the smallest visible cell too.
            hidden = sum(c.orgs for c in cells if c.suppressed)
            if 0 < hidden < SUPPRESS_BELOW:
                smallest = min(
                    (c for c in cells if not c.suppressed),
                    key=lambda c: (c.orgs, c.vacancies),
                    default=None,
                )
                if smallest is not None:
                    smallest.suppressed = WITHHELD
            rows.append((skill_row, cells))
    top = max((c.vacancies for _r, cells in rows for c in cells if not c.suppressed), default=0)
    for _row, cells in rows:
        for cell in cells:
            if not cell.suppressed and top:
                cell.level = min(4, 1 + (4 * cell.vacancies) // (top + 1)) if cell.vacancies else 0
    return rows


# Formatting shared by the page and the CSV.


def fmt_count(figures, attr):
    return TEXT[figures.suppressed] if figures.suppressed else f"{getattr(figures, attr):,}"


def fmt_orgs(figures):
    # Organisation counts are suppressed only when small: a withheld category total
    # still shows how many organisations it covers, which is not additive.
    return TEXT[FEW] if figures.orgs < SUPPRESS_BELOW else f"{figures.orgs:,}"


def fmt_difficulty(figures):
    return TEXT[figures.suppressed] if figures.suppressed else f"{figures.difficulty:.1f}"


def fmt_share(figures):
    return TEXT[figures.suppressed] if figures.suppressed else f"{figures.training_share:.0%}"


def fmt_change(value, *, decimals=0):
    if value is None:
        return "not available"
    if value == 0:
        return "no change"
    return f"{value:+.{decimals}f}"


@dataclass
class Cell:
    """One figure as shown: its text (also the CSV value), an optional bar, an optional link."""

    text: str
    bar: float | None = None  # 0 to 1, drawn as a bar beside the text
    href: str = ""

    @property
    def suppressed(self):
        return self.text in TEXT.values()

    def __str__(self):
        return self.text


def bar_class(ratio):
    """A CSS width class in steps of 5%: the CSP forbids inline style attributes."""
    if not ratio or ratio < 0:
        return "bar--w0"
    return f"bar--w{min(100, round(ratio * 20) * 5)}"


def cell_html(cell, name=""):
    """A figure cell of the main or overview table as the template used to write it:
    ``<td>`` with its bar and, for a course count, the link (naming the skill)."""
    html = '<td class="is-suppressed">' if cell.suppressed else '<td class="">'
    if cell.bar is not None:
        html += (
            '<span class="bar" aria-hidden="true">'
            f'<span class="bar__fill {bar_class(cell.bar)}"></span></span>'
        )
    text = escape(cell.text)
    if cell.href:
        html += (
            f'<a href="{escape(cell.href)}">{text}<span class="visually-hidden"> courses '
            f"teaching {escape(name)}</span></a></td>"
        )
    else:
        html += text + "</td>"
    return html


def cells_html(cells, name=""):
    """A row's figure cells, one per line as the template lays them out."""
    return mark_safe(  # noqa: S308 - every value is escaped by cell_html
        "".join(f"\n          {cell_html(cell, name)}\n          " for cell in cells)
    )


def heat_cells_html(cells):
    """A heatmap row's cells."""
    return mark_safe(  # noqa: S308 - only numbers and fixed text
        "".join(
            f'<td class="heat heat--none is-suppressed">{escape(cell.text)}</td>'
            if cell.suppressed
            else f'<td class="heat heat--{cell.level}">{escape(cell.text)}</td>'
            for cell in cells
        )
    )


def overview_html(skills_map, query):
    """The rows of the page's category table, each linking to its category's page: the
    page's query string (`query`, request.GET) with `category` set, as {% querystring %}
    writes it."""
    params = query.copy()
    html = []
    for row, cells in category_rows(skills_map):
        category = row.category
        params["category"] = category.slug
        html.append(
            f'\n        <tr>\n          <th scope="row"><a href="?{escape(params.urlencode())}">'
            f"{escape(category.name)}</a></th>\n          <td>{len(row.skills)}</td>"
            f"\n          {cells_html(cells)}\n        </tr>\n      "
        )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped


def hardest_html(skills_map):
    """The rows of the page's "hardest to fill" table, as its template laid them out."""
    with_change = skills_map.previous_round is not None
    html = []
    for row in skills_map.hardest:
        change = f"<td>{escape(row.difficulty_change_text)}</td>" if with_change else ""
        html.append(
            f'\n        <tr><th scope="row">{escape(row.skill.name)}</th>'
            f'\n          <td><span class="bar" aria-hidden="true"><span class="bar__fill '
            f'{row.difficulty_bar}"></span></span>{escape(row.difficulty_text)}</td>'
            f"\n          <td>{row.figures.vacancies}</td>"
            f"\n          {change}\n        </tr>\n      "
        )
    return mark_safe("".join(html))  # noqa: S308 - names escaped, the rest are numbers


def gaps_html(skills_map):
    """The rows of the page's "biggest gaps" table, as its template laid them out, with
    the courses page's URL reversed once rather than once per row."""
    courses_url = escape(reverse("people:courses"))
    html = []
    for rank, row in enumerate(skills_map.gaps, start=1):
        name = escape(row.skill.name)
        if row.courses:
            courses = (
                f'<a href="{courses_url}?skill={escape(row.skill.slug)}">{row.courses}'
                f'<span class="visually-hidden"> courses teaching {name}</span></a>'
            )
        else:
            courses = "none"
        html.append(
            f'\n        <tr><td>{rank}</td><th scope="row">{name}</th>'
            f"<td>{row.figures.vacancies}</td>\n          <td>{courses}</td>"
            f"\n          <td>{escape(row.gap_text)}</td></tr>\n      "
        )
    return mark_safe("".join(html))  # noqa: S308 - names escaped, the rest are numbers


def one_decimal(value):
    """As the template filter floatformat:1 writes a float (half up, no grouping)."""
    return format(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP), "f")


def _ratio(value, top):
    return value / top if top else 0


def table_cells(row, *, include_change, top_vacancies, courses_url=None):
    """The figure cells of one row of the main table, as the page and CSV show them."""
    figures = row.figures
    visible = figures.visible
    cells = [
        Cell(fmt_orgs(figures)),
        Cell(fmt_count(figures, "staff")),
        Cell(
            fmt_count(figures, "vacancies"),
            bar=_ratio(figures.vacancies, top_vacancies) if visible else None,
        ),
        Cell(fmt_difficulty(figures), bar=figures.difficulty / 5 if visible else None),
        Cell(fmt_share(figures), bar=figures.training_share if visible else None),
    ]
    is_skill = isinstance(row, SkillRow)
    if include_change:
        cells.append(Cell(fmt_change(row.vacancy_change) if is_skill else ""))
    if is_skill:
        if row.courses:
            href = f"{courses_url or reverse('people:courses')}?skill={row.skill.slug}"
        else:
            href = ""
        cells.append(Cell(str(row.courses), href=href))
    else:
        cells.append(Cell(""))
    return cells


def table_header(skills_map):
    header = [
        "Category",
        "Skill",
        "Organisations reporting",
        "Staff with the skill",
        "Vacancies, next 12 months",
        "Mean difficulty to recruit (1 to 5)",
        "Share with a training need",
    ]
    if skills_map.previous_round:
        header.append(f"Change in vacancies since {skills_map.previous_round}")
    header.append("Local courses")
    return header


ALL_SKILLS = "All skills in this category"


def table_rows(skills_map, *, categories=None):
    """Rows of the main table: each category's total, then its skills (every category,
    or the ones given). Bars are scaled to the largest figure among the rows shown.

    Yields (kind, category name, row name, cells); the CSV writes the same cells' text.
    """
    include_change = skills_map.previous_round is not None
    categories = skills_map.categories if categories is None else categories
    top_skill = max(
        (r.figures.vacancies for c in categories for r in c.skills if r.figures.visible),
        default=0,
    )
    top_category = _top_category(categories)
    courses_url = reverse("people:courses")
    for category in categories:
        name = category.category.name
        cells = table_cells(category, include_change=include_change, top_vacancies=top_category)
        yield "category", name, ALL_SKILLS, cells
        for row in category.skills:
            cells = table_cells(
                row,
                include_change=include_change,
                top_vacancies=top_skill,
                courses_url=courses_url,
            )
            yield "skill", name, row.skill.name, cells


def _top_category(categories):
    return max((c.figures.vacancies for c in categories if c.figures.visible), default=0)


def category_rows(skills_map):
    """The overview: per category, its row and its five figure cells (organisations,
    staff, vacancies, difficulty, training share), as the main table and CSV show them."""
    top = _top_category(skills_map.categories)
    for category in skills_map.categories:
        cells = table_cells(category, include_change=False, top_vacancies=top)
        yield category, cells[:5]


def table_csv_rows(skills_map):
    for _kind, category, name, cells in table_rows(skills_map):
        yield [category, name, *[cell.text for cell in cells]]


def heatmap_header(skills_map):
    return ["Skill", *[f"Vacancies: {label}" for _value, label in skills_map.bands]]


def heatmap_rows(skills_map):
    for skill_row, cells in skills_map.heatmap:
        yield [skill_row.skill.name, *[cell.text for cell in cells]]


_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?%?$")


def csv_safe(value):
    """Stop spreadsheets running a cell as a formula; plain signed numbers are left alone."""
    value = str(value)
    if value and value[0] in "=+-@\t\r" and not _NUMBER.match(value):
        return "'" + value
    return value


def write_csv(out, header, rows):
    writer = csv.writer(out)
    writer.writerow([csv_safe(c) for c in header])
    for row in rows:
        writer.writerow([csv_safe(c) for c in row])
