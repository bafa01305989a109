"""The OpenAPI schema is valid and the live API keeps to it (schemathesis)."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

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


def test_the_api_keeps_to_its_schema(open_data, wsgi_app, throttle_rate):
    throttle_rate("100000/minute")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # A list for every dataset, and a detail for those with a lookup field.
    datasets = registry.all_datasets()
    assert len(operations) == len(datasets) + sum(bool(d.lookup_field) for d in datasets)

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            # Every default check (no 5xx; documented status codes, content types, bodies
            # and headers) except "schema-valid data accepted": the schema cannot list the
            # sector and area slugs, which are data, so an unknown one is a documented 400.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


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
