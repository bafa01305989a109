"""The read-only JSON API under /api/v1/, one list + detail endpoint per registered
dataset."""

import functools

from django.db.models import QuerySet
from django.utils.decorators import classonlymethod
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, pagination, routers, serializers, viewsets

from apps.opendata.parameters import (
    SLUG_FILTERS,
    QueryParameter,
    check_query,
    filter_error,
    filter_parameters,
)
from apps.opendata.registry import all_datasets, last_updated_of, totally_ordered


class StablePagination(pagination.PageNumberPagination):
    """Numbered pages over a total order (datasets end their ordering in a unique key).
    The view checks `page` and `page_size` against query_parameters() before this reads
    them, so an out-of-range or malformed value is a 400, never silently replaced."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    last_page_strings = ()  # ?page=last: not an integer, so not in the schema

    def query_parameters(self):
        return [
            QueryParameter(
                "page",
                {"type": "integer", "minimum": 1, "default": 1},
                "A page number. A page past the last is a 404.",
            ),
            QueryParameter(
                "page_size",
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
                "Rows per page.",
            ),
        ]

    def get_schema_operation_parameters(self, view):
        return [parameter.openapi() for parameter in self.query_parameters()]


class Error(serializers.Serializer):
    detail = serializers.CharField()


# The body of a 400 (and of a 404 for a slug that names nothing): each parameter's
# problems, e.g. {"page_size": ["Give 500 or less."]}.
PARAMETER_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def error_responses(dataset, action):
    """Every error an operation can answer, each with its JSON body."""
    reference_filters = action == "list" and any(
        isinstance(flt, SLUG_FILTERS)
        for flt in getattr(dataset.filterset, "base_filters", {}).values()
    )
    not_found = "No such page." if action == "list" else "No such row."
    if reference_filters:
        not_found = f"{not_found} Or a filter's slug names nothing; the body names the filter."
    return {
        304: OpenApiResponse(description="Not modified (If-None-Match or If-Modified-Since)."),
        400: OpenApiResponse(
            {"anyOf": [PARAMETER_ERRORS, ERROR_REF]},
            description="A query parameter is unknown, repeated, empty or not of its type "
            "and range; the body names each.",
        ),
        404: OpenApiResponse(
            {"anyOf": [ERROR_REF, PARAMETER_ERRORS]} if reference_filters else Error,
            description=not_found,
        ),
        405: OpenApiResponse(Error, description="Any method but GET, HEAD and OPTIONS."),
        414: OpenApiResponse(
            description="The request line is over 8,190 bytes. The web server answers "
            "this before the API does, so its body is not JSON."
        ),
        429: OpenApiResponse(Error, description="Too many requests; see Retry-After."),
    }


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before trying again.",
)


class DatasetFilterBackend(DjangoFilterBackend):
    """The dataset's FilterSet, given the extra arguments its page gives it (such as
    today). Values it cannot read are a 400, or a 404 for a slug naming nothing."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if view.dataset.filterset_kwargs is not None:
            kwargs.update(view.dataset.filterset_kwargs())
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise filter_error(filterset)
        return filterset.qs


class DatasetViewSet(viewsets.GenericViewSet):
    dataset = None  # set per dataset by viewset_for()
    pagination_class = StablePagination
    filter_backends = [DatasetFilterBackend]
    # Slugs only: anything else is a 404 from the URL resolver before reaching the database.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return self.dataset.rows()

    def query_parameters(self):
        """The query parameters this action takes: a list's pages and filters; none for
        one row."""
        if self.action != "list":
            return []
        parameters = self.paginator.query_parameters()
        if self.dataset.filterset:
            parameters += filter_parameters(self.dataset)
        return parameters

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle counts refused requests too
        if request.method in ("GET", "HEAD"):  # any other method is a 405 whatever its query
            check_query(request.query_params, self.query_parameters())

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
            last_updated = last_updated_of(self.dataset)
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


class DatasetFilterExtension(OpenApiFilterExtension):
    """The filters' schema, from the FilterSet via filter_parameters() rather than
    drf-spectacular's django-filter introspection, which cannot type every filter (a
    method filter, or a lookup across relations) without a warning."""

    target_class = DatasetFilterBackend
    priority = 1  # ahead of drf-spectacular's own DjangoFilterBackend extension

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        dataset = auto_schema.view.dataset
        if not dataset.filterset:
            return []
        return [parameter.openapi() for parameter in filter_parameters(dataset)]


def viewset_for(dataset):
    """A list (+ detail, if the dataset has a lookup field) viewset for one dataset."""
    model_name = dataset.model._meta.verbose_name
    tags = [dataset.name]
    schemas = {
        "list": extend_schema(
            summary=f"List {dataset.title.lower()}",
            description=dataset.description,
            tags=tags,
            parameters=[RETRY_AFTER],
            responses={
                200: dataset.serializer(many=True),
                **error_responses(dataset, "list"),
            },
        )
    }
    bases = (mixins.ListModelMixin, DatasetViewSet)
    if dataset.lookup_field:
        bases = (mixins.RetrieveModelMixin, *bases)
        schemas["retrieve"] = extend_schema(
            summary=f"One {model_name}",
            tags=tags,
            parameters=[RETRY_AFTER],
            responses={200: dataset.serializer, **error_responses(dataset, "retrieve")},
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
