"""The inward-investment front door at /invest/: what someone outside the region needs to
decide whether to locate, invest or partner here, from the portal's own data."""

from django.db.models import Count, Max, Min, Sum

from apps.people.models import Course
from apps.place.models import Space
from apps.profile.models import KeyFact, Organisation, Story

# The support bodies the strategy names, by their directory slugs, in the order it names them.
SUPPORT_BODIES = [
    "invest-newcastle",
    "dynamo-north-east",
    "digital-union",
    "campus-north",
    "ignite",
]


def space_summary(today=None):
    """Listed office space: how many spaces, their desks, and the monthly price per desk."""
    return Space.objects.live(today=today).aggregate(
        spaces=Count("pk"),
        desks=Sum("desks_max"),
        cheapest=Min("monthly_price_per_desk"),
        dearest=Max("monthly_price_per_desk"),
    )


def support_bodies():
    found = {o.slug: o for o in Organisation.objects.published().filter(slug__in=SUPPORT_BODIES)}
    return [found[slug] for slug in SUPPORT_BODIES if slug in found]


def front_door():
    return {
        "facts": KeyFact.objects.headline(),
        "space": space_summary(),
        "courses": Course.objects.listed().count(),
        "universities": Organisation.objects.published()
        .filter(kind=Organisation.Kind.UNIVERSITY)
        .order_by("name"),
        "case_studies": Story.objects.for_cards().filter(kind=Story.Kind.CASE_STUDY)[:3],
        "support_bodies": support_bodies(),
    }
