"""The published datasets. The API (/api/v1/<name>/), the downloads (/data/<name>.csv,
.json and, with `geometry`, .geojson), the catalogue (/data/) and the DCAT metadata all
come from these entries.

To add a dataset:

1. A serializer in serializers.py that declares every public field explicitly, each with
   `help_text` (its meaning in the catalogue and the schema). Keep it flat: related rows as
   slugs (`SlugOfField`), optional text as `Optional*Field` (blank becomes null).
2. A register(Dataset(...)) call here:
   - `queryset`: a callable returning the rows the public may see, starting from the
     model's `.published()` (or a theme app's public queryset method built on it), with
     the select_related/prefetch_related the serializer needs;
   - `filterset`: the public page's FilterSet, so the API filters as the page does, and
     `filterset_kwargs` for any extra arguments the page passes it (such as `today`);
   - `published_from=(Model,)` for a Moderated model, `depends_on` for the models whose
     admin edits change the output (including those), and `updated` for any other date
     the output changes (rows leaving as dates pass);
   - `geometry=lambda row: (longitude, latitude) or None` adds a GeoJSON download;
   - aggregates (rows of `.values(...).annotate(...)`, with any suppression done in the
     queryset) take `lookup_field=None` (list only) and `ordering=` their group-by fields;
     rows computed in Python (suppression applied by the page's own function) may be a
     list: `lookup_field=None`, `source_model=` the model, no filterset.
3. In tests/opendata: unpublished rows of the new model in the `open_data` fixture (the
   leak walk and schemathesis pick the endpoints up from the registry by themselves), and
   a case in the 3-vs-30-rows query test.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.events.models import Event
from apps.funding.filters import OpportunityFilter
from apps.funding.models import Opportunity
from apps.opendata import serializers
from apps.opendata.registry import Dataset, Feed, Part, register
from apps.people import skills_map
from apps.people.filters import CourseFilter
from apps.people.models import Course, Skill, SkillCategory, SurveyResponse, SurveyRound
from apps.place.filters import SpaceFilter
from apps.place.models import Amenity, Building, Space
from apps.profile.filters import OrganisationFilter, StoryFilter
from apps.profile.models import Industry, Organisation, OrganisationIndustry, Sector, Story
from apps.programmes.filters import ProgrammeFilter
from apps.programmes.models import CohortWindow, Programme
from apps.strategy import ecosystem
from apps.strategy.filters import ActionFilter, ObservationFilter
from apps.strategy.models import Action, Indicator, Observation, ProgressUpdate, Strand

PUBLISHED_ORGANISATIONS = Q(organisations__status=Status.PUBLISHED)

register(
    Dataset(
        name="organisations",
        title="Tech organisations",
        description=(
            "The tech businesses, landlords, support organisations, universities and "
            "colleges, public bodies and investors in the Newcastle and Gateshead "
            "tech-sector directory, as published on the portal, each with its role. "
            "Organisations submit their own entries; staff check each one before it appears."
        ),
        queryset=lambda: Organisation.objects.for_export().order_by("name", "pk"),
        serializer=serializers.OrganisationSerializer,
        filterset=OrganisationFilter,
        filter_help={
            "q": "Full-text search of name, sectors, summary and description. Results come "
            "best match first. Quotes, OR and -word work as in web search engines.",
            "role": "Only organisations with this role: tech, landlord, support, education, "
            "public or investor. Every role when absent (the directory page shows tech "
            "businesses unless asked).",
            "sector": "Slug of a sector (see /api/v1/sectors/).",
            "area": "Slug of an area (see /api/v1/areas/).",
            "hiring": "true for organisations hiring now.",
        },
        frequency="continuous",
        published_from=(Organisation,),
        depends_on=(Organisation, Sector, Area),
        keywords=("technology", "businesses", "directory", "Newcastle", "Gateshead"),
    )
)

register(
    Dataset(
        name="sectors",
        title="Tech sectors",
        description=(
            "The sectors the directory uses to group organisations, with the number of "
            "published organisations in each."
        ),
        queryset=lambda: Sector.objects.annotate(
            organisation_count=Count("organisations", filter=PUBLISHED_ORGANISATIONS)
        ).order_by("name", "pk"),
        serializer=serializers.SectorSerializer,
        # The counts change as organisations are published or withdrawn.
        published_from=(Organisation,),
        depends_on=(Sector, Organisation),
        keywords=("technology", "sectors", "classification"),
    )
)

register(
    Dataset(
        name="areas",
        title="Areas",
        description=(
            "The neighbourhoods and districts of Newcastle and Gateshead the portal uses to "
            "place organisations, with the number of published organisations in each."
        ),
        queryset=lambda: Area.objects.annotate(
            organisation_count=Count("organisations", filter=PUBLISHED_ORGANISATIONS)
        ).order_by("name", "pk"),
        serializer=serializers.AreaSerializer,
        published_from=(Organisation,),
        depends_on=(Area, Organisation),
        keywords=("places", "neighbourhoods", "Newcastle", "Gateshead"),
    )
)


# Datasets whose rows leave or join the public view as dates pass (closing dates, expiry,
# scheduled publication, survey rounds opening) count the start of that day as a change.


def day_start(day):
    """The first moment of `day` in the site's time zone, or None."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def today_filter_kwargs():
    return {"today": timezone.localdate()}


