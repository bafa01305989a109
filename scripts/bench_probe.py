"""In-process measurements and helpers for `make bench`, run against one bench database
with the environment of the server configuration being measured.

`bench_probe.py` prints one JSON object: the URLs to load (slugs picked from the data),
queries and body bytes per page (Django's test client with CaptureQueriesContext, page
cache off), whether each page can be served from the page cache and if not why, the
vocabulary for the mixed-traffic run's long tail, the skills map's uncached build time
(and the time to rebuild a round's summary), and the directory page's compressed weight.

`bench_probe.py --config` prints the cache configuration these settings give (backend,
location, PAGE_CACHE_SECONDS) and moves the page cache to a new generation, so no page
stored by an earlier run is served.

`bench_probe.py --publish SECONDS` publishes something through the ORM every SECONDS
(a published key fact, then a published organisation's summary, in turn, each with
`.save()` so the page cache's signals fire) until it is sent SIGTERM, then prints how
many publishes it made and how many of them moved the page cache's generation.
"""

import gzip
import json
import os
import re
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.core.models import Area  # noqa: E402
from apps.core.moderation.models import Status  # noqa: E402
from apps.core.web import pagecache  # noqa: E402
from apps.funding.models import Opportunity  # noqa: E402
from apps.people import skills_map  # noqa: E402
from apps.people import summary as skills_summary  # noqa: E402
from apps.people.models import SurveyRound  # noqa: E402
from apps.place.models import Building, Space  # noqa: E402
from apps.profile.models import KeyFact, Organisation, Sector, Story  # noqa: E402


def pages():
    """The pages every run loads, in the order of the report. The names of the pages
    that earlier reports had too are kept, so their figures show as "before"."""
    profile = (
        Organisation.objects.published().filter(stories__isnull=False).order_by("pk").first()
        or Organisation.objects.published().order_by("pk").first()
    )
    space = Space.objects.live().order_by("pk").first()
    building = Building.objects.for_page().order_by("pk").first()
    # The querysets the detail views read, so each page answers 200.
    story = Story.objects.for_listing().order_by("pk").first()
    opportunity = Opportunity.objects.for_listing(timezone.localdate()).order_by("pk").first()
    return {
        "home": "/",
        "directory": "/directory/?q=data&sector=software&size=1-9",
        "profile": f"/directory/{profile.slug}/",
        "space search": "/spaces/?area=city-centre&desks=4&max_price=450&step_free=on",
        "space listing": f"/spaces/{space.slug}/",
        "building": f"/spaces/building/{building.slug}/",
        "skills map": "/skills/",
        "site search": "/search/?q=cloud+security",
        "stories": "/stories/",
        "story": f"/stories/{story.slug}/",
        "funding": "/funding/",
        "opportunity": f"/funding/{opportunity.slug}/",
        "open data": "/data/",
        "add organisation": "/directory/add/",
        "api list": "/api/v1/organisations/",
    }


# More public URLs whose cacheability the report states, without loading them.
OTHER_URLS = {
    "directory, no filter": "/directory/",
    "spaces, no filter": "/spaces/",
    "skills courses": "/skills/courses/",
    "about": "/about/",
    "add a building": "/spaces/add/",
    "add a space need": "/spaces/needs/add/",
    "skills survey": "/skills/survey/",
    "ask the funding team": "/funding/ask/",
    "manage a listing": "/manage/",
}

# Why a path prefix is left out of the page cache (settings.PAGE_CACHE_EXCLUDED_PATHS).
EXCLUDED_WHY = {
    "/api/": "the API is excluded: its throttle must count every request, and it answers"
    " 304 to its own ETags",
    "/manage/": "excluded: a submitter's own pages",
    "/link/": "excluded: a submitter's own pages",
    "/status/": "excluded: a submitter's own pages",
    "/admin/": "excluded: staff only",
}


