import datetime

import pytest
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.funding.models import Opportunity
from apps.place.models import Enquiry as SpaceEnquiry
from apps.place.models import Space
from apps.profile.models import Story
from tests import factories
from tests.events.factories import EventFactory
from tests.funding.factories import EnquiryFactory, OpportunityFactory, ReferralFactory
from tests.industries.factories import IndustryFactory, PartnerRequestFactory, serves
from tests.profile.factories import StoryFactory
from tests.programmes.factories import ProgrammeChangeFactory, ProgrammeFactory
from tests.strategy.factories import (
    ActionFactory,
    IndicatorFactory,
    InvestmentEnquiryFactory,
    ProgressUpdateFactory,
    UpdateProposalFactory,
    observe,
)

UNPUBLISHED = [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]


@pytest.fixture
def open_data(db):
    """Three published organisations and one of every unpublished status, each carrying
    private details that must never be published."""
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    fintech = factories.SectorFactory(name="Fintech")
    games = factories.SectorFactory(name="Games")
    private = {"contact_name": "Private Person", "moderation_note": "Secret moderation note"}
    make = factories.OrganisationFactory
    now = timezone.now()
    published = [
        make(
            name="Alpha Pay",
            area=quayside,
            sectors=[fintech],
            hiring_now=True,
            kind="startup",
            employee_band="1-9",
            public_email="hello@alpha.example.org",
            contact_email="owner@private.example.com",
            reviewed_at=now,
            **private,
        ),
        make(
            name="Beta Games",
            area=ouseburn,
            sectors=[games],
            employee_band="50-249",
            reviewed_at=now,
            **private,
        ),
        make(
            name="Gamma Ledger",
            area=ouseburn,
            sectors=[fintech, games],
            hiring_now=True,
            contact_email="gamma@private.example.com",
            reviewed_at=now,
            **private,
        ),
    ]
    hidden = [
        make(
            name=f"Hidden {status}",
            slug=f"hidden-{status}",
            area=ouseburn,
            sectors=[fintech],
            status=status,
            hiring_now=True,
            public_email=f"hidden-{status}@example.org",
            contact_email=f"hidden-{status}@private.example.com",
            **private,
        )
        for status in UNPUBLISHED
    ]
    data = {
        "published": published,
        "hidden": hidden,
        "areas": [ouseburn, quayside],
        "sectors": [fintech, games],
    }
    data.update(_funding(fintech, ouseburn))
    data.update(_stories(published, hidden))
    data.update(_place(published, quayside, ouseburn))
    data.update(_people(published, hidden))
    data.update(_strategy(published, hidden))
    data.update(_programmes(published, hidden, fintech))
    data.update(_events(published, hidden, ouseburn))
    data.update(_industries(published, hidden))
    return data


def _programmes(organisations, hidden_organisations, fintech):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    published = [
        ProgrammeFactory(
            title="Tyne Accelerator", provider=organisations[0], sectors=[fintech], stages=["early"]
        ),
        ProgrammeFactory(
            title="Founder Training",
            provider=organisations[1],
            kind="training",
            cost="paid",
            sizes=["1-9"],
            windows=[(today + 10 * day, None)],
        ),
    ]
    hidden = [
        ProgrammeFactory(title="Hidden draft programme", provider=organisations[2], status="draft"),
        ProgrammeFactory(
            title="Hidden closed programme",
            provider=organisations[2],
            windows=[(today - 30 * day, today - day)],
        ),
        # Published, but its provider's entry is still pending: not listed either.
        ProgrammeFactory(title="Hidden provider programme", provider=hidden_organisations[1]),
    ]
    for status in UNPUBLISHED:
        ProgrammeChangeFactory(
            programme=published[0],
            status=status,
            summary=f"Hidden {status} change",
            contact_name="Private Person",
            contact_email=f"change-{status}@private.example.com",
            note=PRIVATE_NOTE,
            moderation_note=PRIVATE_NOTE,
        )
    return {"programmes": published, "hidden_programmes": hidden}


def _strategy(organisations, hidden_organisations):
    actions = [
        ActionFactory(
            title="Open the data",
            lead=organisations[0],
            partners=[organisations[1], hidden_organisations[0]],  # the pending one: not shown
        ),
        ActionFactory(title="Map the skills", lead=organisations[2], status="done"),
    ]
    ProgressUpdateFactory(action=actions[0], title="Catalogue launched")
    ProgressUpdateFactory(action=actions[0], title="Hidden draft update", is_published=False)
    hidden = [ActionFactory(title="Hidden draft action", lead=organisations[1], is_published=False)]
    for indicator in (IndicatorFactory(name="Employment"), IndicatorFactory(name="Businesses")):
        observe(indicator, datetime.date(2025, 1, 1), 110)
        observe(indicator, datetime.date(2026, 1, 1), 120)
    observe(
        IndicatorFactory(name="Hidden indicator", is_published=False), datetime.date(2025, 1, 1), 1
    )
    # Proposed updates in every state, and an enquiry to the investment team: the
    # proposers' and enquirers' details and words are for staff alone.
    for status in UNPUBLISHED:
        UpdateProposalFactory(
            action=actions[0],
            status=status,
            title=f"Hidden {status} proposed update",
            body="Secret proposed body",
            contact_name="Private Person",
            contact_email=f"proposal-{status}@private.example.com",
            moderation_note=PRIVATE_NOTE,
        )
    InvestmentEnquiryFactory(
        organisation_name="Hidden investor",
        contact_name="Private Person",
        contact_email="investor@private.example.com",
        message="Secret investment plan",
    )
    return {"actions": actions, "hidden_actions": hidden}


