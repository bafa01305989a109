"""The skills map: every figure the /skills/ page and its CSV downloads show.

The figures are sums over a round's summary (apps.people.summary), a fixed number of
queries however many responses there are. build() gives them as numbers with their
suppression; fmt_figure() writes one as text for the page (through a template filter)
and the CSV alike, so the two cannot disagree.

Statistical disclosure control (decision 0053): a figure built from fewer than
SUPPRESS_BELOW organisations is suppressed ("primary suppression"). Where suppressed
figures could be worked out by subtracting visible figures from a published total (a
category's total, or a skill's total split by organisation size in the heatmap), the
smallest visible cell that adds up to that total is withheld as well, so that what
subtraction leaves is built from at least SUPPRESS_BELOW organisations ("secondary
suppression" with the smallest complementary cell). One such cell is always enough, and
a total above the threshold is never withheld: complement() does this for one total.
"""

import csv
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from apps.core.web import fragments
from apps.core.web.spreadsheet import neutralise
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
    # The ids of the organisations behind a figure from fewer than SUPPRESS_BELOW of them
    # (at most two); None for a figure from SUPPRESS_BELOW or more.
    members: frozenset | None = frozenset()

    @property
    def visible(self):
        return self.suppressed is None

    @property
    def few(self):
        """Built from fewer than SUPPRESS_BELOW organisations."""
        return self.orgs < SUPPRESS_BELOW

    @property
    def difficulty_ratio(self):
        """The mean difficulty on its scale of 1 to 5, as a share of 5 (for a bar)."""
        return self.difficulty / 5 if self.visible else 0

    @property
    def training_share(self):
        return self.training / self.orgs if self.orgs else None


def empty():
    return Figures(suppressed=FEW)


@dataclass
class SkillRow:
    kind: ClassVar[str] = "skill"

    skill: Skill
    figures: Figures
    courses: int  # listed courses teaching the skill
    previous: Figures | None  # the previous round's figures; None without a previous round

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
    def gap_score(self):
        """Vacancies per local course teaching the skill (a course count of 0 counts as 1)."""
        return self.figures.vacancies / max(self.courses, 1)


@dataclass
class CategoryRow:
    kind: ClassVar[str] = "category"

    category: SkillCategory
    figures: Figures
    skills: list = field(default_factory=list)


@dataclass
class HeatCell:
    orgs: int = 0
    vacancies: int = 0
    suppressed: str | None = FEW
    level: int = 0  # 0 to 4, for the colour scale
    members: frozenset | None = frozenset()  # as Figures.members

    @property
    def visible(self):
        return self.suppressed is None


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
    """A skill's or a category's figures from its summary row."""
    if row is None:
        return empty()
    return Figures(
        orgs=row.orgs,
        staff=row.staff or 0,
        vacancies=row.vacancies or 0,
        difficulty=row.difficulty_sum / row.n if row.n else None,
        training=row.training,
        suppressed=FEW if row.orgs < SUPPRESS_BELOW else None,
        members=_members(row),
    )


def _members(row):
    """The ids of the organisations behind a skill's figures when there are fewer than
    SUPPRESS_BELOW (at most two: the lowest and the highest are all of them), else None."""
    if row is None:
        return frozenset()
    if row.orgs >= SUPPRESS_BELOW:
        return None
    return frozenset(org for org in (row.min_org, row.max_org) if org is not None)


def complement(cells, *, total=None):
    """Secondary suppression for one published total and the cells that add up to it
    (a category's skills, or a skill's organisation sizes).

    Subtracting the visible cells from the total gives the sum of the hidden ones. If
    that sum comes from one or two organisations, it would reveal what they said: the
    smallest visible cell (fewest organisations, then fewest vacancies) is withheld too,
    which brings at least SUPPRESS_BELOW organisations into the sum. One cell is always
    enough, so this hides the fewest cells possible. The total itself is withheld only
    if no visible cell is left to withhold, which cannot happen for a total built from
    SUPPRESS_BELOW organisations or more. Cells have orgs, vacancies, members and
    suppressed; returns the cell (or total) withheld, or None."""
    members = set()
    for cell in cells:
        if cell.suppressed:
            if cell.members is None:  # already withheld: built from enough organisations
                return None
            members |= cell.members
    if not 0 < len(members) < SUPPRESS_BELOW:
        return None
    visible = [cell for cell in cells if not cell.suppressed]
    chosen = min(visible, key=lambda c: (c.orgs, c.vacancies), default=None)
    if chosen is None:
        if total is None or total.suppressed:
            return None
        chosen = total
    chosen.suppressed = WITHHELD
    return chosen


_UNSET = object()


