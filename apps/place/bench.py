"""Benchmark data for place: amenities (the demo's), buildings (moderated) and their spaces.
Sizes, shares and name parts are in demo/bench.yaml."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from apps.core import demodata
from apps.core.bench import link, pick_status, place, sentence
from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.place.models import LISTING_DAYS, Amenity, Building, Space
from apps.profile.models import Organisation


def seed(scale, rng):
    definitions = demodata.bench("place")
    now = timezone.now()
    amenities = Amenity.objects.bulk_create(
        Amenity(name=row["name"], slug=row["slug"]) for row in demodata.rows("place.Amenity")
    )
    areas = list(Area.objects.all())
    landlords = list(
        Organisation.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    # The organisations that let buildings are landlords, as the migration classifies them.
    Organisation.objects.filter(pk__in=landlords, role=Organisation.Role.TECH).update(
        role=Organisation.Role.LANDLORD
    )
    n = max(1, round(definitions["buildings"] * scale))
    buildings = []
    for i in range(n):
        status = pick_status(rng, definitions["statuses"])
        submitted = now - datetime.timedelta(days=rng.randint(1, 700), minutes=i)
        name = f"{place(rng)} {rng.choice(definitions['endings'])}"
        buildings.append(
            Building(
                name=name,
                slug=f"{slugify(name)}-{i}",
                description=sentence(rng, 40),
                address=f"{rng.randint(1, 200)} {place(rng)} Street, Newcastle",
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
    link(
        Building.amenities,
        [(b.pk, a.pk) for b in buildings for a in rng.sample(amenities, rng.randint(2, 8))],
    )
    spaces = Space.objects.bulk_create(
        (
            _space(rng, building, j, now)
            for building in buildings
            for j in range(definitions["spaces_per_building"])
        ),
        batch_size=3000,
    )
    return f"{len(amenities)} amenities, {n} buildings, {len(spaces)} spaces"


def _space(rng, building, j, now):
    today = timezone.localdate()
    roll = rng.random()
    if roll < 0.8:  # listed and current
        state, expires = (
            Space.State.LISTED,
            today + datetime.timedelta(days=rng.randint(1, LISTING_DAYS)),
        )
    elif roll < 0.88:  # listed but past its date: not yet swept by expire_spaces
        state, expires = Space.State.LISTED, today - datetime.timedelta(days=rng.randint(1, 30))
    elif roll < 0.95:
        state, expires = Space.State.EXPIRED, today - datetime.timedelta(days=rng.randint(1, 200))
    else:
        state, expires = Space.State.WITHDRAWN, today + datetime.timedelta(days=10)
    desks_min = rng.randint(1, 30)
    per_desk = rng.random() < 0.7
    return Space(
        building=building,
        slug=f"{building.slug}-{j}",
        name=f"Suite {j + 1}.{rng.randint(1, 9)}",
        kind=rng.choice([k for k, _ in Space.Kind.choices]),
        desks_min=desks_min,
        desks_max=desks_min + rng.randint(0, 20),
        size_sqft=rng.randint(100, 8000),
        price=Decimal(rng.randint(120, 600) if per_desk else rng.randint(12, 40)),
        price_basis=Space.PriceBasis.DESK_MONTH if per_desk else Space.PriceBasis.SQFT_YEAR,
        terms=rng.choice([Space.Terms.LICENCE, Space.Terms.LEASE]),
        min_months=rng.choice([1, 3, 6, 12, 36]),
        available_from=today + datetime.timedelta(days=rng.randint(-60, 120)),
        expires_on=expires,
        state=state,
        created_at=now - datetime.timedelta(days=rng.randint(0, 300), minutes=j),
    )
