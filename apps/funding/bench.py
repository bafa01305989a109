"""Benchmark data for funding: the demo's opportunities numbered over and over, with drafts,
archived and closed ones. Sizes and shares are in demo/bench.yaml."""

import datetime

from django.utils import timezone

from apps.core import demodata
from apps.core.bench import link, pick_status, sentence
from apps.core.models import Area
from apps.funding.models import Opportunity
from apps.profile.models import Sector


def seed(scale, rng):
    definitions = demodata.bench("funding")
    demo = demodata.rows("funding.Opportunity")
    today = timezone.localdate()
    areas = list(Area.objects.all())
    sectors = list(Sector.objects.all())
    n = max(1, round(definitions["opportunities"] * scale))
    rows = []
    for i in range(n):
        like = rng.choice(demo)
        rolling = rng.random() < 0.25
        # About a fifth have closed already (expired); they drop out of the listing.
        closes = None if rolling else today + datetime.timedelta(days=rng.randint(-120, 365))
        rows.append(
            Opportunity(
                title=f"{like['title']} {i}",
                slug=f"opportunity-{i}",
                status=pick_status(rng, definitions["statuses"]),
                provider=like["provider"],
                kind=like["kind"],
                summary=sentence(rng, 20)[:280],
                eligibility=sentence(rng, 40),
                stages=like["stages"],
                amount_min=like["amount_min"],
                amount_max=like["amount_max"],
                opens_on=None,
                closes_on=closes,
                is_rolling=rolling,
                area=rng.choice(areas) if rng.random() < 0.3 else None,
                url=f"https://example.org/funding/{i}",
            )
        )
    rows = Opportunity.objects.bulk_create(rows, batch_size=1000)
    link(
        Opportunity.sectors,
        [(o.pk, s.pk) for o in rows for s in rng.sample(sectors, rng.randint(0, 2))],
    )
    return f"{n} opportunities"