def build(*, survey_round, previous_round=_UNSET, area=None, size=None, sector=None, heatmap=True):
    """All figures for one round, narrowed by the filters (without the heatmap, which
    only the per-category page and its CSV show, if heatmap is False). Four queries
    (three if the previous round is given), plus a rebuild of a summary (the round's,
    the previous round's or the course counts) when its data changed since it was built."""
    if previous_round is _UNSET:
        previous_round = survey_round.previous()  # query 1
    skills = list(Skill.objects.for_map())  # query 2
    # Queries 3 and 4: the freshness check, then the slice of the summary for both
    # rounds with the course counts.
    found = summary.read(
        round_ids=[survey_round.pk, *([previous_round.pk] if previous_round else [])],
        area_id=area.pk if area else 0,
        sector_id=sector.pk if sector else 0,
        band=size or None,
        heat_round_id=survey_round.pk if heatmap else None,
    )
    current, previous, courses, heat = _Parts(), _Parts(), {}, {}
    band = size or None
    for row in found:
        if row.kind == "courses":
            courses[row.key] = row.orgs
            continue
        is_current = row.round_id == survey_round.pk
        if row.kind == "skill" and row.band is not None and is_current:
            heat[(row.key, row.band)] = row
        if row.band == band:
            (current if is_current else previous).add(row)

    categories = {}
    for skill in skills:
        category = categories.get(skill.category_id)
        if category is None:
            figures = _figures(current.categories.get(skill.category_id))
            category = categories[skill.category_id] = CategoryRow(skill.category, figures)
        category.skills.append(
            SkillRow(
                skill=skill,
                figures=_figures(current.skills.get(skill.pk)),
                courses=courses.get(skill.pk, 0),
                previous=_figures(previous.skills.get(skill.pk)) if previous_round else None,
            )
        )
    categories = list(categories.values())

    # Secondary suppression: a category's total minus its visible skills must not leave
    # a figure built from one or two organisations. The previous round's figures are
    # protected the same way, as changes since then are shown.
    for category in categories:
        complement([row.figures for row in category.skills], total=category.figures)
        if previous_round:
            complement([row.previous for row in category.skills])

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


def shared(*, survey_round, previous_round=_UNSET, area=None, size=None, sector=None, heatmap=True):
    """build(), worked out once per page-cache generation and shared by every worker
    (apps.core.web.fragments): the page, its CSV and the front page's facts read the
    same figures until the survey's published data changes."""
    return fragments.cached(
        "skills-map",
        lambda: build(
            survey_round=survey_round,
            previous_round=previous_round,
            area=area,
            size=size,
            sector=sector,
            heatmap=heatmap,
        ),
        survey_round.pk,
        "default" if previous_round is _UNSET else getattr(previous_round, "pk", None),
        area.pk if area else None,
        size or None,
        sector.pk if sector else None,
        heatmap,
    )


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
                    cell.members = _members(found)
                    if cell.orgs >= SUPPRESS_BELOW:
                        cell.suppressed = None
                cells.append(cell)
            # The row's total (the skill's vacancies) is public.
            complement(cells)
            rows.append((skill_row, cells))
    top = max((c.vacancies for _r, cells in rows for c in cells if not c.suppressed), default=0)
    for _row, cells in rows:
        for cell in cells:
            if not cell.suppressed and top:
                cell.level = min(4, 1 + (4 * cell.vacancies) // (top + 1)) if cell.vacancies else 0
    return rows


# Text shared by the page (through the filters of apps.people.templatetags.people_tags)
# and the CSV, so that the two cannot disagree.

FIGURES = ("orgs", "staff", "vacancies", "difficulty", "training_share")


def fmt_orgs(figures):
    # Organisation counts are suppressed only when small: a withheld category total
    # still shows how many organisations it covers, which is not additive.
    return TEXT[FEW] if figures.few else f"{figures.orgs:,}"


def fmt_figure(figures, name):
    """One figure (a name in FIGURES) as shown: the number, or why it is hidden."""
    if name == "orgs":
        return fmt_orgs(figures)
    if figures.suppressed:
        return TEXT[figures.suppressed]
    value = getattr(figures, name)
    if name == "difficulty":
        return f"{value:.1f}"
    if name == "training_share":
        return f"{value:.0%}"
    return f"{value:,}"


def fmt_change(value, *, decimals=0):
    if value is None:
        return "not available"
    if value == 0:
        return "no change"
    return f"{value:+.{decimals}f}"


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


def _bar(figures, top):
    """A visible figure's vacancies as a share of the largest among the rows shown."""
    return figures.vacancies / top if top and figures.visible else 0


def _top(rows):
    return max((row.figures.vacancies for row in rows if row.figures.visible), default=0)


def table_rows(skills_map, *, categories=None):
    """Rows of the main table: each category's total (its CategoryRow), then its skills
    (SkillRows), for every category or the ones given. Each comes with the length of its
    vacancies bar, scaled to the largest figure among the rows of its kind shown."""
    categories = skills_map.categories if categories is None else categories
    top_category = _top(categories)
    top_skill = _top(row for category in categories for row in category.skills)
    for category in categories:
        yield category, _bar(category.figures, top_category)
        for row in category.skills:
            yield row, _bar(row.figures, top_skill)


def overview_rows(skills_map):
    """The overview: each category's total with its vacancies bar, as table_rows() gives it."""
    top = _top(skills_map.categories)
    return [(category, _bar(category.figures, top)) for category in skills_map.categories]


def table_csv_rows(skills_map):
    include_change = skills_map.previous_round is not None
    for row, _bar_length in table_rows(skills_map):
        if row.kind == "category":
            names, change, courses = [row.category.name, ALL_SKILLS], "", ""
        else:
            names = [row.skill.category.name, row.skill.name]
            change, courses = fmt_change(row.vacancy_change), str(row.courses)
        figures = [fmt_figure(row.figures, name) for name in FIGURES]
        yield [*names, *figures, *([change] if include_change else []), courses]


def heatmap_header(skills_map):
    return ["Skill", *[f"Vacancies: {label}" for _value, label in skills_map.bands]]


def heatmap_rows(skills_map):
    for skill_row, cells in skills_map.heatmap:
        yield [skill_row.skill.name, *[fmt_figure(cell, "vacancies") for cell in cells]]


def write_csv(out, header, rows):
    writer = csv.writer(out)
    writer.writerow([neutralise(str(c)) for c in header])
    for row in rows:
        writer.writerow([neutralise(str(c)) for c in row])
