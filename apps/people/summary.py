"""The skills map's summary: a round's figures added up once per skill (or category) ×
organisation size × area × sector, so a page adds up a few hundred rows instead of
reading every skill line of the round.

Every filter of the map is a slice of it. An organisation has one size and one area, so
those add up; sectors are many to many, so rows with sector_id 0 cover every
organisation and rows per sector serve the sector filter (never added across sectors).
area_id 0 rows are the same figures over every area. A category's organisation counts
are distinct organisations, counted per slice. For the secondary suppression check,
skill rows also keep their lowest and highest organisation id: a skill reported by fewer
than 3 organisations has at most two, and those are them.

Freshness: statement-level triggers (migration 0005_skills_summary) bump a per-round
generation counter whenever the data behind a round changes, whatever made the change.
A round's summary records the generation it was built from, in the same statement that
builds it, so figures read with a matching generation are exactly the live ones.
`rows()` reads the slice and the freshness check in one query and rebuilds a stale round
first (one INSERT … SELECT under an advisory lock, so concurrent visitors wait for one
rebuild rather than each doing it).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count

from apps.people.models import Course, SurveyResponse

# The summary's "round" that holds the number of listed courses per skill: they change
# independently of the survey, and are watched by the same triggers.
COURSES = -1
# First key of pg_advisory_xact_lock(int, int); the second is the round's id.
LOCK_KEY = 0x5C1115

_GENERATION = """
    SELECT COALESCE(SUM(g.value), 0) FROM people_skills_summary_generation g
    WHERE g.round_id IN (0, {round_id})
"""
_STALE = f"""
    SELECT w.round_id FROM unnest(%s::bigint[]) AS w (round_id)
    LEFT JOIN people_skills_summary_built b ON b.round_id = w.round_id
    WHERE b.generation IS DISTINCT FROM ({_GENERATION.format(round_id="w.round_id")})
"""  # noqa: S608 - no values are interpolated

_COLUMNS = (
    "kind",
    "key",
    "band",
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


@dataclass
class Row:
    round_id: int
    kind: str
    key: int
    band: str
    orgs: int
    staff: int | None
    vacancies: int | None
    difficulty_sum: int | None
    n: int | None
    training: int | None
    min_org: int | None
    max_org: int | None
    headcount_change: int | None
    turned_away: int | None
    apprentices: int | None


def rows(round_ids, *, area_id=0, sector_id=0, band=None):
    """The summary rows of these rounds for one slice (0: any area, any sector; band
    None: every size), and the course counts, after rebuilding whatever is stale."""
    round_ids = [*round_ids, COURSES]
    found, stale = _read(round_ids, area_id=area_id, sector_id=sector_id, band=band)
    if stale:
        for round_id in stale:
            rebuild(round_id)
        found, _stale = _read(round_ids, area_id=area_id, sector_id=sector_id, band=band)
    return found


def _read(round_ids, *, area_id, sector_id, band):
    columns = ", ".join(_COLUMNS)
    nulls = ", ".join(["'stale'", "0", "''", *["NULL"] * (len(_COLUMNS) - 3)])
    band_clause = "AND band = %s" if band else ""
    sql = f"""
        SELECT round_id, {nulls} FROM ({_STALE}) AS stale
        UNION ALL
        SELECT round_id, {columns} FROM people_skills_summary
        WHERE round_id = ANY(%s::bigint[]) AND area_id = %s AND sector_id = %s {band_clause}
        UNION ALL
        SELECT round_id, {columns} FROM people_skills_summary WHERE round_id = %s
    """  # noqa: S608 - only constant SQL is interpolated
    params = [round_ids, round_ids, area_id, sector_id, *([band] if band else []), COURSES]
    found, stale = [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for values in cursor.fetchall():
            row = Row(*values)
            if row.kind == "stale":
                stale.append(row.round_id)
            else:
                found.append(row)
    return found, stale


def refresh(round_id):
    """Rebuild the round's summary if its data changed since it was built."""
    with connection.cursor() as cursor:
        cursor.execute(_STALE, [[round_id]])
        if cursor.fetchone():
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
        if not force:
            cursor.execute(_STALE, [[round_id]])
            if not cursor.fetchone():
                return False
        # The aggregates hash about 200,000 rows per round at city scale: in memory, not
        # spilled to disk at the default 4 MB.
        cursor.execute("SELECT set_config('work_mem', '64MB', true)")
        cursor.execute("DELETE FROM people_skills_summary WHERE round_id = %s", [round_id])
        cursor.execute(sql, params)
    return True


def _round_sql(round_id):
    counted_sql, counted_params = (
        SurveyResponse.objects.counted(round_id)
        .values("pk", "organisation_id", "organisation__employee_band", "organisation__area_id")
        .order_by()
        .query.sql_with_params()
    )
    sql = _REBUILD.format(
        generation=_GENERATION.format(round_id="%s"), built=_BUILT, counted=counted_sql
    )
    params = [
        round_id,  # the generation
        round_id,  # people_skills_summary_built
        *counted_params,
        round_id,  # skill rows
        round_id,  # category rows
        round_id,  # response rows
        SurveyResponse.TurnedAway.NEVER,
    ]
    return sql, params


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
        WITH generation (value) AS ({_GENERATION.format(round_id="%s")}),
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

# One statement, so the generation it records and the figures it writes come from the
# same snapshot. The counted responses are the ORM's own SurveyResponse.objects.counted().
_REBUILD = """
WITH generation (value) AS ({generation}),
built AS ({built}),
counted (response_id, organisation_id, band, area_id) AS MATERIALIZED ({counted}),
-- Each response once for "every organisation" (sector 0) and once per sector.
sliced AS MATERIALIZED (
    SELECT response_id, organisation_id, band, area_id, 0::bigint AS sector_id FROM counted
    UNION ALL
    SELECT c.response_id, c.organisation_id, c.band, c.area_id, os.sector_id
    FROM counted c JOIN profile_organisation_sectors os ON os.organisation_id = c.organisation_id
),
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
INSERT INTO people_skills_summary (
    round_id, kind, key, band, area_id, sector_id, orgs, staff, vacancies, difficulty_sum,
    n, training, min_org, max_org, headcount_change, turned_away, apprentices
)
SELECT %s, 'skill', skill_id, band, COALESCE(area_id, 0), sector_id, COUNT(*), SUM(staff),
       SUM(vacancies), SUM(difficulty), COUNT(*), COUNT(*) FILTER (WHERE training_need),
       MIN(organisation_id), MAX(organisation_id), NULL::bigint, NULL::bigint, NULL::bigint
FROM lines
GROUP BY GROUPING SETS ((skill_id, band, area_id, sector_id), (skill_id, band, sector_id))
UNION ALL
SELECT %s, 'category', category_id, band, COALESCE(area_id, 0), sector_id, COUNT(*),
       SUM(staff), SUM(vacancies), SUM(difficulty_sum), SUM(n), COUNT(*) FILTER (WHERE training),
       NULL, NULL, NULL, NULL, NULL
FROM per_category
GROUP BY GROUPING SETS ((category_id, band, area_id, sector_id), (category_id, band, sector_id))
UNION ALL
SELECT %s, 'responses', 0, s.band, COALESCE(s.area_id, 0), s.sector_id, COUNT(*),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, SUM(r.headcount_change),
       COUNT(*) FILTER (WHERE r.turned_away_work <> %s), SUM(r.apprentices)
FROM sliced s JOIN people_surveyresponse r ON r.id = s.response_id
GROUP BY GROUPING SETS ((s.band, s.area_id, s.sector_id), (s.band, s.sector_id))
"""
