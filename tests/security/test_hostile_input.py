"""Throw hostile input at every public page's query parameters and every public form field.

Pages and forms are discovered from the URL configuration and the pages' own HTML, so
new apps are covered without editing this file. The result must be: no 5xx, no
unescaped reflection, and nothing written by a refused submission.
"""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.moderation.models import Moderated
from tests import factories
from tests.security.corpus import CORPUS, INVALID_UTF8, XSS
from tests.security.stats import record

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "link/", "status/", "healthz", "media/", "static/", "api/")


def public_paths():
    """Every public URL without path parameters, from the URL configuration."""
    found = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif (
                isinstance(entry, URLPattern)
                and "<" not in route
                and "(" not in route
                and not route.startswith(SKIP_PREFIXES)
            ):
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


class FormFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []  # (method, action, [field names])
        self.get_params = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("method", "get").lower(), attrs.get("action"), []))
        elif (
            tag in ("input", "select", "textarea")
            and self.forms
            and attrs.get("name")
            and attrs.get("type") not in ("file", "submit", "hidden")
        ):
            self.forms[-1][2].append(attrs["name"])


def moderated_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if issubclass(model, Moderated)
    }


@pytest.fixture
def site_content():
    area = factories.AreaFactory(name="Ouseburn")
    sector = factories.SectorFactory(name="Fintech")
    factories.OrganisationFactory(name="Visible Co", area=area, sectors=[sector])


def assert_safe(response, value):
    assert response.status_code < 500, (response.status_code, response.request)
    if value == XSS:
        assert XSS.encode() not in response.content


def test_every_query_parameter_of_every_public_page(client, site_content):
    probed = 0
    for path in public_paths():
        page = client.get(path)
        assert page.status_code < 500, path
        finder = FormFinder()
        finder.feed(page.content.decode(errors="replace"))
        params = {name for method, _, names in finder.forms if method == "get" for name in names}
        params |= {"page", "sort", "q", "unknown"}
        for name in sorted(params):
            for value in CORPUS:
                response = client.get(f"{path}?{quote(name)}={quote(value, safe='')}")
                record(response, page=path, param=f"{path}?{name}")
                assert_safe(response, value)
                probed += 1
            assert client.get(f"{path}?{quote(name)}={INVALID_UTF8}").status_code < 500
        # Duplicate and malformed parameters.
        assert client.get(f"{path}?page=1&page=2&q=a&q=b").status_code < 500
        assert client.get(f"{path}?%ZZ=%E0%A4%A&&=&q").status_code < 500
    print(f"\nhostile input: {probed} query-parameter probes, 0 server errors")
    assert probed > 100


def test_every_field_of_every_public_form(
    client, site_content, settings, django_capture_on_commit_callbacks
):
    # The probes would otherwise trip the per-IP limit and only ever see the 429 page.
    settings.RATELIMIT_ENABLED = False
    probe_forms(client, public_paths(), django_capture_on_commit_callbacks)


def probe_forms(client, paths, django_capture_on_commit_callbacks):
    """Post the corpus into every field of every POST form on `paths`."""
    probed = 0
    statuses = set()
    for path in paths:
        page = client.get(path)
        finder = FormFinder()
        finder.feed(page.content.decode(errors="replace"))
        for method, action, names in finder.forms:
            if method != "post":
                continue
            target = action or path
            for name in names:
                for value in CORPUS:
                    before = moderated_counts()
                    with django_capture_on_commit_callbacks(execute=True):
                        response = client.post(target, {name: value})
                    record(response, form=target, field=f"{target}:{name}")
                    assert_safe(response, value)
                    statuses.add(response.status_code)
                    if response.status_code != 302:
                        assert moderated_counts() == before, (target, name, value)
                    probed += 1
                before = moderated_counts()
                response = client.post(
                    target,
                    data=f"{quote(name)}={INVALID_UTF8}",
                    content_type="application/x-www-form-urlencoded",
                )
                assert response.status_code < 500, (target, name)
                assert moderated_counts() == before
            # Every field at once.
            for value in CORPUS:
                before = moderated_counts()
                response = client.post(target, dict.fromkeys(names, value))
                record(response, form=target)
                assert_safe(response, value)
                if response.status_code != 302:
                    assert moderated_counts() == before, (target, value)
                probed += 1
    print(f"\nhostile input: {probed} form-field probes, 0 server errors")
    assert probed > 100
    assert 429 not in statuses
    assert 200 in statuses  # the forms answered with their errors


# Every item's own page, found through the sitemap and the list pages -----------------