# Funding


def funding_updated():
    today = timezone.localdate()
    found = Opportunity.objects.aggregate(
        # Publishing, editing, archiving or unpublishing all save the row.
        changed=Max("updated_at"),
        closed=Max("closes_on", filter=Q(status=Opportunity.Status.PUBLISHED, closes_on__lt=today)),
    )
    closed = found["closed"] and day_start(found["closed"] + datetime.timedelta(days=1))
    return max(filter(None, (found["changed"], closed)), default=None)


register(
    Dataset(
        name="funding-opportunities",
        title="Funding opportunities",
        description=(
            "Grants, loans, equity investment, accelerators and awards open to tech "
            "businesses in Newcastle and Gateshead, curated by council staff. Lists "
            "opportunities that are open now or opening later; each leaves the day after "
            "it closes."
        ),
        queryset=lambda: Opportunity.objects.for_listing(timezone.localdate()),
        serializer=serializers.OpportunitySerializer,
        filterset=OpportunityFilter,
        filterset_kwargs=today_filter_kwargs,
        filter_help={
            "kind": "Type of funding.",
            "stage": "Business stage: opportunities for that stage or for any stage.",
            "amount": "Amount needed, in whole pounds: opportunities whose range includes it.",
            "open_now": "true for opportunities taking applications today.",
        },
        frequency="continuous",
        updated=funding_updated,
        depends_on=(Opportunity, Sector, Area),
        keywords=("funding", "grants", "investment", "business support"),
    )
)


# Stories


def stories_updated():
    found = Story.objects.aggregate(
        # Edits, and a story taken back to draft.
        changed=Max("updated_at"),
        # A scheduled story joins the list when its time comes.
        appeared=Max(
            "published_at",
            filter=Q(status=Story.Status.PUBLISHED) & Q(published_at__lte=timezone.now()),
        ),
    )
    return max(filter(None, found.values()), default=None)


register(
    Dataset(
        name="stories",
        title="Stories",
        description=(
            "News, case studies and interviews about the Newcastle and Gateshead tech "
            "sector, written by council staff, newest first. Scheduled stories appear "
            "when their publication time comes."
        ),
        queryset=lambda: Story.objects.for_listing(),
        serializer=serializers.StorySerializer,
        filterset=StoryFilter,
        filter_help={"kind": "Type of story.", "theme": "Strategy theme."},
        frequency="weekly",
        updated=stories_updated,
        depends_on=(Story,),
        keywords=("news", "case studies", "technology", "Newcastle", "Gateshead"),
    )
)


# Place: a space is public while its building is published and the space is listed and
# unexpired (Space.objects.live()); a building while it has at least one such space.


def spaces_updated():
    today = timezone.localdate()
    found = Space.objects.aggregate(
        added=Max("created_at", filter=Q(building__status=Status.PUBLISHED)),
        lapsed=Max(
            "expires_on",
            filter=Q(
                building__status=Status.PUBLISHED,
                state=Space.State.LISTED,
                expires_on__lt=today,
            ),
        ),
        expired=Max("expired_on"),
    )
    lapsed = found["lapsed"] and day_start(found["lapsed"] + datetime.timedelta(days=1))
    expired = day_start(found["expired"])
    return max(filter(None, (found["added"], lapsed, expired)), default=None)


def buildings_with_space():
    live = Space.objects.live().filter(building=OuterRef("pk"))
    live_count = live.order_by().values("building").annotate(n=Count("pk")).values("n")
    return (
        Building.objects.published()
        .filter(Exists(live))
        .annotate(live_space_count=Subquery(live_count))
        .select_related("area", "landlord")
        .prefetch_related("amenities")
        .order_by("name", "pk")
    )


