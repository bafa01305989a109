"""The read-only JSON API under /api/v1/, one list + detail endpoint per registered
dataset."""

import functools

import django_filters
from django.db.models import QuerySet
from django.utils.decorators import classonlymethod
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
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


class DatasetFilterBackend(DjangoFilterBackend):
    """The dataset's FilterSet, given the extra arguments its page gives it (such as today)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if view.dataset.filterset_kwargs is not None:
            kwargs.update(view.dataset.filterset_kwargs())
        return kwargs


class DatasetViewSet(viewsets.GenericViewSet):
    dataset = None  # set per dataset by viewset_for()
    pagination_class = StablePagination
    filter_backends = [DatasetFilterBackend]
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


def filter_parameters(dataset):
    """Every filter of the dataset's FilterSet as an OpenAPI query parameter, typed as
    django-filter parses it and described by the dataset's `filter_help`."""
    parameters = []
    for name, flt in dataset.filterset.base_filters.items():
        enum = explode = style = None
        if isinstance(flt, django_filters.MultipleChoiceFilter):
            # ?amenities=a&amenities=b (ModelMultipleChoiceFilter is one of these too).
            schema = build_array_type(build_basic_type(OpenApiTypes.STR))
            explode, style = True, "form"
        elif isinstance(flt, django_filters.BooleanFilter):
            schema = build_basic_type(OpenApiTypes.BOOL)
        elif isinstance(flt, django_filters.NumberFilter):
            whole = flt.extra.get("decimal_places") == 0
            schema = build_basic_type(OpenApiTypes.INT if whole else OpenApiTypes.NUMBER)
        elif isinstance(flt, django_filters.DateFilter):
            schema = build_basic_type(OpenApiTypes.DATE)
        else:
            schema = build_basic_type(OpenApiTypes.STR)
        if isinstance(flt, django_filters.ChoiceFilter) and not isinstance(
            flt, django_filters.ModelChoiceFilter
        ):
            enum = [value for value, _label in flt.extra["choices"]]
        parameters.append(
            build_parameter_type(
                name=name,
                schema=schema,
                location=OpenApiParameter.QUERY,
                description=dataset.filter_help.get(name) or str(flt.label or name),
                enum=enum,
                explode=explode,
                style=style,
            )
        )
    return parameters


class DatasetFilterExtension(OpenApiFilterExtension):
    """The filters' schema, from the FilterSet via filter_parameters() rather than
    drf-spectacular's django-filter introspection, which cannot type every filter (a
    method filter, or a lookup across relations) without a warning."""

    target_class = DatasetFilterBackend
    priority = 1  # ahead of drf-spectacular's own DjangoFilterBackend extension

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        dataset = auto_schema.view.dataset
        return filter_parameters(dataset) if dataset.filterset else []


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
