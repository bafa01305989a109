"""The skills map's summary: a round's figures added up once per skill (or category) ×
organisation size × area × sector, so a page reads a few hundred rows instead of
adding up every skill line of the round.

Every choice of the map's filters is one slice of it, read as it is: rows for every
size (band NULL), every area (area_id 0) and every organisation whatever its sectors
(sector_id 0) are stored alongside the rows per size, per area and per sector (rows of
different sectors must never be added up: an organisation can be in several). An area
and a sector chosen together are the exception: mostly slices of one or two
organisations, they would make up four fifths of the summary, so they are worked out
from the live data (still in one query, over the few responses they match). A
category's organisation counts are distinct organisations, counted per slice. For the
secondary suppression check, skill rows also keep their lowest and highest organisation
id: a skill reported by fewer than 3 organisations has at most two, and those are them.
The number of listed courses per skill is kept here too, as "round" COURSES.

Freshness: statement-level triggers (migration 0005_skills_summary) bump a per-round
generation counter whenever the data behind a round changes, whatever made the change.
A round's summary records the generation it was built from, in the same statement that
builds it, so figures read with a matching generation are exactly the live ones.
`read()` checks the rounds' freshness, rebuilds a stale round (one INSERT … SELECT under
an advisory lock, so concurrent visitors wait for one rebuild rather than each doing
it), then reads the slice.

The tables are described by unmanaged models (SkillsSummary, SkillsSummaryBuilt and
SkillsSummaryGeneration in apps.people.models); only the SQL here writes them.
"""

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from apps.people.models import (
    Course,
    SkillsSummary,
    SkillsSummaryBuilt,
    SkillsSummaryGeneration,
    SurveyResponse,
)

# The summary's "round" that holds the number of listed courses per skill: they change
# independently of the survey, and are watched by the same triggers.
COURSES = -1
# First key of pg_advisory_xact_lock(int, int); the second is the round's id.
LOCK_KEY = 0x5C1115

# A round's current generation: its own counter plus round 0's ("everything changed").
_GENERATION = """
    SELECT COALESCE(SUM(g.value), 0) FROM people_skills_summary_generation g
    WHERE g.round_id IN (0, %s)
"""

# The summary's columns as the statements below write them, in this order.
_COLUMNS = (
    "round_id",
    "kind",
    "key",
    "band",
    "area_id",
    "sector_id",
    "orgs",
    "staff",
    "vacancies",
    "difficulty_sum",
    "n",
    "training",
    "min_org",
    "max_org",
    "headcount_change",
    "turned_away",
    "apprentices",
)


def read(*, round_ids, area_id=0, sector_id=0, band=None, heat_round_id=None):
    """The summary rows (SkillsSummary) for one slice of these rounds (area_id 0: every
    area; sector_id 0: every sector; band None: every size) and the course counts, after
    rebuilding whatever is stale. With heat_round_id and no band, also that round's
    skill rows per size (the heatmap). An area and a sector together are worked out live.

    Two queries (the freshness check and the rows), plus any rebuild."""
    if area_id and sector_id:
        found = _live(round_ids, area_id, sector_id, band, heat_round_id)
        round_ids = []  # only the course counts come from the summary
    else:
        found = []
    for round_id in stale([*round_ids, COURSES]):
        rebuild(round_id)
    rows = Q(round_id__in=round_ids, area_id=area_id, sector_id=sector_id, band=band)
    if heat_round_id is not None and band is None:
        rows |= Q(
            round_id=heat_round_id,
            area_id=area_id,
            sector_id=sector_id,
            kind=SkillsSummary.Kind.SKILL,
            band__isnull=False,
        )
    rows |= Q(round_id=COURSES)
    return found + list(SkillsSummary.objects.filter(rows))


def stale(round_ids):
    """Those of these rounds whose summary was never built, or was built from older data
    than the round's now."""
    generation = SkillsSummaryGeneration.objects.values("value")
    everything = Coalesce(Subquery(generation.filter(round_id=0)), 0)
    own = Coalesce(Subquery(generation.filter(round_id=OuterRef("round_id"))), 0)
    built = SkillsSummaryBuilt.objects.filter(round_id__in=round_ids, generation=everything + own)
    fresh = set(built.values_list("round_id", flat=True))
    return [round_id for round_id in round_ids if round_id not in fresh]


