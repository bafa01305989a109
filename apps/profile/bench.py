"""Benchmark data for profile: sectors (the demo's), organisations (the directory), stories
and key facts (the demo's, repeated). Sizes, shares and name parts are in demo/bench.yaml.

Called by `manage.py seed_bench` after the tables are emptied; bulk_create throughout,
so the signals that keep `Organisation.sector_names` and `sector_ids` current do not run
and the columns are filled afterwards with one UPDATE.
"""

import datetime

from django.db import connection
from django.utils import timezone

from apps.core import demodata
from apps.core.bench import link, pick_status, place, sentence
from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.profile.models import KeyFact, Organisation, Sector, Story


def seed(scale, rng):
    definitions = demodata.bench("profile")
    sectors = Sector.objects.bulk_create(
        Sector(name=row["name"], slug=row["slug"]) for row in demodata.rows("profile.Sector")
    )
    organisations = _organisations(scale, rng, definitions, sectors)
    published = [o for o in organisations if o.status == Status.PUBLISHED]
    stories = _stories(scale, rng, published)
    facts = demodata.rows("profile.KeyFact")
    KeyFact.objects.bulk_create(
        KeyFact(**{**facts[i % len(facts)], "is_headline": i < 3, "position": i})
        for i in range(definitions["key_facts"])
    )
    return f"{len(sectors)} sectors, {len(organisations)} organisations, {stories} stories"


def _organisations(scale, rng, definitions, sectors):
    now = timezone.now()
    areas = list(Area.objects.all())
    kinds, kind_weights = zip(*definitions["kinds"].items(), strict=True)
    bands, band_weights = zip(*definitions["employee_bands"].items(), strict=True)
    stages = [s for s, _ in Organisation.Stage.choices]
    middles, endings = definitions["middles"], definitions["endings"]
    organisations = []
    for i in range(max(1, round(definitions["organisations"] * scale))):
        name = f"{place(rng)} {rng.choice(middles)} {rng.choice(endings)}"
        status = pick_status(rng, definitions["statuses"])
        submitted = now - datetime.timedelta(days=rng.randint(1, 1500), minutes=i)
        reviewed = (
            submitted + datetime.timedelta(days=rng.randint(0, 10))
            if status in (Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED)
            else None
        )
        kind = rng.choices(kinds, kind_weights)[0]
        organisations.append(
            Organisation(
                name=name,
                slug=f"{name.lower().replace(' ', '-')}-{i}",
                role=Organisation.role_for_kind(kind),
                kind=kind,
                summary=sentence(rng, rng.randint(12, 30))[:280],
                description="\n\n".join(sentence(rng, rng.randint(20, 60)) for _ in range(3)),
                website=f"https://example.org/{i}",
                founded_year=rng.randint(1950, 2025),
                employee_band=rng.choices(bands, band_weights)[0],
                stage=rng.choice(stages),
                area=rng.choice(areas),
                hiring_now=rng.random() < 0.3,
                status=status,
                reference=f"O{i:07d}",
                contact_name="Bench Contact",
                contact_email=f"org{i}@example.org",
                submitted_at=submitted,
                confirmed_at=submitted if status != Status.UNCONFIRMED else None,
                reviewed_at=reviewed,
                moderation_note="Not a tech business." if status == Status.REJECTED else "",
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=2000)
    sectors_each = definitions["sectors_each"]
    link(
        Organisation.sectors,
        [
            (org.pk, sector.pk)
            for org in organisations
            for sector in rng.sample(sectors, rng.choice(sectors_each))
        ],
    )
    # bulk_create skips the m2m signal that fills sector_names and sector_ids; one UPDATE
    # does them all.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE profile_organisation o SET sector_names = s.names, sector_ids = s.ids
            FROM (
                SELECT os.organisation_id, string_agg(sec.name, ' ' ORDER BY sec.name) AS names,
                    array_agg(sec.id ORDER BY sec.id) AS ids
                FROM profile_organisation_sectors os
                JOIN profile_sector sec ON sec.id = os.sector_id
                GROUP BY os.organisation_id
            ) s
            WHERE s.organisation_id = o.id
            """
        )
    return organisations


def _stories(scale, rng, published):
    now = timezone.now()
    definitions = demodata.bench("profile")
    story_kinds = [k for k, _ in Story.Kind.choices]
    themes = [t for t, _ in Story.Theme.choices]
    stories = []
    for i in range(max(1, round(definitions["stories"] * scale))):
        roll = rng.random()
        if roll < 0.9:
            status, published_at = (
                Story.Status.PUBLISHED,
                now - datetime.timedelta(days=rng.randint(0, 1500), minutes=i),
            )
        elif roll < 0.95:  # scheduled for the future
            status, published_at = (
                Story.Status.PUBLISHED,
                now + datetime.timedelta(days=rng.randint(1, 60)),
            )
        else:
            status, published_at = Story.Status.DRAFT, None
        title = f"{place(rng)} {rng.choice(definitions['middles'])}: {sentence(rng, 6)[:-1]}"
        stories.append(
            Story(
                title=title[:150],
                slug=f"story-{i}",
                kind=rng.choice(story_kinds),
                theme=rng.choice(themes),
                summary=sentence(rng, 20)[:280],
                body="\n\n".join(sentence(rng, rng.randint(30, 80)) for _ in range(6)),
                author="Bench Writer",
                is_featured=rng.random() < 0.02,
                status=status,
                published_at=published_at,
            )
        )
    stories = Story.objects.bulk_create(stories, batch_size=1000)
    link(
        Story.organisations,
        [
            (story.pk, org.pk)
            for story in stories
            for org in rng.sample(published, min(len(published), rng.randint(0, 2)))
        ],
    )
    return len(stories)
