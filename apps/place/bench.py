"""Benchmark data for place: amenities, buildings (moderated) and their spaces."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.place.demo import AMENITIES
from apps.place.models import LISTING_DAYS, Amenity, Building, Space
from apps.profile.bench import FIRST, pick_status, sentence
from apps.profile.models import Organisation

BUILDINGS = 2_000
SPACES_PER_BUILDING = 3

BUILDING_STATUSES = [
    (Status.PUBLISHED, 0.85),
    (Status.PENDING, 0.06),
    (Status.REJECTED, 0.03),
    (Status.UNCONFIRMED, 0.03),
    (Status.ARCHIVED, 0.03),
]
KINDS = ["House", "Works", "Exchange", "Court", "Yard", "Chambers", "Mill", "Hub", "Studios"]


def seed(scale, rng):
    now = timezone.now()
    today = timezone.localdate()
    amenities = Amenity.objects.bulk_create(
        [Amenity(name=name, slug=slugify(name)) for name in AMENITIES]
    )
    areas = list(Area.objects.all())
    landlords = list(
        Organisation.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    n = max(1, round(BUILDINGS * scale))
    buildings = []
    for i in range(n):
        status = pick_status(rng, BUILDING_STATUSES)
        submitted = now - datetime.timedelta(days=rng.randint(1, 700), minutes=i)
        name = f"{rng.choice(FIRST)} {rng.choice(KINDS)}"
        buildings.append(
            Building(
                name=name,
                slug=f"{slugify(name)}-{i}",
                description=sentence(rng, 40),
                address=f"{rng.randint(1, 200)} {rng.choice(FIRST)} Street, Newcastle",
                postcode=f"NE{rng.randint(1, 13)} {rng.randint(1, 9)}AB",
                area=rng.choice(areas),
                latitude=Decimal(f"{54.9 + rng.random() * 0.1:.6f}"),
                longitude=Decimal(f"{-1.7 + rng.random() * 0.2:.6f}"),
                landlord_id=rng.choice(landlords),
                broadband_mbps=rng.choice([None, 100, 300, 1000]),
                epc_rating=rng.choice(["A", "B", "C", "D", ""]),
                step_free=rng.random() < 0.6,
                status=status,
                reference=f"B{i:07d}",
                contact_email=f"landlord{i}@example.org",
                submitted_at=submitted,
                confirmed_at=submitted if status != Status.UNCONFIRMED else None,
                reviewed_at=submitted if status != Status.UNCONFIRMED else None,
            )
        )
    buildings = Building.objects.bulk_create(buildings, batch_size=2000)
    through = Building.amenities.through
    through.objects.bulk_create(
        [
            through(building_id=b.pk, amenity_id=a.pk)
            for b in buildings
            for a in rng.sample(amenities, rng.randint(2, 8))
        ],
        batch_size=5000,
    )
    kinds = [k for k, _ in Space.Kind.choices]
    spaces = []
    for b in buildings:
        for j in range(SPACES_PER_BUILDING):
            roll = rng.random()
            if roll < 0.8:  # listed and current
                state, expires = (
                    Space.State.LISTED,
                    today + datetime.timedelta(days=rng.randint(1, LISTING_DAYS)),
                )
            elif roll < 0.88:  # listed but past its date: not yet swept by expire_spaces
                state, expires = (
                    Space.State.LISTED,
                    today - datetime.timedelta(days=rng.randint(1, 30)),
                )
            elif roll < 0.95:
                state, expires = (
                    Space.State.EXPIRED,
                    today - datetime.timedelta(days=rng.randint(1, 200)),
                )
            else:
                state, expires = Space.State.WITHDRAWN, today + datetime.timedelta(days=10)
            desks_min = rng.randint(1, 30)
            per_desk = rng.random() < 0.7
            spaces.append(
                Space(
                    building=b,
                    slug=f"{b.slug}-{j}",
                    name=f"Suite {j + 1}.{rng.randint(1, 9)}",
                    kind=rng.choice(kinds),
                    desks_min=desks_min,
                    desks_max=desks_min + rng.randint(0, 20),
                    size_sqft=rng.randint(100, 8000),
                    price=Decimal(rng.randint(120, 600) if per_desk else rng.randint(12, 40)),
                    price_basis=(
                        Space.PriceBasis.DESK_MONTH if per_desk else Space.PriceBasis.SQFT_YEAR
                    ),
                    terms=rng.choice([Space.Terms.LICENCE, Space.Terms.LEASE]),
                    min_months=rng.choice([1, 3, 6, 12, 36]),
                    available_from=today + datetime.timedelta(days=rng.randint(-60, 120)),
                    expires_on=expires,
                    state=state,
                    created_at=now - datetime.timedelta(days=rng.randint(0, 300), minutes=j),
                )
            )
    Space.objects.bulk_create(spaces, batch_size=3000)
    return f"{len(amenities)} amenities, {n} buildings, {len(spaces)} spaces"
