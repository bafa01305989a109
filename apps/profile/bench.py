"""Benchmark data for profile: sectors, organisations (the directory), stories, key facts.

Called by `manage.py seed_bench` after the tables are emptied; bulk_create throughout,
so the signals that keep `Organisation.sector_names` and `sector_ids` current do not run
and the columns are filled afterwards with one UPDATE.
"""

import datetime

from django.db import connection
from django.utils import timezone

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.profile.demo import SECTORS
from apps.profile.models import KeyFact, Organisation, Sector, Story

ORGANISATIONS = 10_000
STORIES = 2_000

FIRST = [
    "Tyne",
    "Quayside",
    "Ouseburn",
    "Grainger",
    "Jesmond",
    "Heaton",
    "Gosforth",
    "Byker",
    "Elswick",
    "Team",
    "Lort",
    "Pilgrim",
    "Blaydon",
    "Tanfield",
    "Cullercoats",
    "Spital",
    "High",
    "Swing",
    "Millennium",
    "Baltic",
    "Sage",
    "Angel",
    "Northern",
    "Cheviot",
    "Kielder",
    "Hadrian",
    "Wallsend",
    "Lindisfarne",
    "Tynemouth",
    "Whitley",
    "Derwent",
    "Wear",
]
SECOND = [
    "Data",
    "Cloud",
    "Code",
    "Pixel",
    "Quantum",
    "Signal",
    "Circuit",
    "Vector",
    "Harbour",
    "Bridge",
    "Forge",
    "Lantern",
    "Beacon",
    "Orbit",
    "Compass",
    "Anchor",
    "Mill",
    "Foundry",
    "Works",
    "Spark",
    "Ledger",
    "Prism",
    "Kernel",
    "Atlas",
    "Relay",
    "Summit",
]
SUFFIX = [
    "Labs",
    "Software",
    "Systems",
    "Digital",
    "Analytics",
    "Studio",
    "Technologies",
    "Ventures",
    "Solutions",
    "Interactive",
    "Health",
    "Payments",
    "Security",
    "Robotics",
    "Networks",
    "Partners",
    "Academy",
    "Games",
]
WORDS = [
    "cloud",
    "platform",
    "data",
    "analytics",
    "machine",
    "learning",
    "software",
    "product",
    "design",
    "research",
    "mobile",
    "web",
    "app",
    "payments",
    "security",
    "healthcare",
    "education",
    "retail",
    "logistics",
    "energy",
    "games",
    "immersive",
    "robotics",
    "sensors",
    "devops",
    "consultancy",
    "startup",
    "scale-up",
    "investment",
    "talent",
    "apprentices",
    "training",
    "community",
    "network",
    "innovation",
    "prototype",
    "customers",
    "growth",
    "export",
]

# Shares of organisation statuses: mostly published, with a realistic tail.
ORG_STATUSES = [
    (Status.PUBLISHED, 0.84),
    (Status.PENDING, 0.07),
    (Status.REJECTED, 0.04),
    (Status.UNCONFIRMED, 0.03),
    (Status.ARCHIVED, 0.02),
]


def pick_status(rng, table):
    roll, total = rng.random(), 0.0
    for status, share in table:
        total += share
        if roll < total:
            return status
    return table[0][0]


# Filler vocabulary of a few thousand made-up words, so that a topical word such as
# "cloud" appears in a realistic share of texts (a few per cent), not in every one.
_SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
    "si",
    "to",
    "vu",
    "wa",
    "ye",
    "zo",
]
FILLER = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("n", "r", "l", "t", "")]


def sentence(rng, n):
    """n words, each a topical word one time in twenty-five, otherwise filler."""
    words = (rng.choice(WORDS) if rng.random() < 0.04 else rng.choice(FILLER) for _ in range(n))
    return " ".join(words).capitalize() + "."


def seed(scale, rng):
    now = timezone.now()
    sectors = Sector.objects.bulk_create([Sector(name=name, slug=slug) for name, slug in SECTORS])
    areas = list(Area.objects.all())
    kinds = [k for k, _ in Organisation.Kind.choices]
    kind_weights = [20, 10, 30, 5, 10, 2, 6, 4, 3, 4]
    bands = [b for b, _ in Organisation.EmployeeBand.choices]
    band_weights = [55, 30, 11, 4]
    stages = [s for s, _ in Organisation.Stage.choices]

    n = max(1, round(ORGANISATIONS * scale))
    organisations = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {rng.choice(SUFFIX)}"
        status = pick_status(rng, ORG_STATUSES)
        submitted = now - datetime.timedelta(days=rng.randint(1, 1500), minutes=i)
        reviewed = (
            submitted + datetime.timedelta(days=rng.randint(0, 10))
            if status in (Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED)
            else None
        )
        organisations.append(
            Organisation(
                name=name,
                slug=f"{name.lower().replace(' ', '-')}-{i}",
                kind=rng.choices(kinds, kind_weights)[0],
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
    through = Organisation.sectors.through
    through.objects.bulk_create(
        [
            through(organisation_id=org.pk, sector_id=sector.pk)
            for org in organisations
            for sector in rng.sample(sectors, rng.choice([1, 1, 2, 2, 3]))
        ],
        batch_size=5000,
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

    published = [o for o in organisations if o.status == Status.PUBLISHED]
    s = max(1, round(STORIES * scale))
    story_kinds = [k for k, _ in Story.Kind.choices]
    themes = [t for t, _ in Story.Theme.choices]
    stories = []
    for i in range(s):
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
        title = f"{rng.choice(FIRST)} {rng.choice(SECOND)}: {sentence(rng, 6)[:-1]}"
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
    story_through = Story.organisations.through
    story_through.objects.bulk_create(
        [
            story_through(story_id=story.pk, organisation_id=org.pk)
            for story in stories
            for org in rng.sample(published, min(len(published), rng.randint(0, 2)))
        ],
        batch_size=5000,
    )
    KeyFact.objects.bulk_create(
        [
            KeyFact(
                figure=f"{10 * (i + 1)}%",
                statement=f"Bench key fact number {i + 1}.",
                source="Bench source",
                as_of=datetime.date(2025, 1, 1),
                is_headline=i < 3,
                position=i,
            )
            for i in range(6)
        ]
    )
    return f"{len(sectors)} sectors, {n} organisations, {s} stories"