def refresh(round_id):
    """Rebuild the round's summary if its data changed since it was built."""
    if stale([round_id]):
        rebuild(round_id)


def rebuild(round_id, *, force=False):
    """Rebuild one round's summary (or the course counts) from the live data. Returns
    whether it did.

    Under an advisory lock, so that a visitor who waited while another rebuilt the same
    round finds it fresh and does nothing."""
    if round_id == COURSES:
        sql, params = _courses_sql()
    else:
        sql, params = _round_sql(round_id)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_KEY, round_id])
        if not force and not stale([round_id]):
            return False
        # The aggregates hash about 200,000 rows per round at city scale: in memory, not
        # spilled to disk at the default 4 MB.
        cursor.execute("SELECT set_config('work_mem', '64MB', true)")
        # Not QuerySet.delete(): it would send a signal per row of derived data.
        cursor.execute("DELETE FROM people_skills_summary WHERE round_id = %s", [round_id])
        cursor.execute(sql, params)
    return True


def _counted_sql(round_id, **filters):
    return (
        SurveyResponse.objects.counted(round_id, **filters)
        .values("pk", "organisation_id", "organisation__employee_band", "organisation__area_id")
        .order_by()
        .query.sql_with_params()
    )


def _aggregate_sql(round_id, *, area_id=None, sector_id=None):
    """SELECT of a round's summary rows: every slice for the summary, or (with an area
    and a sector) the live figures of that one slice."""
    one_slice = area_id is not None
    counted_sql, counted_params = _counted_sql(
        round_id, **({"area": area_id, "sector": sector_id} if one_slice else {})
    )
    sql = _AGGREGATE.format(
        counted=counted_sql,
        sliced=_ONE_SLICE if one_slice else _EVERY_SLICE,
        having="GROUPING(area_id) = 1" if one_slice else "sector_id = 0 OR GROUPING(area_id) = 1",
    )
    params = [
        *counted_params,
        round_id,  # skill rows
        round_id,  # category rows
        round_id,  # response rows
        SurveyResponse.TurnedAway.NEVER,
    ]
    return sql, params


def _round_sql(round_id):
    aggregate_sql, aggregate_params = _aggregate_sql(round_id)
    sql = f"""
        WITH generation (value) AS ({_GENERATION}),
        built AS ({_BUILT})
        INSERT INTO people_skills_summary ({", ".join(_COLUMNS)})
        SELECT * FROM ({aggregate_sql}) AS aggregate
    """  # noqa: S608 - only constant and the ORM's own parameterised SQL is interpolated
    return sql, [round_id, round_id, *aggregate_params]


def _live(round_ids, area_id, sector_id, band, heat_round_id):
    """Summary rows (unsaved) for an area and a sector together, worked out from the live
    data: the summary leaves out that combination, whose slices are mostly one or two
    organisations each and would make up four fifths of its rows."""
    parts, params = [], []
    for round_id in round_ids:
        sql, round_params = _aggregate_sql(round_id, area_id=area_id, sector_id=sector_id)
        parts.append(f"SELECT * FROM ({sql}) AS round_{len(parts)}")  # noqa: S608
        params += round_params
    found = []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for values in cursor.fetchall():
            row = SkillsSummary(**dict(zip(_COLUMNS, values, strict=True)))
            # Keep what read() gives from the summary: the chosen size, and the
            # heatmap's sizes.
            heat = row.round_id == heat_round_id and band is None and row.kind == "skill"
            if row.band == band or (heat and row.band is not None):
                found.append(row)
    return found


