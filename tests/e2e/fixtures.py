"""Fixtures for the browser tests, loaded by tests/e2e/conftest.py under `make e2e`."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect, sync_playwright

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.people.models import SurveyResponse
from apps.profile.models import Organisation
from tests import factories
from tests.e2e import browser as b

# Auto-waiting assertions; generous for a busy 2-core CI machine, never a fixed sleep.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    b.SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # Serve uploaded logos (the site serves media only with DEBUG on).
    settings.ROOT_URLCONF = "tests.e2e.urls"
    # Email links are read from the outbox and opened on the live server.
    settings.SITE_URL = "http://testserver"
    # The page cache on, as in production: the live server's transactions commit, so
    # every journey also proves that what it publishes reaches the next visitor.
    settings.PAGE_CACHE_SECONDS = 300
    # Shared fragments on too, for the same reason.
    settings.FRAGMENT_CACHE_SECONDS = 300


def _new_context(browser, live_server, **kwargs):
    context = browser.new_context(
        base_url=live_server.url, viewport=b.DESKTOP, locale="en-GB", **kwargs
    )
    context.set_default_timeout(15_000)
    # Nothing leaves the machine: map tiles get a local image, anything else off-site fails.
    context.route(lambda url: not url.startswith(live_server.url), b.offline_route)
    return context


@pytest.fixture
def new_context(browser, live_server):
    """Make further contexts (another visitor, JavaScript off, ...), closed afterwards.
    Where the site's CSP is in force, anything it blocks fails the test."""
    made, blocked = [], []

    def on_console(message):
        if "Content Security Policy" in message.text:
            blocked.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(**kwargs):
        context = _new_context(browser, live_server, **kwargs)
        if not kwargs.get("bypass_csp"):
            context.on("console", on_console)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
    assert not blocked, "the Content Security Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture
def page(new_context):
    """A page in a fresh browser context, with the site's real CSP in force."""
    return new_context().new_page()


@pytest.fixture
def audit_page(new_context):
    """A page for audits: CSP bypassed so that axe-core can be injected."""
    return new_context(bypass_csp=True).new_page()


@pytest.fixture
def moderator(transactional_db):
    """A staff superuser with a confirmed authenticator app, as the admin requires when
    DEBUG is off: journeys type the current code from totp_code()."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = factories.UserFactory(
        username="moderator", is_staff=True, is_superuser=True, password="correct horse battery"
    )
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user


def totp_code(username="moderator"):
    """The code the moderator's authenticator app would show right now."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


@pytest.fixture
def directory(transactional_db):
    """A small directory: three published businesses, one pending one that must stay
    hidden, and the areas and sectors the forms offer."""
    areas = {
        "ouseburn": factories.AreaFactory(name="Ouseburn"),
        "quays": factories.AreaFactory(name="Gateshead Quays", council=Area.Council.GATESHEAD),
        "centre": factories.AreaFactory(name="City Centre"),
    }
    sectors = {
        name: factories.SectorFactory(name=name) for name in ["Fintech", "Games", "Health tech"]
    }
    games = factories.OrganisationFactory(
        name="Quayside Games",
        summary="An independent studio making narrative games on the Gateshead quays.",
        description="We make story-led games for consoles and PC.\n\nFounded by "
        "three friends from Teesside, we now employ twenty people.",
        area=areas["quays"],
        sectors=[sectors["Games"]],
        hiring_now=True,
        hiring_url="https://quayside-games.example.com/jobs",
        website="https://quayside-games.example.com",
        founded_year=2016,
        kind="sme",
    )
    games.logo.save("quayside.png", ContentFile(b.png_bytes(colour="#7b3f98")))
    factories.OrganisationFactory(
        name="Ouseburn Ledger",
        summary="Payments infrastructure for the region's small businesses.",
        area=areas["ouseburn"],
        sectors=[sectors["Fintech"]],
        kind="startup",
    )
    factories.OrganisationFactory(
        name="Grainger Health",
        summary="Software that helps GP practices book appointments.",
        area=areas["centre"],
        sectors=[sectors["Health tech"], sectors["Games"]],
    )
    hidden = factories.OrganisationFactory(
        name="Hidden Pending Games", status=Status.PENDING, area=areas["quays"]
    )
    hidden.sectors.set([sectors["Games"]])
    return {"areas": areas, "sectors": sectors, "games": games, "hidden": hidden}


