import functools
import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import condition, require_safe
from rest_framework.exceptions import APIException, NotFound, ParseError
from rest_framework.views import APIView

from apps.core import views as core_views
from apps.opendata import apidocs, dcat, downloads, registry
from apps.opendata.throttling import AnonThrottle, rate_in_words

# json_script's escapes: the JSON-LD sits inside a <script> element in the page.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _entries():
    updated = registry.last_updated_by_name()
    return [(dataset, updated[dataset.name]) for dataset in registry.all_datasets()]


@functools.cache
def _fields(name):
    """A dataset's fields, from its serializer: the code's, so worked out once a process."""
    return registry.get(name).fields()


def _catalogue_document(entries):
    return dcat.catalogue(
        entries,
        site_url=settings.SITE_URL,
        site_name=settings.SITE_NAME,
        contact_email=settings.STAFF_NOTIFY_EMAIL,
    )


def _embedded_jsonld(document):
    """A DCAT document for a page's <script>, compact: harvesters read it there, and
    opendata:catalogue_jsonld serves the whole catalogue indented."""
    return json.dumps(document, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _catalogue_entry(dataset, last_updated):
    """What the catalogue page shows of one dataset: its downloads, feeds, parts and API."""
    api_url = reverse(f"api:{dataset.name}-list")
    return {
        "dataset": dataset,
        "last_updated": last_updated,
        "downloads": [
            (dcat.FORMAT_NAMES[fmt], reverse("opendata:download", args=[dataset.name, fmt]))
            for fmt in dataset.formats
        ],
        "feeds": [(feed.title, reverse(feed.url_name)) for feed in dataset.feeds],
        "parts": [
            {
                "part": part,
                "downloads": [(dcat.FORMAT_NAMES[fmt], path) for fmt, path in part.downloads],
                "api_url": f"{api_url}?{part.api_query}",
            }
            for part in (dataset.parts() if dataset.parts else [])
        ],
        "api_url": api_url,
    }


def _licence():
    return {
        "licence_url": downloads.LICENCE_URL,
        "attribution": downloads.ATTRIBUTION,
        "api_rate": rate_in_words(),
    }


@require_safe
def catalogue(request):
    """Every dataset in brief; each has its own page with its fields and its DCAT."""
    return render(
        request,
        "opendata/catalogue.html",
        {
            "datasets": [_catalogue_entry(dataset, updated) for dataset, updated in _entries()],
            **_licence(),
        },
    )


@require_safe
def dataset(request, name):
    """One dataset: what it holds, field by field, its downloads, parts and API, and its
    DCAT node in the page for harvesters such as Google's dataset search."""
    try:
        chosen = registry.get(name)
    except KeyError:
        raise Http404("No such dataset.") from None
    updated = registry.last_updated_of(chosen)
    document = dcat.dataset_document(
        chosen,
        updated,
        site_url=settings.SITE_URL,
        site_name=settings.SITE_NAME,
        contact_email=settings.STAFF_NOTIFY_EMAIL,
    )
    return render(
        request,
        "opendata/dataset.html",
        {
            "entry": _catalogue_entry(chosen, updated),
            "fields": _fields(chosen.name),
            "jsonld": _embedded_jsonld(document),
            **_licence(),
        },
    )


@require_safe
def catalogue_jsonld(request):
    response = JsonResponse(
        _catalogue_document(_entries()),
        content_type="application/ld+json",
        json_dumps_params={"indent": 1},
    )
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _dataset_or_404(name, fmt):
    try:
        dataset = registry.get(name)
    except KeyError:
        raise Http404("No such dataset.") from None
    if fmt not in dataset.formats:
        raise Http404("No such format for this dataset.")
    return dataset


def _download_last_modified(request, name, fmt):
    return registry.last_updated_of(_dataset_or_404(name, fmt))


@require_safe
@condition(last_modified_func=_download_last_modified)
def download(request, name, fmt):
    dataset = _dataset_or_404(name, fmt)
    throttle = AnonThrottle()
    if not throttle.allow_request(request, None):
        response = HttpResponse("Too many requests.\n", status=429, content_type="text/plain")
        response["Retry-After"] = str(int(throttle.wait() or 60))
        return response
    response = StreamingHttpResponse(
        downloads.stream(dataset, fmt, settings.SITE_URL),
        content_type=downloads.CONTENT_TYPES[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.{fmt}"'
    # A whole dataset is costly to build: shared caches may reuse it for five minutes.
    response["Cache-Control"] = "public, max-age=300"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_safe
def api_docs(request):
    return render(
        request,
        "opendata/api_docs.html",
        {"api_rate": rate_in_words(), "reference": apidocs.reference()},
    )


# Errors for paths under /api/ that no API view answers (no route matches, a bad Host, a
# crash): JSON from DRF's exception handler, with the body every API error has,
# {"detail": "..."}. Everywhere else, the site's own error pages.
API_PATH_PREFIX = "/api/"


class ApiError(APIView):
    """Raises `error` so that DRF's exception handler answers, as in the API's views."""

    schema = None  # not an operation
    error = NotFound

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle counts 404s too
        raise self.error()


class ApiRequestError(ApiError):
    error = ParseError
    throttle_classes = ()


class ApiServerError(ApiError):
    error = APIException
    throttle_classes = ()  # the cache the throttle counts in may be what failed


def _api_error(view, request):
    response = view(request)
    response.render()  # error views' responses are not rendered for them
    return response


_not_found = ApiError.as_view()
_bad_request = ApiRequestError.as_view()
_server_error = ApiServerError.as_view()


def error_404(request, exception):
    if request.path.startswith(API_PATH_PREFIX):
        return _api_error(_not_found, request)
    return defaults.page_not_found(request, exception)


def error_400(request, exception):
    if request.path.startswith(API_PATH_PREFIX):
        return _api_error(_bad_request, request)
    return defaults.bad_request(request, exception)


def error_500(request):
    if request.path.startswith(API_PATH_PREFIX):
        return _api_error(_server_error, request)
    return core_views.server_error(request)
