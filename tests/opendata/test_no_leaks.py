"""Walk every open-data URL with published and unpublished rows in the database and prove
that no unpublished row and no private field comes out anywhere."""

import json

import pytest
from django.http import StreamingHttpResponse
from django.utils.text import slugify

from apps.core.moderation.models import Status
from apps.funding.models import Enquiry as FundingEnquiry
from apps.industries.models import PartnerRequest
from apps.opendata import registry
from apps.people.models import SurveyResponse
from apps.place.models import Building, SpaceNeed
from apps.profile.models import Organisation
from apps.programmes.models import ProgrammeChange

pytestmark = pytest.mark.django_db

PRIVATE_FIELDS = {
    "contact_name",
    "contact_email",
    "moderation_note",
    "reference",
    "status",
    "submitted_at",
    "confirmed_at",
    "reviewed_at",
    "reviewed_by",
    "last_confirmed_at",
    "search_vector",
    "sector_names",
    # Funding opportunities and stories
    "updated_at",
    "created_at",
    "body",  # stories publish only the sanitised body_html
    # Place
    "expires_on",
    "state",
    "reminder_sent_on",
    "expired_on",
    "enquiries",
    # Programmes
    "note",
    "applied_at",
    # People
    "is_active",
    "responses",
    "lines",
}

# Values of the fixture's filter walk: some match only unpublished rows.
FILTER_VALUES = [
    "on",
    "true",
    "fintech",
    "ouseburn",
    "quayside",
    "startup",
    "1-9",
    "early",
    "grant",
    "news",
    "private_office",
    "python",
    "wifi",
    "free",
    "paid",
    "equity",
    "training",
    "1",
    "2020-01-01",
]


def content(response):
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def every_url(client):
    """Every open-data URL: the catalogue, docs, schema, each API list (with filters for
    the datasets that have them), every row the list names, and every download."""
    urls = ["/data/", "/data/catalog.jsonld", "/api/v1/", "/api/v1/docs/", "/api/v1/schema/"]
    urls.append("/api/v1/schema/?format=json")
    for dataset in registry.all_datasets():
        urls.append(f"/data/{dataset.name}/")
        base = f"/api/v1/{dataset.name}/"
        urls.append(base)
        urls.append(base + "?page_size=500")
        if dataset.filterset is not None:
            # Values the unpublished rows match. (A bad value is echoed in the 400's
            # message, so the "Hidden" search goes only to the search filter.)
            urls.append(f"{base}?q=Hidden")
            for name in dataset.filterset.base_filters:
                urls += [f"{base}?{name}={value}" for value in FILTER_VALUES]
        if dataset.lookup_field:
            for row in client.get(base + "?page_size=500").json()["results"]:
                urls.append(f"{base}{row[dataset.lookup_field]}/")
        urls += [f"/data/{dataset.name}.{fmt}" for fmt in dataset.formats]
    return urls


def rows_in(url, text):
    """The JSON rows a response carries, for the field-name check."""
    if url.startswith("/api/v1/") and "/schema/" not in url and "/docs/" not in url:
        document = json.loads(text)
        if "results" in document:
            return document["results"]
        return [document] if "slug" in document else []
    if url.endswith(".json"):
        return json.loads(text)["rows"]
    return []


def private_markers(open_data):
    """Text that must appear nowhere: unpublished rows' names and slugs, private fields."""
    markers = [
        "Hidden",
        "Private Person",
        "Private Landlord",
        "Survey Person",
        "private.example.com",
        "Secret",  # moderation and staff notes, enquiry messages, a story's HTML comment
        "98765",  # figures of unpublished survey responses
        "97531",
    ]
    hidden = Organisation.objects.exclude(status=Status.PUBLISHED)
    for model in (Organisation, Building, SpaceNeed, SurveyResponse, ProgrammeChange):
        for row in model.objects.all():
            markers += [row.reference, row.contact_email]
    for organisation in hidden:
        markers.append(organisation.slug)
        if organisation.public_email:
            markers.append(organisation.public_email)
    for key in ("hidden_opportunities", "hidden_stories", "hidden_courses", "hidden_programmes"):
        markers += [row.slug for row in open_data[key]]
    markers += [row.slug for row in open_data["hidden_buildings"]]
    markers += [row.slug for row in open_data["hidden_spaces"]]
    for request in PartnerRequest.objects.all():
        markers += [request.reference, request.contact_email, request.organisation_name]
    for enquiry in FundingEnquiry.objects.all():
        markers += [enquiry.reference, enquiry.contact_email, enquiry.organisation_name]
    return markers