def pytest_terminal_summary(terminalreporter):
    s = b.SUMMARY
    if not s["pages"]:
        return
    terminalreporter.section("browser audit")
    terminalreporter.write_line(
        f"pages checked with axe-core ({', '.join(b.AXE_TAGS)}): {len(s['pages'])}"
    )
    terminalreporter.write_line(f"  {', '.join(s['pages'])}")
    terminalreporter.write_line(f"axe violations: {s['axe_violations']}")
    terminalreporter.write_line(
        f"widths: {', '.join(map(str, b.WIDTHS))} px; pages that do not reflow at "
        f"{b.REFLOW_WIDTH} px or cut a table off: {s['reflow_problems']}"
    )
    terminalreporter.write_line(
        f"pages checked by the Nu HTML Checker: {s['html_pages']}; HTML errors: {s['html_errors']}"
    )
    terminalreporter.write_line(f"screenshots written: {s['screenshots']} in {b.SCREENSHOTS}/")


@pytest.fixture
def portal(directory):
    """The directory plus a little of every other theme: spaces in a building, a skills
    round whose figures show for one skill and are suppressed for another, a course, a
    funding opportunity and a story."""
    from tests.funding.factories import OpportunityFactory
    from tests.profile.factories import StoryFactory

    areas, sectors, games = directory["areas"], directory["sectors"], directory["games"]
    wifi = factories.AmenityFactory(name="Gigabit wifi")
    building = factories.BuildingFactory(
        name="Toffee Factory", area=areas["ouseburn"], landlord=games, amenities=[wifi]
    )
    space = factories.SpaceFactory(
        building=building, name="Studio 3", desks_min=6, desks_max=12, price=Decimal("180.00")
    )
    factories.SpaceFactory(building=building, name="Hot desks", desks_min=1, desks_max=20)

    survey_round = factories.SurveyRoundFactory(title="Skills survey 2026")
    python = factories.SkillFactory(name="Python")
    rust = factories.SkillFactory(name="Rust", category=python.category)
    orgs = [games, *Organisation.objects.filter(status=Status.PUBLISHED).exclude(pk=games.pk)]
    for org in orgs[:3]:
        response = factories.SurveyResponseFactory(round=survey_round, organisation=org)
        factories.SkillLineFactory(response=response, skill=python, staff=4, vacancies=2)
    factories.SkillLineFactory(
        response=SurveyResponse.objects.filter(organisation=games).first(), skill=rust
    )
    # Six more respondents, three small and three medium-sized, so that the category
    # page's heatmap shows its darker bands (the audit checks their contrast). SQL, from
    # three of them, is the smallest skill: it is withheld so that the category's total
    # less Python cannot reveal Rust's one organisation.
    sql = factories.SkillFactory(name="SQL", category=python.category)
    band = Organisation.EmployeeBand
    for size, vacancies in (
        (band.SMALL, 9),
        (band.SMALL, 8),
        (band.SMALL, 7),
        *[(band.MEDIUM, 4)] * 3,
    ):
        org = factories.OrganisationFactory(employee_band=size, area=areas["centre"])
        response = factories.SurveyResponseFactory(round=survey_round, organisation=org)
        factories.SkillLineFactory(response=response, skill=python, staff=6, vacancies=vacancies)
        if size == band.MEDIUM:
            factories.SkillLineFactory(response=response, skill=sql, staff=1, vacancies=1)
    course = factories.CourseFactory(title="Python for data", skills=[python])

    opportunity = OpportunityFactory(title="Tyne Digital Growth Grant", sectors=[sectors["Games"]])
    story = StoryFactory(title="Quayside Games doubles its team", organisations=[games])
    return {
        **directory,
        "building": building,
        "space": space,
        "round": survey_round,
        "skills": {"python": python, "rust": rust},
        "course": course,
        "opportunity": opportunity,
        "story": story,
    }
