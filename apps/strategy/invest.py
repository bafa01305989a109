"""The inward-investment front door at /invest/: what someone outside the region needs to
decide whether to locate, invest or partner here, from the portal's own data."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from apps.people.models import Course
from apps.place.models import Space
from apps.profile import brand, facts
from apps.profile.models import KeyFact, Organisation, Story
from apps.strategy import ecosystem, progress
from apps.strategy.models import Indicator

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


def sector_profile_pdf(*, today=None):
    """The sector profile for trade missions and partners, as PDF bytes, made from live
    data: key facts with their sources, growth against the strategy's indicators, the
    sector's make-up (small counts suppressed as on /ecosystem/), talent, office space,
    case studies and who can help. It says when it was made."""
    today = today or timezone.localdate()
    pdf = SectorProfile(format="A4")
    pdf.set_title(f"{brand.NAME}: tech sector profile")
    pdf.set_author(brand.NAME)
    pdf.set_creation_date(datetime.datetime.combine(today, datetime.time(), datetime.UTC))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.cover(
        "Newcastle and Gateshead",
        "Tech sector profile",
        f"Made {today.day} {today:%B %Y} from the portal's live data at "
        f"{settings.SITE_URL}/invest/. Every figure gives its source.",
    )
    pdf.add_page()
    pdf.heading("Key facts")
    pdf.bullets(
        f"{fact.figure}: {fact.statement}. Source: {fact.source}, {fact.as_of:%B %Y}."
        for fact in facts.facts(today)
    )
    indicators = list(Indicator.objects.for_listing())
    if indicators:
        pdf.heading("Growth against the strategy's targets", size=14)
        pdf.bullets(
            f"{indicator.name}: {reading.label}. {reading.explanation}"
            for indicator in indicators
            for reading in [progress.reading(indicator, indicator.observations.all(), today)]
        )
    board = ecosystem.dashboard(today)
    pdf.heading("The sector", size=14)
    for chart in board["charts"][:2]:
        shown = sorted((c for c in chart.cells if c.count), key=lambda c: c.count, reverse=True)[:8]
        pdf.paragraph(f"{chart.title}:", bold=True)
        pdf.bullets(f"{c.label}: {c.count}" for c in shown)
    pdf.paragraph(
        "Counts of 1 or 2 businesses, and counts that would reveal them, are not shown.",
        size=9,
    )
    door = front_door()
    pdf.heading("Talent", size=14)
    pdf.bullets(
        [
            f"Universities: {', '.join(u.name for u in door['universities']) or 'none listed'}.",
            f"{door['courses']} local courses teach digital skills.",
            f"The skills businesses have and need: {settings.SITE_URL}/skills/",
        ]
    )
    space = door["space"]
    pdf.heading("Office space", size=14)
    if space["spaces"]:
        pdf.paragraph(
            f"{space['spaces']} spaces listed for up to {space['desks']} desks, from "
            f"GBP {space['cheapest']:,.0f} to GBP {space['dearest']:,.0f} per desk per month. "
            f"Search them at {settings.SITE_URL}/spaces/"
        )
    else:
        pdf.paragraph(f"No space is listed today. See {settings.SITE_URL}/spaces/")
    if door["case_studies"]:
        pdf.heading("Case studies", size=14)
        pdf.bullets(f"{story.title}: {story.summary}" for story in door["case_studies"])
    pdf.heading("Who can help", size=14)
    pdf.bullets(f"{body.name}: {body.summary}" for body in door["support_bodies"])
    pdf.paragraph(
        f"Talk to the inward-investment team: {settings.SITE_URL}/invest/enquiry/", bold=True
    )
    return bytes(pdf.output())


class SectorProfile(brand.BrandedDocument):
    document_title = "tech sector profile"