# Everything below that must never be published is named "Hidden …" (or carries one of the
# leak walk's other markers); the public rows have ordinary names.
PRIVATE_NOTE = "Secret moderation note"


def _funding(fintech, ouseburn):
    today = timezone.localdate()
    published = [
        OpportunityFactory(
            title="Open Fund", sectors=[fintech], area=ouseburn, stages=["early", "growth"]
        ),
        OpportunityFactory(
            title="Future Fund",
            kind=Opportunity.Kind.LOAN,
            opens_on=today + datetime.timedelta(days=10),
            closes_on=today + datetime.timedelta(days=40),
        ),
        OpportunityFactory(
            title="Rolling Fund",
            kind=Opportunity.Kind.EQUITY,
            closes_on=None,
            is_rolling=True,
            amount_min=None,
            amount_max=None,
        ),
    ]
    hidden = [
        OpportunityFactory(title="Hidden draft fund", status=Opportunity.Status.DRAFT),
        OpportunityFactory(title="Hidden archived fund", status=Opportunity.Status.ARCHIVED),
        OpportunityFactory(
            title="Hidden closed fund", closes_on=today - datetime.timedelta(days=1)
        ),
    ]
    # Enquiries and referrals are private to staff.
    enquiry = EnquiryFactory(
        organisation_name="Hidden enquirer",
        contact_name="Private Person",
        contact_email="enquirer@private.example.com",
        need="Secret funding need",
        staff_notes=PRIVATE_NOTE,
    )
    ReferralFactory(enquiry=enquiry, opportunity=published[0], note=PRIVATE_NOTE)
    return {"opportunities": published, "hidden_opportunities": hidden}


def _stories(organisations, hidden_organisations):
    now = timezone.now()
    launch = StoryFactory(
        title="Launch story",
        organisations=[organisations[0], hidden_organisations[1]],  # one pending: not shown
        body=(
            "## Launch\n\nA **big** day.<!-- Secret editor note -->\n\n"
            "<script>alert('Secret script')</script>"
        ),
        published_at=now - datetime.timedelta(days=2),
    )
    interview = StoryFactory(
        title="Interview story",
        kind=Story.Kind.INTERVIEW,
        theme=Story.Theme.PEOPLE,
        author="A Writer",
        published_at=now - datetime.timedelta(days=1),
    )
    hidden = [
        StoryFactory(title="Hidden draft story", status=Story.Status.DRAFT, published_at=None),
        StoryFactory(title="Hidden scheduled story", published_at=now + datetime.timedelta(days=1)),
    ]
    return {"stories": [interview, launch], "hidden_stories": hidden}


def _place(organisations, quayside, ouseburn):
    today = timezone.localdate()
    private = {"contact_name": "Private Person", "moderation_note": PRIVATE_NOTE}
    wifi = factories.AmenityFactory(name="Wifi")
    # An unconfirmed landlord: its name is on the building's page, its entry is not.
    unlisted = factories.OrganisationFactory(
        name="Unlisted Landlord",
        status=Status.UNCONFIRMED,
        area=ouseburn,
        contact_email="l@private.example.com",
    )
    quay = factories.BuildingFactory(
        name="Quay House", area=quayside, landlord=organisations[0], amenities=[wifi], **private
    )
    mill = factories.BuildingFactory(
        name="Mill Yard",
        area=ouseburn,
        landlord=unlisted,
        latitude="54.975000",
        longitude="-1.590000",
        step_free=True,
        **private,
    )
    live = [
        factories.SpaceFactory(building=quay, name="Suite A"),
        factories.SpaceFactory(
            building=mill, name="Hot desks", kind=Space.Kind.HOT_DESK, desks_min=1
        ),
    ]
    landlord = organisations[0]
    pending = factories.BuildingFactory(
        name="Hidden pending building",
        status=Status.PENDING,
        area=ouseburn,
        landlord=landlord,
        **private,
    )
    empty = factories.BuildingFactory(
        name="Hidden empty building", area=ouseburn, landlord=landlord, **private
    )
    hidden_spaces = [
        factories.SpaceFactory(building=quay, name="Hidden expired", state=Space.State.EXPIRED),
        factories.SpaceFactory(building=quay, name="Hidden withdrawn", state=Space.State.WITHDRAWN),
        factories.SpaceFactory(
            building=quay, name="Hidden lapsed", expires_on=today - datetime.timedelta(days=1)
        ),
        factories.SpaceFactory(building=pending, name="Hidden in pending"),
        factories.SpaceFactory(building=empty, name="Hidden in empty", state=Space.State.EXPIRED),
    ]
    # Enquiries and standing space needs are private.
    SpaceEnquiry.objects.create(
        space=live[0],
        name="Private Person",
        email="enquirer@private.example.com",
        message="Secret enquiry message",
    )
    factories.SpaceNeedFactory(
        organisation_name="Hidden need business",
        notes="Secret need notes",
        contact_email="seeker@private.example.com",
        areas=[ouseburn],
    )
    return {
        "buildings": [mill, quay],
        "hidden_buildings": [pending, empty],
        "spaces": live,
        "hidden_spaces": hidden_spaces,
        "unlisted_landlord": unlisted,
    }