def not_cached_because(url, response):
    """Why the page cache would not store this anonymous GET (None if it would): the
    conditions of apps.core.web.pagecache, stated for the report."""
    path = urlsplit(url).path
    for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS:
        if path.startswith(prefix):
            return EXCLUDED_WHY.get(prefix, f"excluded ({prefix} in PAGE_CACHE_EXCLUDED_PATHS)")
    request = response.wsgi_request
    if response.status_code != 200:
        return f"answers {response.status_code}"
    if response.streaming:
        return "streamed"
    if settings.CSRF_COOKIE_NAME in response.cookies or "CSRF_COOKIE" in request.META:
        return "carries a CSRF form (its token belongs to one visitor)"
    if response.cookies:
        return "sets a cookie (" + ", ".join(sorted(response.cookies)) + ")"
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    if extra := vary - {"cookie", *pagecache.KEYED_HEADERS}:
        return "varies on " + ", ".join(sorted(extra))
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return f"Cache-Control: {cache_control}"
    return None


def cacheability(urls):
    # A new client for each URL: a cookie one page set must not reach the next.
    return {name: not_cached_because(url, Client().get(url)) for name, url in urls.items()}


# Words too common to make a search of their own.
STOPWORDS = {"with", "that", "from", "their", "this", "into", "over", "your", "they"}


def vocabulary(limit=300):
    """The mixed-traffic run's long tail is made of these: the commonest words of the
    published organisations' summaries (so most searches find something), the areas and
    the sectors."""
    counts = Counter()
    summaries = Organisation.objects.published().order_by("pk").values_list("summary", flat=True)
    for text in summaries[:3000]:
        counts.update(w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOPWORDS)
    return {
        "words": [word for word, _ in counts.most_common(limit)],
        "areas": list(Area.objects.order_by("slug").values_list("slug", flat=True)),
        "sectors": list(Sector.objects.order_by("slug").values_list("slug", flat=True)),
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


def probe():
    settings.PAGE_CACHE_SECONDS = 0  # every figure here is a page rendered afresh
    urls = pages()
    return {
        "urls": urls,
        "pages": measure(urls),
        "not_cached_because": cacheability(urls),
        "other_urls": OTHER_URLS,
        "other_not_cached_because": cacheability(OTHER_URLS),
        "vocabulary": vocabulary(),
        "skills_map": skills_map_ms(),
        "skills_summary_rebuild_ms": skills_summary_rebuild_ms(),
        "directory_weight": directory_weight("/directory/"),
        "counts": {
            "organisations": Organisation.objects.count(),
            "published_organisations": Organisation.objects.filter(status=Status.PUBLISHED).count(),
        },
    }


def cache_config():
    """The cache these settings give, and a fresh generation: a shared cache (Redis) may
    hold pages an earlier run stored for another database under the same keys."""
    default = settings.CACHES["default"]
    location = default.get("LOCATION", "")
    if isinstance(location, str) and "@" in location:  # never print a password
        scheme, _, rest = location.partition("://")
        location = f"{scheme}://{rest.rpartition('@')[2]}"
    state = pagecache.status()
    if state == "ok":
        pagecache.invalidate()
    return {
        "backend": default["BACKEND"].rsplit(".", 1)[-1],
        "location": str(location),
        "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "status": state,
    }


def publish(every):
    """Save a published row every `every` seconds until SIGTERM, alternating a key fact
    and an organisation's summary (their values unchanged: the write, the signals and
    the pages rendered afresh afterwards are what a publish costs), and count how many
    of the saves moved the page cache's generation."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    facts = list(KeyFact.objects.published().order_by("pk")[:20])
    organisations = list(Organisation.objects.published().order_by("pk")[:20])
    publishes = moved = 0
    timings = []
    print(json.dumps({"ready": True}), flush=True)
    while not stopping:
        before = cache.get(pagecache.GENERATION_KEY)
        started = time.perf_counter()
        if publishes % 2 == 0 and facts:
            facts[publishes // 2 % len(facts)].save()
        else:
            organisation = organisations[publishes // 2 % len(organisations)]
            organisation.save(update_fields=["summary"])
        timings.append((time.perf_counter() - started) * 1000)
        publishes += 1
        moved += cache.get(pagecache.GENERATION_KEY) != before
        deadline = time.monotonic() + every
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.05)
    return {
        "every_s": every,
        "publishes": publishes,
        "moved": moved,
        "save_ms_median": statistics.median(timings) if timings else None,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--config"]:
        print(json.dumps(cache_config()))
    elif sys.argv[1:2] == ["--publish"]:
        print(json.dumps(publish(float(sys.argv[2]))))
    else:
        print(json.dumps(probe()))
