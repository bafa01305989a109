import csv
import io
import json

import pytest
from django.db import connection
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.opendata import registry
from apps.opendata.downloads import csv_cell
from apps.opendata.registry import Dataset
from apps.opendata.serializers import AreaSerializer
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def body(response):
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 191 000 0000", "'+44 191 000 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        (["=bad", "good"], "'=bad; good"),
        ("safe = text", "safe = text"),
        ("", ""),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (-5, -5),  # numbers are data, not formulae
        (2018, 2018),
    ],
)
def test_csv_cells_defuse_spreadsheet_formulae(value, cell):
    assert csv_cell(value) == cell


def test_the_csv_download_escapes_formulae_in_real_rows(client, db):
    factories.OrganisationFactory(
        name="=cmd|'/C calc'!A0",
        slug="formula",
        summary="+1 and more",
        description="@risk",
        website="",
    )
    response = client.get("/data/organisations.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'
    (row,) = csv_rows(response)
    assert row["name"] == "'=cmd|'/C calc'!A0"
    assert row["summary"] == "'+1 and more"
    assert row["description"] == "'@risk"
    assert row["slug"] == "formula"


def test_the_csv_has_every_public_field_and_only_published_rows(client, open_data):
    rows = csv_rows(client.get("/data/organisations.csv"))
    assert [row["name"] for row in rows] == ["Alpha Pay", "Beta Games", "Gamma Ledger"]
    assert list(rows[0]) == list(registry.get("organisations").serializer().fields)
    gamma = rows[2]
    assert gamma["sectors"] == "fintech; games"
    assert gamma["hiring_now"] == "true"
    assert gamma["public_email"] == ""


def test_the_json_download_matches_the_api(client, open_data):
    document = json.loads(body(client.get("/data/organisations.json")))
    assert document["licence"].startswith("https://www.nationalarchives.gov.uk/")
    assert "Open Government Licence v3.0" in document["attribution"]
    api = client.get("/api/v1/organisations/").json()["results"]
    assert document["rows"] == api


@pytest.mark.parametrize("name", ["organisations", "sectors", "areas"])
def test_every_dataset_downloads_as_csv_and_json(client, open_data, name):
    csv_names = [row["slug"] for row in csv_rows(client.get(f"/data/{name}.csv"))]
    json_names = [row["slug"] for row in json.loads(body(client.get(f"/data/{name}.json")))["rows"]]
    api_names = [row["slug"] for row in client.get(f"/api/v1/{name}/").json()["results"]]
    assert csv_names == json_names == api_names
    assert csv_names


def test_an_empty_dataset_is_still_valid_json(client, db):
    assert json.loads(body(client.get("/data/organisations.json")))["rows"] == []


@pytest.mark.parametrize(
    "url", ["/data/nothing.csv", "/data/organisations.xlsx", "/data/organisations.geojson"]
)
def test_unknown_datasets_and_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_geojson_is_offered_for_a_dataset_with_geometry(client, open_data, monkeypatch):
    # The machinery on its own, with a row that has no geometry (spaces and buildings
    # always have one: see test_datasets.py).
    places = {"ouseburn": (-1.5967, 54.9747)}
    dataset = Dataset(
        name="points",
        title="Points",
        description="Test.",
        queryset=lambda: Area.objects.annotate(organisation_count=Count("organisations")),
        serializer=AreaSerializer,
        geometry=lambda area: places.get(area.slug),
    )
    monkeypatch.setitem(registry._registry, "points", dataset)
    response = client.get("/data/points.geojson")
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(body(response))
    assert document["type"] == "FeatureCollection"
    ouseburn, quayside = document["features"]
    assert ouseburn["geometry"] == {"type": "Point", "coordinates": [-1.5967, 54.9747]}
    assert ouseburn["properties"]["name"] == "Ouseburn"
    assert quayside["geometry"] is None
    assert dataset.formats == ("csv", "json", "geojson")


def test_downloads_answer_304_when_nothing_changed(client, open_data):
    Organisation.objects.update(reviewed_at=timezone.now() - timezone.timedelta(days=1))
    first = client.get("/data/organisations.csv")
    again = client.get("/data/organisations.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_downloads_are_throttled_like_the_api(client, open_data, throttle_rate):
    throttle_rate("2/minute")
    assert client.get("/data/sectors.csv").status_code == 200
    assert client.get("/api/v1/sectors/").status_code == 200
    response = client.get("/data/sectors.csv")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_a_10000_row_csv_streams_in_chunks_without_loading_every_row(client, db):
    area = factories.AreaFactory()
    sector = factories.SectorFactory()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Business {n:05}",
            slug=f"business-{n:05}",
            kind="sme",
            summary="A business.",
            employee_band="1-9",
            area=area,
            contact_email="x@example.com",
            status=Status.PUBLISHED,
        )
        for n in range(10_000)
    )
    Organisation.sectors.through.objects.bulk_create(
        Organisation.sectors.through(organisation_id=o.pk, sector_id=sector.pk)
        for o in organisations
    )

    response = client.get("/data/organisations.csv")
    assert isinstance(response, StreamingHttpResponse)
    content = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(content)
        assert len(queries) == 0  # nothing is read before the body is consumed
        first = next(content)
        # One server-side cursor, read a chunk at a time: not all 10,000 rows.
        assert len(queries) == 1
        rest = list(content)
    assert header.startswith(b"slug,name,")
    assert first.startswith(b"business-00000,Business 00000,")
    assert f",{sector.slug},".encode() in first
    assert len(rest) == 9_999
    # The rows came from that one cursor, each with its sectors' slugs: no query per chunk.
    [select] = [q["sql"] for q in queries.captured_queries]
    assert select.startswith("DECLARE")