def building_point(building):
    return (float(building.longitude), float(building.latitude))


register(
    Dataset(
        name="buildings",
        title="Buildings with office space",
        description=(
            "Buildings in Newcastle and Gateshead with office space, desks, labs or event "
            "space to let to tech businesses, as landlords list them and staff approve "
            "them. A building appears while it has at least one space to let."
        ),
        queryset=buildings_with_space,
        serializer=serializers.BuildingSerializer,
        frequency="continuous",
        published_from=(Building,),
        updated=spaces_updated,
        depends_on=(Building, Space, Amenity, Area),
        geometry=building_point,
        keywords=("office space", "property", "workspace", "Newcastle", "Gateshead"),
    )
)

register(
    Dataset(
        name="spaces",
        title="Office space to let",
        description=(
            "Offices, desks, labs and event space to let in published buildings, newest "
            "first. Landlords confirm each listing every 90 days; a space leaves the list "
            "when it expires or is withdrawn. Coordinates are the building's."
        ),
        queryset=lambda: Space.objects.for_listing().order_by("-created_at", "pk"),
        serializer=serializers.SpaceSerializer,
        filterset=SpaceFilter,
        filter_help={
            "area": "Slug of the building's area (see /api/v1/areas/).",
            "kind": "Kind of space.",
            "desks": "Spaces that fit this many desks.",
            "max_price": "Most per desk per month, in pounds.",
            "available_by": "Spaces available on or before this date.",
            "amenities": "Slugs of amenities; repeat for several. Buildings must have all.",
            "step_free": "true for buildings with step-free access.",
            "sort": "Order of the results; newest first by default.",
        },
        frequency="continuous",
        published_from=(Building,),
        updated=spaces_updated,
        depends_on=(Building, Space, Amenity, Area),
        geometry=lambda space: building_point(space.building),
        keywords=("office space", "desks", "property", "Newcastle", "Gateshead"),
    )
)


# People: the skills taxonomy (staff-maintained), courses and the skills map.

register(
    Dataset(
        name="skill-categories",
        title="Digital skill categories",
        description="The categories that group the digital skills of the skills survey.",
        queryset=lambda: SkillCategory.objects.order_by("position", "name", "pk"),
        serializer=serializers.SkillCategorySerializer,
        depends_on=(SkillCategory,),
        keywords=("skills", "taxonomy", "digital skills"),
    )
)

register(
    Dataset(
        name="skills",
        title="Digital skills",
        description=(
            "The digital skills the portal’s skills survey and course listings use, with "
            "their SFIA codes and ESCO concepts where mapped. Retired skills stay listed, "
            "marked as no longer active, because courses may still name them."
        ),
        queryset=lambda: Skill.objects.select_related("category").order_by("name", "pk"),
        serializer=serializers.SkillSerializer,
        depends_on=(Skill, SkillCategory),
        keywords=("skills", "taxonomy", "SFIA", "ESCO"),
    )
)

register(
    Dataset(
        name="courses",
        title="Local courses",
        description=(
            "Digital-skills courses run by training providers, colleges and universities "
            "in the directory, with the skills each teaches, soonest start first."
        ),
        queryset=lambda: Course.objects.for_list(),
        serializer=serializers.CourseSerializer,
        filterset=CourseFilter,
        filter_help={
            "skill": "Slug of a skill (see /api/v1/skills/).",
            "level": "Level.",
            "mode": "How it is taught.",
            "cost": "free or paid.",
            "starts_after": "Courses whose next start is on or after this date.",
            "starts_before": "Courses whose next start is on or before this date.",
        },
        frequency="irregular",
        # Courses are listed only while their provider's directory entry is published.
        published_from=(Organisation,),
        depends_on=(Course, Skill, Organisation),
        keywords=("skills", "courses", "training", "education"),
    )
)


def skills_map_rows():
    """The skills map's table for every round that has opened, newest round first, with
    the figures as apps.people.skills_map builds them for /skills/ and its CSV: its
    statistical disclosure control decides what is suppressed or withheld; this only
    turns a hidden figure into null."""
    rows = []
    for survey_round in SurveyRound.objects.started():
        result = skills_map.build(survey_round=survey_round)
        for category in result.categories:
            rows.append(_skills_map_row(survey_round, category.category, None, category.figures))
            for row in category.skills:
                rows.append(
                    {
                        **_skills_map_row(survey_round, category.category, row.skill, row.figures),
                        "vacancy_change": row.vacancy_change,
                        "courses": row.courses,
                    }
                )
    return rows


