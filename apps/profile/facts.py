"""Key facts: figures a reader would quote, each with its source and date.

Two kinds, shown together by the home page, the brand toolkit and the brand guidelines
PDF (facts(), headline()):

- computed from the portal's own data (once per page-cache generation), by providers that each
  app registers in its AppConfig.ready() (provider()): the directory's businesses and
  the people who work in them here, the skills survey's vacancies and expected growth
  in the People theme. The page cache keeps the pages, and moves on whenever the data
  behind them changes.
- KeyFact rows that staff keep, for figures the portal does not hold (a forecast from a
  published study), with their source.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from apps.core.web import fragments

_providers = []


@dataclass(frozen=True)
class Fact:
    """A fact computed from the portal's data; shown like a KeyFact."""

    figure: str
    statement: str
    source: str
    as_of: datetime.date
    source_url: str = ""
    position: int = 0
    is_headline: bool = True


def provider(func):
    """Register `func(today)`, which returns a list of Facts (empty when its data is too
    thin to quote). Returns func, so it can be used as a decorator."""
    _providers.append(func)
    return func


def computed(today=None):
    today = today or timezone.localdate()
    return [fact for func in _providers for fact in func(today)]


def facts(today=None):
    """Every fact for the brand toolkit: computed ones first, then staff's by position."""
    from apps.profile.models import KeyFact

    return computed(today) + list(KeyFact.objects.published())


def headline(limit=3, today=None):
    """The facts for the front page: staff's headline facts first (a forecast from a
    study is what most people quote), then computed ones, asking the providers in turn
    only while places are left."""
    today = today or timezone.localdate()
    # Worked out once per page-cache generation (apps.core.web.fragments): the survey's
    # figures alone take a few queries and some arithmetic.
    return fragments.cached("headline-facts", lambda: _headline(limit, today), limit, today)


def _headline(limit, today):
    from apps.profile.models import KeyFact

    chosen = list(KeyFact.objects.headline()[:limit])
    for func in _providers:
        if len(chosen) >= limit:
            break
        chosen += [f for f in func(today) if f.is_headline][: limit - len(chosen)]
    return chosen


def tech_businesses():
    """Published organisations whose role is tech business: what the directory counts
    (not landlords, support organisations, education, public bodies or investors)."""
    from apps.profile.models import Organisation

    return Organisation.objects.published().tech_businesses()


# The lowest headcount of each size band: "at least" this many people work there.
BAND_FLOOR = {"1-9": 1, "10-49": 10, "50-249": 50, "250+": 250}


def directory_facts(today):
    """How many tech businesses the directory lists, and at least how many people they
    employ (from the size band each gives)."""
    bands = dict(
        tech_businesses()
        .order_by()
        .values("employee_band")
        .annotate(n=Count("pk"))
        .values_list("employee_band", "n")
    )
    businesses = sum(bands.values())
    if not businesses:
        return []
    people = sum(BAND_FLOOR.get(band, 0) * n for band, n in bands.items())
    source = "Newcastle Gateshead Tech business directory"
    url = reverse("profile:directory")
    return [
        Fact(
            figure=f"{businesses:,}",
            statement="tech businesses in Newcastle and Gateshead listed in the directory",
            source=source,
            source_url=url,
            as_of=today,
            position=0,
        ),
        Fact(
            figure=f"{people:,}+",
            statement="people employed by them at the least: the smallest headcount of "
            "each business's size band, added up",
            source=source,
            source_url=url,
            as_of=today,
            position=1,
            is_headline=False,
        ),
    ]
