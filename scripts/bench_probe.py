"""In-process measurements for `make bench`, run against one bench database.

Prints one JSON object: the URLs to load (slugs picked from the data), queries and body
bytes per page (Django's test client with CaptureQueriesContext, page cache off), the
skills map's uncached build time (and the time to rebuild a round's summary), and the
directory page's compressed weight.
"""

import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.core.models import Status  # noqa: E402
from apps.people import skills_map  # noqa: E402
from apps.people import summary as skills_summary  # noqa: E402
from apps.people.models import SurveyRound  # noqa: E402
from apps.place.models import Space  # noqa: E402
from apps.profile.models import Organisation  # noqa: E402

settings.PAGE_CACHE_SECONDS = 0


def pages():
    profile = (
        Organisation.objects.published().filter(stories__isnull=False).order_by("pk").first()
        or Organisation.objects.published().order_by("pk").first()
    )
    space = Space.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "directory": "/directory/?q=data&sector=software&size=1-9",
        "profile": f"/directory/{profile.slug}/",
        "space search": "/spaces/?area=city-centre&desks=4&max_price=450&step_free=on",
        "space listing": f"/spaces/{space.slug}/",
        "skills map": "/skills/",
        "site search": "/search/?q=cloud+security",
        "api list": "/api/v1/organisations/",
    }


def measure(urls):
    client = Client()
    out = {}
    for name, url in urls.items():
        client.get(url)  # warm: templates, first-use caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        out[name] = {
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "body_bytes": len(response.content),
        }
    return out


def skills_map_ms(runs=7):
    """build() as the page calls it, without any cache: it reads the round's summary,
    checking in the same query that it is fresh (and rebuilding it first if not, which
    the first, unmeasured, call does after seeding)."""
    survey_round = SurveyRound.objects.started().first()
    skills_map.build(survey_round=survey_round)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        skills_map.build(survey_round=survey_round)
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(timings), "min_ms": min(timings)}


def skills_summary_rebuild_ms(runs=3):
    """A full rebuild of the latest round's summary: what the first visitor after a
    change to the round's data waits for, unless the refresh after approval did it."""
    survey_round = SurveyRound.objects.started().first()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        skills_summary.rebuild(survey_round.pk, force=True)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def directory_weight(url):
    """HTML gzipped at level 6 (as a proxy or GZipMiddleware would) plus each stylesheet
    and script it loads, as WhiteNoise serves them compressed (the .br or .gz file)."""
    html = Client().get(url).content
    total = {"html": len(gzip.compress(html, 6)), "assets": {}}
    root = Path(settings.STATIC_ROOT)
    for ref in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        path = root / ref.decode().removeprefix(settings.STATIC_URL)
        sizes = [
            p.stat().st_size
            for p in (path.with_name(path.name + ".br"), path.with_name(path.name + ".gz"), path)
            if p.exists()
        ]
        total["assets"][ref.decode()] = min(sizes) if sizes else None
    total["total"] = total["html"] + sum(v or 0 for v in total["assets"].values())
    return total


if __name__ == "__main__":
    urls = pages()
    print(
        json.dumps(
            {
                "urls": urls,
                "pages": measure(urls),
                "skills_map": skills_map_ms(),
                "skills_summary_rebuild_ms": skills_summary_rebuild_ms(),
                "directory_weight": directory_weight("/directory/"),
                "counts": {
                    "organisations": Organisation.objects.count(),
                    "published_organisations": Organisation.objects.filter(
                        status=Status.PUBLISHED
                    ).count(),
                },
            }
        )
    )