def test_nothing_unpublished_or_private_appears_anywhere(client, open_data, throttle_rate):
    throttle_rate("10000/minute")
    hidden = Organisation.objects.exclude(status=Status.PUBLISHED).exclude(
        pk=open_data["unlisted_landlord"].pk
    )
    assert hidden.count() == 4
    markers = private_markers(open_data)

    urls = every_url(client)
    assert len(urls) > 400
    for url in urls:
        response = client.get(url)
        text = content(response)
        for marker in markers:
            assert marker not in text, (url, marker)
        # A filter value that does not apply to that filter (still checked above): 400, or
        # 404 for a slug that names nothing of that kind.
        assert response.status_code == 200 or ("?" in url and response.status_code in (400, 404)), (
            url
        )
        for row in rows_in(url, text):
            assert not PRIVATE_FIELDS & set(row), (url, PRIVATE_FIELDS & set(row))

    # Each unpublished row is a 404 at its own address, too.
    addresses = [("organisations", o) for o in hidden]
    addresses += [("organisations", open_data["unlisted_landlord"])]
    addresses += [("funding-opportunities", o) for o in open_data["hidden_opportunities"]]
    addresses += [("stories", o) for o in open_data["hidden_stories"]]
    addresses += [("buildings", o) for o in open_data["hidden_buildings"]]
    addresses += [("spaces", o) for o in open_data["hidden_spaces"]]
    addresses += [("courses", o) for o in open_data["hidden_courses"]]
    addresses += [("strategy-actions", o) for o in open_data["hidden_actions"]]
    addresses += [("programmes", o) for o in open_data["hidden_programmes"]]
    addresses += [("events", o) for o in open_data["hidden_events"]]
    for name, row in addresses:
        response = client.get(f"/api/v1/{name}/{row.slug}/")
        assert response.status_code == 404, (name, row.slug)
        assert row.slug not in response.content.decode()


def test_every_dataset_has_published_rows_in_the_walk(client, open_data):
    # Otherwise the walk above would prove nothing about that dataset.
    for dataset in registry.all_datasets():
        assert client.get(f"/api/v1/{dataset.name}/").json()["count"] >= 2, dataset.name


def test_public_email_appears_only_when_the_organisation_gave_one(client, open_data):
    rows = client.get("/api/v1/organisations/").json()["results"]
    assert {row["slug"]: row["public_email"] for row in rows} == {
        "alpha-pay": "hello@alpha.example.org",
        "beta-games": None,
        "gamma-ledger": None,
    }


# The public pages ------------------------------------------------------------------------

# Published rows the open data leaves out but pages may show: a finished event (on
# /events/past/ and its own page) and a building with no space to let (on its landlord's
# page and its own).
PUBLISHED_OFF_DATA = ("Hidden finished event", "Hidden empty building")


def every_page(client, open_data):
    """Every public page: the URL conf's pages without parameters, every address in the
    sitemap, the feeds and calendars, each published item's page and download, and
    site search for the hidden rows' words."""
    import re

    from apps.strategy.models import Indicator
    from tests.security.test_hostile_input import public_paths

    pages = [p for p in public_paths() if not p.endswith(("/add/", "/enquiry/"))]
    sitemap = client.get("/sitemap.xml").content.decode()
    pages += [
        loc.removeprefix("http://testserver") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    pages += [e.get_absolute_url() for e in open_data["events"]]
    pages += [f"/events/{e.slug}.ics" for e in open_data["events"]]
    pages += [f"/programmes/{p.slug}/propose-a-change/" for p in open_data["programmes"]]
    pages += [f"/strategy/actions/{a.slug}/report/" for a in open_data["actions"]]
    for indicator in Indicator.objects.published():
        pages += [f"/strategy/indicators/{indicator.slug}.{fmt}" for fmt in ("csv", "json")]
    pages += [
        "/strategy/changes/?since=2000-01-01",
        "/events/calendar.ics?after=2000-01-01",
        "/events/?after=2000-01-01",
    ]
    pages += [
        f"/search/?q={word}"
        # Words of the hidden rows (a search page repeats its query, so not the markers).
        for word in ("draft", "proposed", "investor", "closed", "event", "programme", "update")
    ]
    return sorted(set(pages))


def test_no_public_page_shows_anything_unpublished_or_private(client, open_data):
    markers = private_markers(open_data)
    markers += [
        row.slug for row in open_data["hidden_events"] if row.title not in PUBLISHED_OFF_DATA
    ]
    markers += [row.slug for row in open_data["hidden_actions"]]
    pages = every_page(client, open_data)
    assert len(pages) > 60
    walked = set()
    for url in pages:
        response = client.get(url)
        # A "check your email" or "thank you" page sends a visitor with nothing sent back.
        assert response.status_code in (200, 302), url
        walked.add(url.split("?")[0])
        if not response["Content-Type"].startswith(
            ("text/", "application/json", "application/atom")
        ):
            continue  # PDFs and images: made from the same public querysets
        text = content(response)
        for name in PUBLISHED_OFF_DATA:
            text = text.replace(name, "").replace(slugify(name), "")
        for marker in markers:
            assert marker not in text, (url, marker)
    # The walk reached the new apps' every surface.
    for must in ("/strategy/feed/", "/events/calendar.ics", "/ecosystem/", "/invest/"):
        assert must in walked