def _courses_sql():
    counts_sql, counts_params = (
        Course.skills.through.objects.filter(course__in=Course.objects.listed())
        .values("skill_id")
        .annotate(n=Count("course_id"))
        .values_list("skill_id", "n")
        .order_by()
        .query.sql_with_params()
    )
    sql = f"""
        WITH generation (value) AS ({_GENERATION}),
        built AS ({_BUILT})
        INSERT INTO people_skills_summary (round_id, kind, key, band, area_id, sector_id, orgs)
        SELECT %s, 'courses', skill_id, '', 0, 0, n FROM ({counts_sql}) AS counts (skill_id, n)
    """  # noqa: S608 - only the ORM's own parameterised SQL is interpolated
    return sql, [COURSES, COURSES, COURSES, *counts_params]


_BUILT = """
    INSERT INTO people_skills_summary_built AS b (round_id, generation, built_at)
    SELECT %s, value, now() FROM generation
    ON CONFLICT (round_id) DO UPDATE
    SET generation = EXCLUDED.generation, built_at = EXCLUDED.built_at
"""

# The counted responses are the ORM's own SurveyResponse.objects.counted(); {sliced}
# gives each of them once per slice it belongs to.
_AGGREGATE = """
WITH counted (response_id, organisation_id, band, area_id) AS MATERIALIZED ({counted}),
sliced AS MATERIALIZED ({sliced}),
lines AS MATERIALIZED (
    SELECT s.organisation_id, s.band, s.area_id, s.sector_id, l.skill_id, k.category_id,
           l.staff, l.vacancies, l.difficulty, l.training_need
    FROM sliced s
    JOIN people_skillline l ON l.response_id = s.response_id
    JOIN people_skill k ON k.id = l.skill_id
),
-- Within a round an organisation has one counted response with at most one line per
-- skill; per category it is added up first, so categories count organisations once.
per_category AS (
    SELECT organisation_id, band, area_id, sector_id, category_id,
           SUM(staff) AS staff, SUM(vacancies) AS vacancies,
           SUM(difficulty) AS difficulty_sum, COUNT(*) AS n, bool_or(training_need) AS training
    FROM lines
    GROUP BY organisation_id, band, area_id, sector_id, category_id
)
SELECT %s, 'skill', skill_id, band, COALESCE(area_id, 0), sector_id, COUNT(*), SUM(staff),
       SUM(vacancies), SUM(difficulty), COUNT(*), COUNT(*) FILTER (WHERE training_need),
       MIN(organisation_id), MAX(organisation_id), NULL::bigint, NULL::bigint, NULL::bigint
FROM lines
GROUP BY skill_id, sector_id, CUBE (band, area_id)
HAVING {having}
UNION ALL
SELECT %s, 'category', category_id, band, COALESCE(area_id, 0), sector_id, COUNT(*),
       -- sums of sums are numeric: back to bigint, as the table stores them
       SUM(staff)::bigint, SUM(vacancies)::bigint, SUM(difficulty_sum)::bigint, SUM(n)::bigint,
       COUNT(*) FILTER (WHERE training), NULL, NULL, NULL, NULL, NULL
FROM per_category
GROUP BY category_id, sector_id, CUBE (band, area_id)
HAVING {having}
UNION ALL
SELECT %s, 'responses', 0, band, COALESCE(area_id, 0), sector_id, COUNT(*),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, SUM(r.headcount_change),
       COUNT(*) FILTER (WHERE r.turned_away_work <> %s), SUM(r.apprentices)
FROM sliced s JOIN people_surveyresponse r ON r.id = s.response_id
GROUP BY sector_id, CUBE (band, area_id)
HAVING {having}
"""

# Every slice the summary keeps: each response once with its area for "every sector"
# (sector 0), and once per sector of its organisation for "every area" only (area_id
# NULL, rolled up): area × sector is left to _live().
_EVERY_SLICE = """
    SELECT response_id, organisation_id, band, area_id, 0::bigint AS sector_id FROM counted
    UNION ALL
    SELECT c.response_id, c.organisation_id, c.band, NULL::bigint, os.sector_id
    FROM counted c JOIN profile_organisation_sectors os ON os.organisation_id = c.organisation_id
"""
# One slice, already chosen by the counted responses' filters.
_ONE_SLICE = """
    SELECT response_id, organisation_id, band, NULL::bigint AS area_id, 0::bigint AS sector_id
    FROM counted
"""
