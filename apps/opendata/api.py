"""The read-only JSON API under /api/v1/, one list + detail endpoint per registered
dataset."""

import functools

import django_filters
from django.db.models import QuerySet
from django.utils.decorators import classonlymethod
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, pagination, routers, serializers, viewsets

from apps.opendata.registry import all_datasets, totally_ordered


class StablePagination(pagination.PageNumberPagination):
    """Numbered pages over a total order (datasets end their ordering in a unique key)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class Error(serializers.Serializer):
    detail = serializers.CharField()


COMMON_ERRORS = {
    404: OpenApiResponse(Error, description="No such row, or no such page."),
    429: OpenApiResponse(Error, description="Too many requests; see Retry-After."),
}
FILTER_ERROR = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A filter value was not understood; the body names each bad filter.",
)


class DatasetViewSet(viewsets.GenericViewSet):
    dataset = None  # set per dataset by viewset_for()
    pagination_class = StablePagination
    filter_backends = [DjangoFilterBackend]
    # Slugs only: anything else is a 404 from the URL resolver before reaching the database.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return self.dataset.rows()

    def filter_queryset(self, queryset):
        if not isinstance(queryset, QuerySet):
            return queryset  # computed rows: no filters, their own order
        queryset = super().filter_queryset(queryset)
        if self.dataset.ordering:
            return queryset.order_by(*self.dataset.ordering)
        # A filter (the search's ranking) may replace the ordering; keep it total.
        return totally_ordered(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            last_updated = self.dataset.last_updated()
            if last_updated is not None:
                response["Last-Modified"] = http_date(last_updated.timestamp())
        return response

    @classonlymethod
    def as_view(cls, actions=None, **initkwargs):
        # ETag from the rendered body (and Last-Modified above), 304 on a match: Django's
        # ConditionalGetMiddleware applied to these views only.
        view = conditional_page(super().as_view(actions, **initkwargs))

        @functools.wraps(view)
        def open_data_view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                # Open data may be used by any site (the site default is same-origin).
                response["Cross-Origin-Resource-Policy"] = "cross-origin"
                # Caches may keep it but must revalidate (a cheap 304), rather than guess a
                # freshness lifetime from Last-Modified.
                response.headers.setdefault("Cache-Control", "public, no-cache")
            return response

        return open_data_view


def _filter_type(dataset, name):
    flt = dataset.filterset.base_filters[name]
    return bool if isinstance(flt, django_filters.BooleanFilter) else str


def viewset_for(dataset):
    """A list (+ detail, if the dataset has a lookup field) viewset for one dataset."""
    model_name = dataset.model._meta.verbose_name
    tags = [dataset.name]
    list_errors = {**COMMON_ERRORS, **({400: FILTER_ERROR} if dataset.filterset else {})}
    schemas = {
        "list": extend_schema(
            summary=f"List {dataset.title.lower()}",
            description=dataset.description,
            tags=tags,
            responses={200: dataset.serializer(many=True), **list_errors},
            parameters=[
                OpenApiParameter(name, _filter_type(dataset, name), description=text)
                for name, text in dataset.filter_help.items()
            ],
        )
    }
    bases = (mixins.ListModelMixin, DatasetViewSet)
    if dataset.lookup_field:
        bases = (mixins.RetrieveModelMixin, *bases)
        schemas["retrieve"] = extend_schema(
            summary=f"One {model_name}",
            tags=tags,
            responses={200: dataset.serializer, **COMMON_ERRORS},
        )
    viewset = type(
        f"{dataset.name.title().replace('-', '').replace('_', '')}ViewSet",
        bases,
        {
            "dataset": dataset,
            # Only for the schema (path parameter types); get_queryset() gives the rows.
            "queryset": dataset.model.objects.none(),
            "serializer_class": dataset.serializer,
            "filterset_class": dataset.filterset,
            "lookup_field": dataset.lookup_field or "pk",
            "__module__": __name__,
        },
    )
    return extend_schema_view(**schemas)(viewset)


class Router(routers.DefaultRouter):
    # No ".json" suffix routes: JSON is the only format, so they would only add URLs.
    include_format_suffixes = False


def api_router():
    router = Router()
    for dataset in all_datasets():
        router.register(dataset.name, viewset_for(dataset), basename=dataset.name)
    return router
