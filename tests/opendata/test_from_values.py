"""The API's list pages built from .values() rows (Dataset.from_values) say exactly what
the dataset's serializer says, byte for byte, on every page and with every filter."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from apps.opendata import registry
from apps.opendata.api import ValuesPage
from apps.opendata.serializers import OrganisationSerializer
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

FAST = [dataset.name for dataset in registry.all_datasets() if dataset.from_values]


@pytest.fixture
def varied_organisations(open_data):
    """Beside the fixture's three: no sectors, a logo, every optional value given."""
    make = factories.OrganisationFactory
    area = factories.AreaFactory(name="Gateshead Quays")
    sectors = [factories.SectorFactory(name=name) for name in ("Zeta", "Agritech", "Cyber")]
    return [
        make(name="Delta Bare", description="", sectors=[]),
        make(name="Epsilon Logo", logo="logos/epsilon.png", area=area, sectors=sectors),
        make(
            name="Zed Full",
            website="https://zed.example.org/",
            founded_year=2011,
            stage=Organisation.Stage.choices[0][0],
            hiring_now=True,
            hiring_url="https://zed.example.org/jobs",
            public_email="hello@zed.example.org",
            companies_house_number="SC123456",
            sectors=sectors[:1],
        ),
    ]


def _with_and_without(client, monkeypatch, url):
    """The response from .values() rows, then the same request through the serializer."""
    viewset = resolve(url.split("?")[0]).func.cls
    dataset = viewset.dataset
    calls = []

    def from_values(rows):
        calls.append(url)
        return dataset.from_values(rows)

    monkeypatch.setattr(viewset, "dataset", dataclasses.replace(dataset, from_values=from_values))
    fast = client.get(url)
    assert calls or fast.status_code == 404
    monkeypatch.setattr(viewset, "dataset", dataclasses.replace(dataset, from_values=None))
    slow = client.get(url)
    monkeypatch.undo()
    return fast, slow


def test_every_fast_dataset_is_tested():
    assert FAST == ["organisations"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page_size=2",
        "?page_size=2&page=2",
        "?page_size=2&page=3",
        "?sector=fintech",
        "?q=games",
        "?hiring=true&page_size=1&page=2",
    ],
)
def test_the_list_is_the_same_as_the_serializers(client, monkeypatch, varied_organisations, query):
    fast, slow = _with_and_without(client, monkeypatch, f"/api/v1/organisations/{query}")
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert fast["ETag"] == slow["ETag"]
    assert fast["Last-Modified"] == slow["Last-Modified"]


def test_the_rows_are_the_serializers_representation(client, varied_organisations):
    body = client.get("/api/v1/organisations/").json()["results"]
    queryset = registry.get("organisations").rows()
    assert body == OrganisationSerializer(queryset, many=True).data
    by_name = {row["name"]: row for row in body}
    assert by_name["Delta Bare"]["sectors"] == []
    assert by_name["Delta Bare"]["description"] is None
    assert by_name["Epsilon Logo"]["logo"].endswith("/logos/epsilon.png")
    assert by_name["Epsilon Logo"]["logo"].startswith("http")
    assert by_name["Epsilon Logo"]["sectors"] == ["agritech", "cyber", "zeta"]
    assert by_name["Epsilon Logo"]["area"] == "gateshead-quays"
    assert by_name["Zed Full"]["founded_year"] == 2011
    assert by_name["Zed Full"]["url"] == "http://testserver/directory/zed-full/"
    assert list(by_name["Zed Full"]) == list(OrganisationSerializer().fields)


def test_a_page_past_the_end_is_still_a_404(client, monkeypatch, varied_organisations):
    fast, slow = _with_and_without(client, monkeypatch, "/api/v1/organisations/?page=9")
    assert fast.status_code == slow.status_code == 404
    assert fast.content == slow.content


@pytest.mark.parametrize("query", ["", "?page_size=2&page=2", "?page_size=2&page=3"])
def test_an_unfiltered_list_runs_the_sql_its_querysets_would(client, varied_organisations, query):
    """Without filters the page and its COUNT are statements compiled once (FixedPage):
    the same SQL, with the same values, as the queryset's page and count."""
    dataset = registry.get("organisations")
    size = 2 if query else 50
    number = int(query[-1]) if query else 1
    with CaptureQueriesContext(connection) as expected:
        rows = ValuesPage(dataset.rows(), dataset.values_columns)
        total = rows.count()
        bottom = (number - 1) * size
        page = list(rows[bottom : min(bottom + size, total)])
    with CaptureQueriesContext(connection) as ran:
        body = client.get(f"/api/v1/organisations/{query}").json()
    # The COUNT's column is named "n" rather than "__count" (a name annotate() refuses).
    ran_sql = [q["sql"].replace('AS "n" FROM', 'AS "__count" FROM', 1) for q in ran]
    assert ran_sql[:2] == [q["sql"] for q in expected]
    assert body["count"] == total == 6  # the fixture's three published and these three
    assert [row["slug"] for row in body["results"]] == [row["slug"] for row in page]
