"""Benchmark data for funding: opportunities, with drafts, archived and closed ones."""

import datetime

from django.utils import timezone

from apps.core.models import Area
from apps.funding.models import Opportunity
from apps.profile.bench import FIRST, sentence
from apps.profile.models import Organisation, Sector

OPPORTUNITIES = 500


def seed(scale, rng):
    today = timezone.localdate()
    areas = list(Area.objects.all())
    sectors = list(Sector.objects.all())
    kinds = [k for k, _ in Opportunity.Kind.choices]
    stages = [s for s, _ in Organisation.Stage.choices]
    n = max(1, round(OPPORTUNITIES * scale))
    rows = []
    for i in range(n):
        roll = rng.random()
        status = (
            Opportunity.Status.PUBLISHED
            if roll < 0.8
            else Opportunity.Status.DRAFT
            if roll < 0.9
            else Opportunity.Status.ARCHIVED
        )
        rolling = rng.random() < 0.25
        # About a fifth have closed already (expired); they drop out of the listing.
        closes = None if rolling else today + datetime.timedelta(days=rng.randint(-120, 365))
        low = rng.choice([None, 1000, 5000, 25000])
        rows.append(
            Opportunity(
                title=f"{rng.choice(FIRST)} {rng.choice(kinds).title()} Fund {i}",
                slug=f"opportunity-{i}",
                status=status,
                provider=f"{rng.choice(FIRST)} Trust",
                kind=rng.choice(kinds),
                summary=sentence(rng, 20)[:280],
                eligibility=sentence(rng, 40),
                stages=rng.sample(stages, rng.randint(0, 2)),
                amount_min=low,
                amount_max=(low or 0) + rng.choice([10000, 50000, 250000]),
                opens_on=None,
                closes_on=closes,
                is_rolling=rolling,
                area=rng.choice(areas) if rng.random() < 0.3 else None,
                url=f"https://example.org/funding/{i}",
            )
        )
    rows = Opportunity.objects.bulk_create(rows, batch_size=1000)
    through = Opportunity.sectors.through
    through.objects.bulk_create(
        [
            through(opportunity_id=o.pk, sector_id=s.pk)
            for o in rows
            for s in rng.sample(sectors, rng.randint(0, 2))
        ]
    )
    return f"{n} opportunities"