def _skills_map_row(survey_round, category, skill, figures):
    shown = figures.visible
    return {
        "round": survey_round.slug,
        "round_title": survey_round.title,
        "row_type": "skill" if skill else "category",
        "category": category.slug,
        "skill": skill.slug if skill else None,
        # As skills_map.fmt_orgs: a withheld total still says how many organisations.
        "organisations": figures.orgs if figures.orgs >= skills_map.SUPPRESS_BELOW else None,
        "staff": figures.staff if shown else None,
        "vacancies": figures.vacancies if shown else None,
        "mean_difficulty": round(figures.difficulty, 1) if shown else None,
        "training_need_share": round(figures.training_share, 2) if shown else None,
        "vacancy_change": None,
        "courses": None,
        "suppressed": figures.suppressed,
    }


def survey_rounds_updated():
    opened = SurveyRound.objects.started().aggregate(at=Max("opens_on"))["at"]
    return day_start(opened)


register(
    Dataset(
        name="skills-map",
        title="Skills map",
        description=(
            "For each skills survey round that has opened: per digital skill and per "
            "category, how many organisations report it, their staff with it, vacancies "
            "over the next 12 months, mean difficulty to recruit, the share with a "
            "training need and the local courses teaching it, as the /skills/ page shows "
            "them. Figures built from fewer than 3 organisations are suppressed, and "
            "figures that would reveal a suppressed one by subtraction are withheld "
            "(empty, with the reason in suppressed). Individual survey responses are "
            "never published."
        ),
        queryset=skills_map_rows,
        serializer=serializers.SkillsMapRowSerializer,
        lookup_field=None,
        source_model=SurveyRound,
        frequency="continuous",
        published_from=(SurveyResponse,),
        updated=survey_rounds_updated,
        depends_on=(SurveyRound, SurveyResponse, Skill, SkillCategory, Course),
        keywords=("skills", "skills gap", "vacancies", "survey", "statistics"),
    )
)


register(
    Dataset(
        name="strategy-actions",
        title="Strategy actions",
        description=(
            "The actions of the Newcastle and Gateshead tech-sector strategy: what each "
            "organisation committed to do under each strand, its status, target date and "
            "the date of its latest published progress update."
        ),
        queryset=lambda: Action.objects.for_listing(),
        serializer=serializers.ActionSerializer,
        filterset=ActionFilter,
        filter_help={
            "theme": "people, place or profile.",
            "strand": "Slug of a strand.",
            "status": "planned, in_progress, done or stalled.",
            "lead": "Slug of the lead organisation.",
        },
        frequency="irregular",
        depends_on=(Action, Strand, ProgressUpdate, Organisation),
        keywords=("strategy", "actions", "progress"),
    )
)

# Support programmes


def programmes_updated():
    today = timezone.localdate()
    changed = Programme.objects.aggregate(changed=Max("updated_at"))["changed"]
    closed = CohortWindow.objects.filter(
        programme__status=Programme.Status.PUBLISHED, closes_on__lt=today
    ).aggregate(closed=Max("closes_on"))["closed"]
    closed = closed and day_start(closed + datetime.timedelta(days=1))
    return max(filter(None, (changed, closed)), default=None)


register(
    Dataset(
        name="programmes",
        title="Support programmes",
        description=(
            "Accelerators, mentoring, training, grants with cohorts and university spin-out "
            "support for tech businesses in Newcastle and Gateshead, curated by council "
            "staff: who each is for, what it costs, who runs it and its next application "
            "window. A programme leaves the day after its last window closes."
        ),
        queryset=lambda: Programme.objects.for_listing(timezone.localdate()),
        serializer=serializers.ProgrammeSerializer,
        filterset=ProgrammeFilter,
        filterset_kwargs=today_filter_kwargs,
        filter_help={
            "kind": "Type of programme: accelerator, mentoring, training, grant_cohort or spinout.",
            "stage": "Business stage: programmes for that stage or for any stage.",
            "sector": "Slug of a sector: programmes for it or for any sector.",
            "cost": "free, paid or equity.",
            "open_now": "true for programmes taking applications today.",
        },
        frequency="continuous",
        updated=programmes_updated,
        depends_on=(Programme, CohortWindow, Organisation, Sector),
        keywords=("business support", "accelerators", "mentoring", "training", "programmes"),
    )
)