# Parameters a tester tries on any page, whether or not it has a form for them.
GUESSED_PARAMS = ["start", "since", "after", "before", "date", "from", "to", "format", "fmt"]
# Values that broke date handling before: past the calendar's ends, impossible dates.
DATES = ["2026-13-45", "9999-12-31", "0001-01-01", "abc", "10000-01-01", "2026-02-30T25:61"]
SHORT_CORPUS = [XSS, "\x00", "a" * 10_000, "99999999999999999999999999", "-1", "%00", "NaN"]


@pytest.fixture
def every_kind_of_item(site_content):
    """One published item of each kind that has its own page, so the sitemap names them."""
    import datetime

    from django.utils import timezone

    from tests.events.factories import EventFactory
    from tests.funding.factories import OpportunityFactory
    from tests.profile.factories import StoryFactory
    from tests.programmes.factories import ProgrammeFactory
    from tests.strategy.factories import (
        ActionFactory,
        IndicatorFactory,
        ProgressUpdateFactory,
        observe,
    )

    soon = timezone.now() + datetime.timedelta(days=4)
    EventFactory(title="Weekly meetup", starts_at=soon, recurrence="weekly",
                 repeat_until=(soon + datetime.timedelta(days=60)).date())  # fmt: skip
    ProgrammeFactory(title="Tyne Accelerator")
    ProgressUpdateFactory(action=ActionFactory(title="Map the skills"))
    observe(IndicatorFactory(name="Employment"), datetime.date(2025, 1, 1), 110)
    StoryFactory(title="Launch story", published_at=timezone.now() - datetime.timedelta(days=1))
    OpportunityFactory(title="Open Fund")
    space = factories.SpaceFactory()
    factories.CourseFactory()
    return space


def item_paths(client):
    import re

    sitemap = client.get("/sitemap.xml").content.decode()
    paths = {
        loc.removeprefix("http://testserver") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    }
    # Downloads and feeds that hang off an item's page.
    for path in list(paths):
        if path.startswith("/strategy/indicators/") and path.count("/") == 4:
            paths |= {path.rstrip("/") + ".csv", path.rstrip("/") + ".json"}
        if path.startswith("/events/") and path.count("/") == 3:
            paths.add(path.rstrip("/") + ".ics")
    return sorted(p for p in paths if p.count("/") > 2 or "." in p.rsplit("/", 1)[-1])


def test_every_item_page_survives_malformed_query_strings(client, every_kind_of_item):
    paths = item_paths(client)
    # Each kind of item page is in the walk.
    for prefix in ("/events/", "/programmes/", "/strategy/actions/", "/strategy/indicators/",
                   "/stories/", "/funding/", "/spaces/", "/directory/"):  # fmt: skip
        assert any(p.startswith(prefix) for p in paths), prefix
    probed = 0
    for path in paths:
        assert client.get(path).status_code == 200, path
        for name in GUESSED_PARAMS + ["page", "q", "sort"]:
            for value in DATES + SHORT_CORPUS:
                response = client.get(f"{path}?{quote(name)}={quote(value, safe='')}")
                record(response, page=path, param=f"{path}?{name}")
                assert_safe(response, value)
                probed += 1
        assert client.get(f"{path}?page=1&page=2&since=a&since=b").status_code < 500
        assert (
            client.get(f"{path}?%ZZ=%E0%A4%A&&=&q&{INVALID_UTF8}={INVALID_UTF8}").status_code < 500
        )
    print(f"\nhostile input: {probed} probes of {len(paths)} item pages, 0 server errors")


@pytest.mark.parametrize("name", GUESSED_PARAMS)
def test_every_list_page_survives_guessed_date_parameters(client, site_content, name):
    for path in public_paths():
        for value in DATES:
            response = client.get(f"{path}?{name}={quote(value, safe='')}")
            assert response.status_code < 500, (path, name, value)


def test_every_field_of_every_form_on_an_item_page(
    client, every_kind_of_item, settings, django_capture_on_commit_callbacks
):
    """The forms that hang off an item: a space's enquiry, a progress report on an
    action, a proposed change to a programme."""
    settings.RATELIMIT_ENABLED = False
    items = item_paths(client)
    paths = [p for p in items if p.startswith("/spaces/")]
    paths += [p + "report/" for p in items if p.startswith("/strategy/actions/")]
    paths += [p + "propose-a-change/" for p in items if p.startswith("/programmes/")]
    assert len(paths) >= 3
    probe_forms(client, paths, django_capture_on_commit_callbacks)
