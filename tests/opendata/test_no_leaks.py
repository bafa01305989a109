"""Walk every open-data URL with published and unpublished rows in the database and prove
that no unpublished row and no private field comes out anywhere."""

import json

import pytest
from django.http import StreamingHttpResponse

from apps.core.models import Status
from apps.opendata import registry
from apps.profile.models import Organisation

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
}


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
        base = f"/api/v1/{dataset.name}/"
        urls.append(base)
        urls.append(base + "?page_size=500")
        if dataset.filterset is not None:
            # Values the unpublished rows match. (A bad value is echoed in the 400's
            # message, so the "Hidden" search goes only to the search filter.)
            urls.append(f"{base}?q=Hidden")
            for name in dataset.filterset.base_filters:
                values = ["on", "fintech", "ouseburn", "startup", "1-9", "true"]
                urls += [f"{base}?{name}={value}" for value in values]
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


def test_nothing_unpublished_or_private_appears_anywhere(client, open_data, throttle_rate):
    throttle_rate("10000/minute")
    hidden = Organisation.objects.exclude(status=Status.PUBLISHED)
    assert hidden.count() == 4
    markers = ["Hidden", "Private Person", "private.example.com", "Secret moderation note"]
    for organisation in Organisation.objects.all():
        markers.append(organisation.reference)
        markers.append(organisation.contact_email)
    for organisation in hidden:
        markers += [organisation.slug, organisation.public_email]

    urls = every_url(client)
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        text = content(response)
        for marker in markers:
            assert marker not in text, (url, marker)
        # 400: a filter value that does not apply to that filter (still checked above).
        assert response.status_code == 200 or ("?" in url and response.status_code == 400), url
        for row in rows_in(url, text):
            assert not PRIVATE_FIELDS & set(row), (url, PRIVATE_FIELDS & set(row))

    # Each unpublished organisation is a 404 at its own address, too.
    for organisation in hidden:
        response = client.get(f"/api/v1/organisations/{organisation.slug}/")
        assert response.status_code == 404
        assert organisation.name not in response.content.decode()


def test_public_email_appears_only_when_the_organisation_gave_one(client, open_data):
    rows = client.get("/api/v1/organisations/").json()["results"]
    assert {row["slug"]: row["public_email"] for row in rows} == {
        "alpha-pay": "hello@alpha.example.org",
        "beta-games": None,
        "gamma-ledger": None,
    }
