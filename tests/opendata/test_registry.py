"""The registry's generic machinery, on datasets of shapes still to come: aggregates
(the skills map) are list-only and ordered by their group-by fields."""

import csv
import io

import pytest
from django.db.models import Count
from django.urls import path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from apps.opendata import downloads
from apps.opendata.api import viewset_for
from apps.opendata.registry import Dataset, totally_ordered
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


class AreaSizeSerializer(serializers.Serializer):
    area = serializers.CharField(source="area__slug", help_text="Slug of the area.")
    employee_band = serializers.CharField(help_text="Size band.")
    organisations = serializers.IntegerField(help_text="How many; groups under 2 left out.")


def area_sizes():
    # Like the skills map: published rows only, counts grouped, small groups suppressed.
    return (
        Organisation.objects.published()
        .values("area__slug", "employee_band")
        .annotate(organisations=Count("pk"))
        .filter(organisations__gte=2)
    )


AGGREGATE = Dataset(
    name="area-sizes",
    title="Organisations by area and size",
    description="Test aggregate.",
    queryset=area_sizes,
    serializer=AreaSizeSerializer,
    lookup_field=None,
    ordering=("area__slug", "employee_band"),
)


def test_an_aggregate_dataset_is_a_list_only_endpoint_with_suppression(open_data):
    viewset = viewset_for(AGGREGATE)
    assert not hasattr(viewset, "retrieve")
    view = viewset.as_view({"get": "list"})
    response = view(APIRequestFactory().get("/api/v1/area-sizes/"))
    response.render()
    assert response.status_code == 200
    # Ouseburn has Beta Games (50-249) and Gamma Ledger (10-49): no group reaches 2, and
    # the unpublished Ouseburn rows must not lift one over the threshold.
    assert response.data["results"] == []
    assert response["ETag"]


def test_an_aggregate_dataset_downloads_as_csv(open_data):
    factories.OrganisationFactory(area=open_data["areas"][0], employee_band="10-49")
    text = "".join(downloads.stream_csv(AGGREGATE))
    assert list(csv.reader(io.StringIO(text))) == [
        ["area", "employee_band", "organisations"],
        ["ouseburn", "10-49", "2"],
    ]


def test_ordering_is_made_total_with_the_primary_key():
    queryset = totally_ordered(Organisation.objects.order_by("name"))
    assert queryset.query.order_by == ("name", "pk")
    queryset = totally_ordered(Organisation.objects.all())
    assert queryset.query.order_by == ("name", "pk")
    assert totally_ordered(Organisation.objects.order_by("-pk")).query.order_by == ("-pk",)


def suppressed_area_counts():
    # Rows computed in Python, as a page might compute them, with small counts suppressed.
    counts = {}
    for slug in Organisation.objects.published().values_list("area__slug", flat=True):
        counts[slug] = counts.get(slug, 0) + 1
    return [
        {"area__slug": s, "employee_band": "all", "organisations": n}
        for s, n in sorted(counts.items())
        if n >= 2
    ]


COMPUTED = Dataset(
    name="area-counts",
    title="Organisations per area",
    description="Test of computed rows.",
    queryset=suppressed_area_counts,
    serializer=AreaSizeSerializer,
    lookup_field=None,
    source_model=Organisation,
)


def test_a_dataset_of_computed_rows_lists_downloads_and_documents(open_data):
    view = viewset_for(COMPUTED).as_view({"get": "list"})
    response = view(APIRequestFactory().get("/api/v1/area-counts/"))
    assert response.status_code == 200
    # Ouseburn has two published organisations; Quayside's one is suppressed.
    assert response.data["results"] == [
        {"area": "ouseburn", "employee_band": "all", "organisations": 2}
    ]
    text = "".join(downloads.stream_csv(COMPUTED))
    assert text.splitlines()[1] == "ouseburn,all,2"

    GENERATOR_STATS.reset()
    generator = SchemaGenerator(
        patterns=[path("api/v1/area-counts/", viewset_for(COMPUTED).as_view({"get": "list"}))]
    )
    schema = generator.get_schema(request=None, public=True)
    assert "/api/v1/area-counts/" in schema["paths"]
    assert not GENERATOR_STATS  # no warnings or errors
