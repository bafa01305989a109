import json
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.html import escape

from apps.opendata import apidocs, registry
from apps.profile.models import Organisation, Sector
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_the_catalogue_describes_every_dataset(client, open_data):
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ATTRIBUTION in html
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in html
    for dataset in registry.all_datasets():
        assert f'id="{dataset.name}"' in html
        assert escape(dataset.title) in html
        assert escape(dataset.description) in html
        assert dataset.frequency_label in html
        assert f'href="/data/{dataset.name}/"' in html
        for fmt in dataset.formats:
            assert f'href="/data/{dataset.name}.{fmt}"' in html
        assert f'href="/api/v1/{dataset.name}/"' in html
    # The field tables are on each dataset's own page, not here.
    assert "<table" not in html


@pytest.mark.parametrize("name", [d.name for d in registry.all_datasets()])
def test_each_dataset_has_a_page_with_its_fields(client, open_data, name):
    dataset = registry.get(name)
    response = client.get(f"/data/{name}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{escape(dataset.title)}</h1>" in html
    assert ATTRIBUTION in html
    for field, _type, meaning in dataset.fields():
        assert f"<code>{field}</code>" in html
        assert meaning  # every field says what it means
    for fmt in dataset.formats:
        assert f'href="/data/{name}.{fmt}"' in html
    assert f'href="/api/v1/{name}/"' in html
    # Its DCAT nodes, the same as the catalogue's, for harvesters reading the page.
    (embedded,) = JSONLD.findall(html)
    nodes = json.loads(embedded)["@graph"]
    assert nodes[0]["dct:identifier"] == name
    assert nodes[0]["dcat:landingPage"]["@id"] == f"http://testserver/data/{name}/"
    catalogue = client.get("/data/catalog.jsonld").json()["dcat:dataset"]
    assert nodes == [
        node
        for node in catalogue
        if node["dct:identifier"] == name
        or node.get("dct:isPartOf", {}).get("@id") == nodes[0]["@id"]
    ]


def test_an_unknown_dataset_has_no_page(client, db):
    assert client.get("/data/no-such-dataset/").status_code == 404
    assert client.get("/data/organisations.xml").status_code == 404


def test_every_link_on_the_catalogue_works(client, open_data, throttle_rate):
    throttle_rate("1000/minute")
    html = client.get("/data/").content.decode()
    links = set(re.findall(r'href="(/(?:data|api)/[^"#]*)"', html))
    assert len(links) >= 12
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_catalogue_is_in_the_main_navigation(client, db):
    assert '<a class="site-nav__link" href="/data/"' in client.get("/").content.decode()


def test_the_last_update_is_the_latest_publication_or_approved_change(client, open_data):
    day = timezone.now().replace(microsecond=0) - timezone.timedelta(days=10)
    Organisation.objects.update(reviewed_at=day, last_confirmed_at=None)
    organisations = registry.get("organisations")
    assert organisations.last_updated() == day
    # An approved change stamps last_confirmed_at on the live row.
    Organisation.objects.filter(slug="beta-games").update(
        last_confirmed_at=day + timezone.timedelta(days=2)
    )
    assert organisations.last_updated() == day + timezone.timedelta(days=2)
    # Unpublished rows do not count...
    Organisation.objects.filter(slug="hidden-pending").update(last_confirmed_at=timezone.now())
    assert organisations.last_updated() == day + timezone.timedelta(days=2)
    # ...but withdrawing a published row changes the dataset.
    withdrawn = day + timezone.timedelta(days=3)
    Organisation.objects.filter(slug="hidden-archived").update(reviewed_at=withdrawn)
    assert organisations.last_updated() == withdrawn
    # And so does a staff edit in the admin.
    edited = day + timezone.timedelta(days=4)
    entry = LogEntry.objects.create(
        user=UserFactory(),
        content_type=ContentType.objects.get_for_model(Sector),
        object_id="1",
        object_repr="Fintech",
        action_flag=CHANGE,
    )
    LogEntry.objects.filter(pk=entry.pk).update(action_time=edited)
    assert organisations.last_updated() == edited
    assert registry.get("sectors").last_updated() == edited
    assert edited.strftime("%-d %B %Y") in client.get("/data/").content.decode()


def test_the_dcat_catalogue_is_linked_and_served(client, open_data):
    html = client.get("/data/").content.decode()
    assert 'rel="alternate" type="application/ld+json" href="/data/catalog.jsonld"' in html
    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    served = response.json()
    assert served["@type"] == "dcat:Catalog"
    assert served["dct:license"]["@id"].endswith("/open-government-licence/version/3/")
    # Parts of a dataset (each strategy indicator) are datasets too (tests/opendata/test_feeds.py).
    datasets = {d["dct:identifier"]: d for d in served["dcat:dataset"] if "dct:isPartOf" not in d}
    assert set(datasets) == {d.name for d in registry.all_datasets()}
    organisations = datasets["organisations"]
    assert organisations["@type"] == "dcat:Dataset"
    assert organisations["dct:accrualPeriodicity"]["@id"] == "http://purl.org/cld/freq/continuous"
    assert "dct:modified" in organisations
    assert organisations["dct:rights"] == ATTRIBUTION
    assert organisations["dcat:contactPoint"]["vcard:hasEmail"]["@id"] == "mailto:staff@example.org"
    downloads = {
        d["dcat:mediaType"]: d["dcat:downloadURL"]["@id"]
        for d in organisations["dcat:distribution"]
        if "dcat:downloadURL" in d
    }
    assert downloads == {
        "text/csv": "http://testserver/data/organisations.csv",
        "application/json": "http://testserver/data/organisations.json",
    }
    (service,) = served["dcat:service"]
    assert service["dcat:endpointDescription"]["@id"] == "http://testserver/api/v1/schema/"


def test_a_dataset_page_keeps_the_strict_csp(client, open_data):
    response = client.get("/data/organisations/")
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # The only inline <script> is the JSON-LD data block, which browsers never execute.
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline == ['<script type="application/ld+json">']
    assert "style=" not in html


def test_the_api_docs_are_server_rendered_from_the_schema_without_script(client, db, settings):
    """The reference is HTML from the OpenAPI schema (decision 0054): no Swagger UI, no
    script of its own, every endpoint and response format on the page without JavaScript."""
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/js/portal.js" defer>'], scripts
    assert "swagger" not in html.lower()
    assert "style=" not in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert settings.API_ANON_RATE.replace("/", " requests per ") in html
    for path in sources:
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")), path
    document = apidocs.schema()
    for path, item in document["paths"].items():
        for _method, operation in item.items():
            assert f'id="{operation["operationId"]}"' in html, path
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in html
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
        assert f'href="#schema-{name}"' in html or name.endswith("Enum") or name == "Error"
    # Every wide table scrolls in its own focusable, labelled region.
    regions = re.findall(r'<div class="table-scroll"([^>]*)>', html)
    assert regions and all('tabindex="0"' in r and 'role="region"' in r for r in regions)
    assert all("aria-labelledby=" in r for r in regions)


def test_the_catalogue_is_in_the_sitemap(client, db):
    assert "<loc>http://testserver/data/</loc>" in client.get("/sitemap.xml").content.decode()
