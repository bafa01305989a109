"""The shared paginators: Django's pages, without a COUNT when the rows say it all."""

import pytest
from django.core import paginator as django_paginator
from django.db.models import Count, Window

from apps.core.models import Area
from apps.core.web.pagination import MatchCountPaginator, Paginator

pytestmark = pytest.mark.django_db

PER_PAGE = 3
NUMBERS = [None, "", "1", "2", "3", "9", "0", "-1", "x", "1.5", 1, 2, 1.5, 2.0]


@pytest.fixture
def areas():
    def make(n):
        for i in range(n):
            Area.objects.create(name=f"Area {i:02}", slug=f"area-{i:02}", council="newcastle")
        return Area.objects.order_by("name")

    return make


def _shown(page):
    return (
        page.number,
        [area.name for area in page.object_list],
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 7])
@pytest.mark.parametrize("number", NUMBERS)
def test_it_shows_the_same_page_as_djangos(areas, n, number):
    rows = areas(n)
    ours = Paginator(rows, PER_PAGE).get_page(number)
    theirs = django_paginator.Paginator(rows, PER_PAGE).get_page(number)
    assert _shown(ours) == _shown(theirs)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 7])
@pytest.mark.parametrize("number", NUMBERS)
def test_a_match_count_page_is_djangos_page(areas, n, number):
    rows = areas(n).annotate(match_count=Window(Count("pk")))
    ours = MatchCountPaginator(rows, PER_PAGE).get_page(number)
    theirs = django_paginator.Paginator(rows, PER_PAGE).get_page(number)
    assert _shown(ours) == _shown(theirs)


def test_an_empty_list_refused_as_a_first_page_is_refused_as_django_refuses(areas):
    for paginator_class in (Paginator, MatchCountPaginator):
        with pytest.raises(django_paginator.EmptyPage):
            paginator_class(areas(0), PER_PAGE, allow_empty_first_page=False).get_page(1)


def test_a_short_first_page_is_not_counted(areas, django_assert_num_queries):
    rows = areas(2)
    with django_assert_num_queries(1):  # the page's rows; no COUNT
        page = Paginator(rows, PER_PAGE).get_page(None)
        assert page.paginator.count == 2
        assert page.paginator.num_pages == 1
        assert len(page.object_list) == 2


def test_a_full_first_page_is_counted_once(areas, django_assert_num_queries):
    rows = areas(PER_PAGE + 1)
    with django_assert_num_queries(2):  # the page's rows, then the COUNT
        page = Paginator(rows, PER_PAGE).get_page("1")
        assert [a.name for a in page.object_list] == ["Area 00", "Area 01", "Area 02"]
        assert page.paginator.count == PER_PAGE + 1
        assert page.has_next()


def test_a_match_count_page_reads_its_count_from_its_rows(areas, django_assert_num_queries):
    rows = areas(7).annotate(match_count=Window(Count("pk")))
    with django_assert_num_queries(1):  # the page's rows, each with the total
        page = MatchCountPaginator(rows, PER_PAGE).get_page("2")
        assert [a.name for a in page.object_list] == ["Area 03", "Area 04", "Area 05"]
        assert (page.paginator.count, page.paginator.num_pages) == (7, 3)
    with django_assert_num_queries(2):  # past the end: no rows, so a COUNT, then the last page
        assert MatchCountPaginator(rows, PER_PAGE).get_page("9").number == 3
