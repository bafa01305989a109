"""The OpenAPI schema is valid and the live API keeps to it (schemathesis)."""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS

from apps.opendata import registry

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    # Also run by `make test`; here so that pytest alone catches a broken schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert "/api/v1/organisations/{slug}/" in (tmp_path / "s.yaml").read_text()


@pytest.fixture
def wsgi_app():
    """The real WSGI application, kept inside the test's transaction: like Django's test
    client, do not close the connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def published_schema():
    """The schema as /api/v1/schema/ serves it, made without a request (so at import,
    for pytest to collect one test per operation)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


# As `st run --checks all --seed 22 --max-examples 25` against the WSGI app: the
# examples, coverage and fuzzing phases, with schema-valid and schema-violating data.
SCHEMA = published_schema()
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.config.seed = 22
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25
)


def test_every_operation_is_tested_against_the_schema_the_api_serves(client):
    assert client.get("/api/v1/schema/?format=json").json() == SCHEMA
    # A list for every dataset, and a detail for those with a lookup field.
    datasets = registry.all_datasets()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(datasets) + sum(bool(d.lookup_field) for d in datasets)


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, open_data, wsgi_app, throttle_rate):
    throttle_rate("100000/minute")
    # Every check: no 5xx; documented status codes, content types, bodies and headers;
    # schema-valid requests accepted and schema-violating ones refused; 405 and Allow for
    # other methods.
    case.call_and_validate(app=wsgi_app, checks=CHECKS.get_all())


def test_filter_parameters_are_typed_as_the_filtersets_parse_them(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()

    def parameters(path):
        return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}

    funding = parameters("/api/v1/funding-opportunities/")
    assert funding["amount"]["schema"]["type"] == "integer"
    assert funding["open_now"]["schema"]["type"] == "boolean"
    assert set(funding["stage"]["schema"]["enum"]) == {"idea", "early", "growth", "established"}
    spaces = parameters("/api/v1/spaces/")
    assert spaces["amenities"]["schema"]["type"] == "array"
    assert spaces["amenities"]["explode"] is True
    assert spaces["available_by"]["schema"]["format"] == "date"
    assert spaces["max_price"]["schema"]["type"] == "number"
    assert "newest" in spaces["sort"]["schema"]["enum"]
    assert parameters("/api/v1/courses/")["skill"]["description"].startswith("Slug of a skill")
    # Every filter of every FilterSet is documented, and no dataset without one has any.
    for dataset in registry.all_datasets():
        documented = set(parameters(f"/api/v1/{dataset.name}/")) - {"page", "page_size"}
        expected = set(dataset.filterset.base_filters) if dataset.filterset else set()
        assert documented == expected, dataset.name


def test_the_schema_gives_the_bounds_the_server_keeps(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]

    def parameter(path, name):
        (found,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/v1/stories/", "page") == {"type": "integer", "minimum": 1, "default": 1}
    assert parameter("/api/v1/stories/", "page_size") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 500,
        "default": 50,
    }
    amount = parameter("/api/v1/funding-opportunities/", "amount")
    assert (amount["minimum"], amount["maximum"]) == (0, 1_000_000_000)
    desks = parameter("/api/v1/spaces/", "desks")
    assert (desks["type"], desks["minimum"], desks["maximum"]) == ("integer", 1, 5000)
    assert parameter("/api/v1/courses/", "starts_before") == {"type": "string", "format": "date"}
    assert parameter("/api/v1/organisations/", "sector")["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert parameter("/api/v1/organisations/", "q") == {
        "type": "string",
        "pattern": "^[^\\u0000]*$",
    }
    # Every operation documents its errors, each with a JSON body but the web server's 414.
    for path, operations in paths.items():
        responses = operations["get"]["responses"]
        assert {"200", "304", "400", "404", "405", "414", "429"} <= set(responses), path
        for status in ("400", "404", "405", "429"):
            assert list(responses[status]["content"]) == ["application/json"], (path, status)
        assert "Retry-After" in responses["429"]["headers"], path