def _people(organisations, hidden_organisations):
    today = timezone.localdate()
    software = factories.SkillCategoryFactory(name="Software", position=1)
    data_category = factories.SkillCategoryFactory(name="Data", position=2)
    python = factories.SkillFactory(name="Python", category=software, sfia_code="PROG")
    rust = factories.SkillFactory(name="Rust", category=software)
    sql = factories.SkillFactory(name="SQL", category=data_category)
    cobol = factories.SkillFactory(name="COBOL", category=software, is_active=False)
    provider = organisations[1]
    courses = [
        factories.CourseFactory(
            title="Intro to Python",
            provider=provider,
            skills=[python],
            next_start=today + datetime.timedelta(days=20),
        ),
        factories.CourseFactory(
            title="Data with SQL", provider=provider, skills=[sql], cost=450, mode="online"
        ),
    ]
    hidden_courses = [
        factories.CourseFactory(title="Hidden unlisted course", provider=provider, is_active=False),
        factories.CourseFactory(
            title="Hidden provider course", provider=hidden_organisations[1], skills=[python]
        ),
    ]
    current = factories.SurveyRoundFactory(title="Survey 2026")
    factories.SurveyRoundFactory(
        title="Hidden future round",
        opens_on=current.closes_on + datetime.timedelta(days=1),
        closes_on=current.closes_on + datetime.timedelta(days=60),
    )
    survey_private = {"contact_name": "Private Person", "moderation_note": PRIVATE_NOTE}
    # Python and SQL from all three published organisations (shown); Rust from one (few).
    for n, organisation in enumerate(organisations):
        response = factories.SurveyResponseFactory(
            round=current, organisation=organisation, **survey_private
        )
        factories.SkillLineFactory(response=response, skill=python, staff=10 + n, vacancies=2)
        factories.SkillLineFactory(response=response, skill=sql, staff=3, vacancies=1)
        if n == 0:
            factories.SkillLineFactory(response=response, skill=rust, staff=1, vacancies=1)
    # Unpublished responses never count (their distinctive figures must not appear).
    for status in (Status.PENDING, Status.REJECTED):
        response = factories.SurveyResponseFactory(
            round=current, organisation=organisations[2], status=status, **survey_private
        )
        factories.SkillLineFactory(response=response, skill=python, staff=98765, vacancies=97531)
    return {
        "skill_categories": [software, data_category],
        "skills": [python, rust, sql, cobol],
        "courses": courses,
        "hidden_courses": hidden_courses,
        "survey_round": current,
    }


@pytest.fixture
def throttle_rate(settings):
    """Set the API's anonymous rate, e.g. throttle_rate("3/minute")."""

    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": rate},
        }

    return set_rate


def _events(organisations, hidden_organisations, ouseburn):
    soon = timezone.now() + datetime.timedelta(days=5)
    published = [
        EventFactory(
            title="Open meetup", organiser=organisations[0], area=ouseburn, starts_at=soon
        ),
        EventFactory(
            title="Online talk",
            organiser=organisations[1],
            is_online=True,
            venue="",
            starts_at=soon + datetime.timedelta(days=2),
        ),
    ]
    hidden = [
        EventFactory(
            title=f"Hidden {status} event",
            organiser=organisations[0],
            status=status,
            starts_at=soon,
            contact_email=f"hidden-event-{status}@private.example.com",
        )
        for status in UNPUBLISHED
    ]
    hidden.append(
        EventFactory(
            title="Hidden finished event",
            organiser=organisations[0],
            starts_at=timezone.now() - datetime.timedelta(days=3),
        )
    )
    return {"events": published, "hidden_events": hidden}


def _industries(organisations, hidden_organisations):
    health = IndustryFactory(name="Health and care")
    energy = IndustryFactory(name="Energy")
    rows = [
        serves(organisations[0], health, "Payments for a hospital charity."),
        serves(organisations[1], health),
        serves(organisations[2], energy, "Billing for a heat network."),
    ]
    for organisation in hidden_organisations:
        serves(organisation, health, f"Hidden case of {organisation.status}")
    # A buyer's request is never published, whatever its state.
    request = PartnerRequestFactory(
        industry=health,
        organisation_name="Secret Trust",
        need="Secret need",
        contact_email="buyer@private.example.com",
    )
    return {"organisation_industries": rows, "partner_requests": [request]}
