"""The skills map's summary tables and the triggers that keep them honest.

The summary (people_skills_summary) is derived data written only by
apps.people.summary.rebuild(). Any change to the data behind it, by a save, a queryset
.update(), an admin action, an import or raw SQL, bumps a generation counter from these
statement-level triggers; a round's summary records the generation it was built from,
and the skills map rebuilds a round whose generation has moved before reading it.

Round 0 in people_skills_summary_generation stands for "everything" (a skill moving to
another category, or a TRUNCATE); round -1 is the number of listed courses per skill,
kept in the same tables (kind 'courses') and watched the same way. The statuses are the values of apps.core.moderation.models.Status.
The tables are not Django models: nothing but SQL writes them, and they stay out of the
audit trail (a rebuild would otherwise copy tens of thousands of rows into it).
"""

from django.db import migrations

TABLES = """
CREATE TABLE people_skills_summary (
    round_id bigint NOT NULL,
    kind varchar(10) NOT NULL,      -- 'skill', 'category', 'responses' or 'courses'
    key bigint NOT NULL,            -- the skill's or the category's id; 0 for responses
    band varchar(10),               -- the organisations' employee band; NULL: every size
    area_id bigint NOT NULL,        -- 0: every area
    sector_id bigint NOT NULL,      -- 0: every organisation, whatever its sectors
    orgs bigint NOT NULL,           -- organisations (respondents; courses, for 'courses')
    staff bigint,
    vacancies bigint,
    difficulty_sum bigint,
    n bigint,                       -- skill lines behind difficulty_sum
    training bigint,                -- organisations with a training need
    min_org bigint,                 -- lowest and highest organisation id ('skill' rows):
    max_org bigint,                 -- with fewer than 3 organisations, these are all of them
    headcount_change bigint,        -- 'responses' rows only, as the next two
    turned_away bigint,
    apprentices bigint
);
CREATE INDEX people_skills_summary_lookup ON people_skills_summary (round_id, area_id, sector_id);
CREATE TABLE people_skills_summary_built (
    round_id bigint PRIMARY KEY,
    generation bigint NOT NULL,
    built_at timestamptz NOT NULL
);
CREATE TABLE people_skills_summary_generation (
    round_id bigint PRIMARY KEY,
    value bigint NOT NULL
);

CREATE FUNCTION people_skills_summary_bump(rounds bigint[]) RETURNS void
LANGUAGE sql AS $$
    -- Sorted, so two statements bumping the same rounds lock them in the same order.
    INSERT INTO people_skills_summary_generation AS g (round_id, value)
    SELECT DISTINCT r, 1 FROM unnest(rounds) AS r WHERE r IS NOT NULL ORDER BY r
    ON CONFLICT (round_id) DO UPDATE SET value = g.value + 1;
$$;

CREATE FUNCTION people_skills_summary_everything_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_skills_summary_bump(ARRAY[0::bigint]);
    RETURN NULL;
END $$;

-- Responses: only published ones count, so a change that leaves a response unpublished
-- before and after (a submission, a confirmation) leaves the map alone.
CREATE FUNCTION people_skills_summary_response_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT round_id FROM new_rows WHERE status = 'published'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT round_id FROM old_rows WHERE status = 'published'));
    ELSE
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT unnest(ARRAY[o.round_id, n.round_id])
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.status = 'published' OR n.status = 'published')
              AND (o.status, o.round_id, o.organisation_id, o.submitted_at,
                   o.headcount_change, o.turned_away_work, o.apprentices)
                  IS DISTINCT FROM
                  (n.status, n.round_id, n.organisation_id, n.submitted_at,
                   n.headcount_change, n.turned_away_work, n.apprentices)));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION people_skills_summary_line_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id FROM new_rows x
            JOIN people_surveyresponse r ON r.id = x.response_id
            WHERE r.status = 'published'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id FROM old_rows x
            JOIN people_surveyresponse r ON r.id = x.response_id
            WHERE r.status = 'published'));
    ELSE
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            JOIN people_surveyresponse r ON r.id IN (o.response_id, n.response_id)
            WHERE r.status = 'published'
              AND (o.response_id, o.skill_id, o.staff, o.vacancies, o.difficulty,
                   o.training_need)
                  IS DISTINCT FROM
                  (n.response_id, n.skill_id, n.staff, n.vacancies, n.difficulty,
                   n.training_need)));
    END IF;
    RETURN NULL;
END $$;

-- Organisations: whether they are rejected, their size and their area, for the rounds
-- they have published responses in; whether they are published, for course providers.
-- Edits to anything else leave the map alone.
CREATE FUNCTION people_skills_summary_organisation_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_skills_summary_bump(ARRAY(
        SELECT r.round_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN people_surveyresponse r ON r.organisation_id = n.id
        WHERE r.status = 'published'
          AND ((o.status = 'rejected') IS DISTINCT FROM (n.status = 'rejected')
               OR o.employee_band IS DISTINCT FROM n.employee_band
               OR o.area_id IS DISTINCT FROM n.area_id)));
    IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
               WHERE (o.status = 'published') IS DISTINCT FROM (n.status = 'published')
                 AND EXISTS (SELECT 1 FROM people_course c WHERE c.provider_id = n.id)) THEN
        PERFORM people_skills_summary_bump(ARRAY[-1::bigint]);
    END IF;
    RETURN NULL;
END $$;

-- Courses: listed or not, and which provider; any change to which skills they teach.
CREATE FUNCTION people_skills_summary_course_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        PERFORM people_skills_summary_bump(ARRAY[-1::bigint]);
    ELSIF EXISTS (
        SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.is_active, o.provider_id) IS DISTINCT FROM (n.is_active, n.provider_id)) THEN
        PERFORM people_skills_summary_bump(ARRAY[-1::bigint]);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION people_skills_summary_course_skills_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_skills_summary_bump(ARRAY[-1::bigint]);
    RETURN NULL;
END $$;

CREATE FUNCTION people_skills_summary_sectors_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id FROM new_rows x
            JOIN people_surveyresponse r ON r.organisation_id = x.organisation_id
            WHERE r.status = 'published'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id FROM old_rows x
            JOIN people_surveyresponse r ON r.organisation_id = x.organisation_id
            WHERE r.status = 'published'));
    ELSE
        PERFORM people_skills_summary_bump(ARRAY(
            SELECT r.round_id
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            JOIN people_surveyresponse r ON r.organisation_id IN (o.organisation_id,
                                                                   n.organisation_id)
            WHERE r.status = 'published'
              AND (o.organisation_id, o.sector_id)
                  IS DISTINCT FROM (n.organisation_id, n.sector_id)));
    END IF;
    RETURN NULL;
END $$;

-- A skill moving to another category changes category totals in every round.
CREATE FUNCTION people_skills_summary_skill_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
               WHERE o.category_id IS DISTINCT FROM n.category_id) THEN
        PERFORM people_skills_summary_bump(ARRAY[0::bigint]);
    END IF;
    RETURN NULL;
END $$;
"""


