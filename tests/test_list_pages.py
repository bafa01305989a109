"""Every public list page follows the one recipe (apps/core/web/lists.py, CONTRIBUTING.md):
built on ListPage, with a queryset method, a FilterSet, the project's paginator, a card
partial per item, and served from the page cache.

The list pages are found in the URL conf, not listed here, so a new one is checked as
soon as it is routed; and a page written another way is caught by what it renders (a
`page_obj`), whatever its view."""

from pathlib import Path

import django_filters
import pytest
from django.template.defaulttags import ForNode
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from apps.core.web.lists import ListPage
from apps.core.web.pagination import MatchCountPaginator, Paginator

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Staff pages and the JSON API are not public list pages: the API pages with DRF.
NOT_PUBLIC = ("admin/", "api/")


def _patterns(patterns=None, prefix="", namespace=""):
    """(route, name with its namespace, has URL parameters, view) for every URL."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, route, inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else None
            has_parameters = bool(pattern.pattern.regex.groups) or "<" in route
            yield route, name, has_parameters, pattern.callback


def _public():
    return [p for p in _patterns() if not p[0].startswith(NOT_PUBLIC)]


def _list_pages():
    """The URL names of the views built on the recipe's base."""
    return sorted(
        name
        for _, name, _, view in _public()
        if issubclass(getattr(view, "view_class", object), ListPage)
    )


def _view_class(name):
    return next(view.view_class for _, n, _, view in _public() if n == name)


def _card_includes(template_name):
    """The templates included inside the page's loop over page_obj.object_list."""
    nodelist = get_template(template_name).template.nodelist
    loops = [
        node
        for node in nodelist.get_nodes_by_type(ForNode)
        if node.sequence.token == "page_obj.object_list"
    ]
    return [
        include.template.var
        for loop in loops
        for include in loop.nodelist_loop.get_nodes_by_type(IncludeNode)
        if isinstance(include.template.var, str)
    ]


def test_the_known_list_pages_are_found():
    assert set(_list_pages()) >= {
        "profile:directory",
        "stories:index",
        "place:search",
        "people:courses",
        "funding:index",
    }


@pytest.mark.django_db
def test_every_page_that_renders_a_page_obj_is_built_on_the_recipe():
    client = Client()
    checked, paginated = 0, []
    for route, name, has_parameters, view in _public():
        if has_parameters:
            continue  # needs a row to point at; the template test below covers these
        response = client.get(reverse(name) if name else "/" + route)
        checked += 1
        if response.context is not None and "page_obj" in response.context:
            paginated.append(name)
            assert issubclass(getattr(view, "view_class", object), ListPage), name
    assert checked > 20
    # A list page of one thing's rows (an industry's businesses) needs a row: checked below.
    with_parameters = {name for _, name, has_parameters, _ in _public() if has_parameters}
    assert sorted(paginated) == [name for name in _list_pages() if name not in with_parameters]


def test_every_template_that_renders_a_page_obj_belongs_to_a_list_page():
    templates = {_view_class(name).template_name for name in _list_pages()}
    using = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "page_obj" in path.read_text()
    }
    # The page links are the recipe's own shared include.
    assert using - {"includes/pagination.html"} == templates


def _row_for(name):
    """URL arguments for a list page that lists the rows of one thing (an industry)."""
    if name == "industries:detail":
        from tests.industries.factories import IndustryFactory

        return [IndustryFactory().slug]
    return []


@pytest.mark.django_db
@pytest.mark.parametrize("name", _list_pages())
def test_the_list_page_follows_the_recipe(name, settings):
    view = _view_class(name)
    # A queryset method, called per request (listings depend on the date).
    assert "get_queryset" in vars(view), f"{name} names its queryset method"
    assert issubclass(view.filterset_class, django_filters.FilterSet)
    assert view.paginate_by

    cards = _card_includes(view.template_name)
    assert len(cards) == 1 and "#" in cards[0], f"{name}: one card partial per item"
    get_template(cards[0])  # the partial exists

    settings.PAGE_CACHE_SECONDS = 300
    url = reverse(name, args=_row_for(name))
    first = Client().get(url)
    assert first.status_code == 200
    assert isinstance(first.context["filter"], view.filterset_class)
    assert isinstance(first.context["page_obj"].paginator, (Paginator, MatchCountPaginator))
    # Anonymous visitors are served from the shared page cache: no CSRF form on the page.
    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