def indicator_parts():
    """Every published indicator as a dataset of its own: its page's downloads (with the
    baseline, trajectory and target) and the API filtered to it."""
    return [
        Part(
            name=f"indicator-observations/{indicator.slug}",
            title=f"Indicator: {indicator.name}",
            description=indicator.definition,
            downloads=tuple(
                (fmt, reverse("strategy:indicator_download", args=[indicator.slug, fmt]))
                for fmt in ("csv", "json")
            ),
            api_query=urlencode({"indicator": indicator.slug}),
        )
        for indicator in Indicator.objects.published()
        .only("slug", "name", "definition")
        .order_by("position", "slug")
    ]


register(
    Dataset(
        name="indicator-observations",
        title="Strategy indicators",
        description=(
            "Every measurement of the strategy's indicators, including the 30% "
            "tech-sector growth target: each value with its date and source, and the "
            "indicator's baseline and target. Some are official statistics entered by "
            "staff; others the portal measures daily from its own data."
        ),
        queryset=lambda: (
            Observation.objects.filter(indicator__is_published=True)
            .select_related("indicator")
            .order_by("indicator__position", "indicator__slug", "observed_on")
        ),
        serializer=serializers.IndicatorObservationSerializer,
        filterset=ObservationFilter,
        filter_help={"indicator": "Slug of one indicator: its observations only."},
        parts=indicator_parts,
        lookup_field=None,
        ordering=("indicator__position", "indicator__slug", "observed_on"),
        frequency="daily",
        depends_on=(Indicator, Observation),
        keywords=("strategy", "indicators", "growth", "employment"),
    )
)


register(
    Dataset(
        name="ecosystem",
        title="The sector in numbers",
        description=(
            "The dashboard at /ecosystem/: published tech businesses in the directory "
            "counted by sector, area, stage, size, founding year and funding secured, those "
            "hiring now, and the listed, funded and scale-up funnel. Counts of 1 or 2, and "
            "any count that would reveal one by subtraction from the total, are suppressed "
            "(empty). The GeoJSON download is the dashboard's map: each area's count at its "
            "centre."
        ),
        queryset=ecosystem.dataset_rows,
        serializer=serializers.EcosystemRowSerializer,
        geometry=ecosystem.dataset_point,
        lookup_field=None,
        source_model=Organisation,
        frequency="continuous",
        published_from=(Organisation,),
        depends_on=(Organisation, Sector, Area),
        keywords=("technology", "businesses", "statistics"),
    )
)


register(
    Dataset(
        name="events",
        title="Tech events",
        description=(
            "Meetups, conferences, workshops, hack days, focus groups and consultations "
            "for the Newcastle and Gateshead tech sector, as listed on /events/: every "
            "published event still to come or running, with UK-time start and end (the "
            "first occurrence and the repeat rule for a repeating event) and a link to its "
            "iCalendar file. The whole calendar is also an iCalendar feed at "
            "/events/calendar.ics."
        ),
        queryset=lambda: (
            Event.objects.not_over(timezone.now())
            .select_related("organiser", "area")
            .prefetch_related("topics")
            .defer("search_vector")
            .order_by("starts_at", "pk")
        ),
        serializer=serializers.EventSerializer,
        frequency="continuous",
        published_from=(Event,),
        depends_on=(Event, Organisation, Sector, Area),
        keywords=("events", "meetups", "calendar", "technology"),
        feeds=(
            Feed(
                title="iCalendar feed",
                url_name="events:calendar",
                media_type="text/calendar",
                format_name="iCalendar",
            ),
        ),
    )
)


register(
    Dataset(
        name="organisation-industries",
        title="Industries tech businesses serve",
        description=(
            "Which industries (health and care, energy, manufacturing, logistics, the "
            "public sector and more) each published tech business in the directory says it "
            "serves, with its short case from that industry, as on /industries/. One row "
            "per business and industry."
        ),
        queryset=lambda: OrganisationIndustry.objects.for_export(),
        serializer=serializers.OrganisationIndustrySerializer,
        lookup_field=None,
        frequency="continuous",
        published_from=(Organisation,),
        depends_on=(Organisation, OrganisationIndustry, Industry),
        keywords=("technology", "businesses", "industries", "partners"),
    )
)