def _triggers(table, function, operations):
    sql = []
    for operation in operations:
        referencing = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[operation]
        sql.append(
            f"CREATE TRIGGER people_skills_summary_{operation.lower()} AFTER {operation}"
            f" ON {table} REFERENCING {referencing} FOR EACH STATEMENT"
            f" EXECUTE FUNCTION {function}();"
        )
    sql.append(
        f"CREATE TRIGGER people_skills_summary_truncate AFTER TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION people_skills_summary_everything_changed();"
    )
    return "\n".join(sql)


ALL = ("INSERT", "UPDATE", "DELETE")
WATCHED = [
    ("people_surveyresponse", "people_skills_summary_response_changed", ALL),
    ("people_skillline", "people_skills_summary_line_changed", ALL),
    ("profile_organisation", "people_skills_summary_organisation_changed", ("UPDATE",)),
    ("profile_organisation_sectors", "people_skills_summary_sectors_changed", ALL),
    ("people_skill", "people_skills_summary_skill_changed", ("UPDATE",)),
    ("people_course", "people_skills_summary_course_changed", ALL),
    ("people_course_skills", "people_skills_summary_course_skills_changed", ALL),
]

FORWARD = "\n".join([TABLES, *(_triggers(*watched) for watched in WATCHED)])

REVERSE = "\n".join(
    [
        *(
            f"DROP TRIGGER people_skills_summary_{op} ON {table};"
            for table, _function, operations in WATCHED
            for op in [*(o.lower() for o in operations), "truncate"]
        ),
        "DROP FUNCTION people_skills_summary_course_skills_changed();",
        "DROP FUNCTION people_skills_summary_course_changed();",
        "DROP FUNCTION people_skills_summary_skill_changed();",
        "DROP FUNCTION people_skills_summary_sectors_changed();",
        "DROP FUNCTION people_skills_summary_organisation_changed();",
        "DROP FUNCTION people_skills_summary_line_changed();",
        "DROP FUNCTION people_skills_summary_response_changed();",
        "DROP FUNCTION people_skills_summary_everything_changed();",
        "DROP FUNCTION people_skills_summary_bump(bigint[]);",
        "DROP TABLE people_skills_summary_generation;",
        "DROP TABLE people_skills_summary_built;",
        "DROP TABLE people_skills_summary;",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_courseevent_courseskillevent_skillcategoryevent_and_more"),
        ("profile", "0006_brandassetevent_keyfactevent_keymessageevent_and_more"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
