"""The pagination include links each page with the rest of the request's query kept."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _links(query, number):
    request = RequestFactory().get(f"/list/?{query}")
    page = Paginator(range(100), 10).get_page(number)
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    return [part.split('"')[0] for part in html.split('href="')[1:]]


def test_each_link_keeps_the_filters_and_sets_only_the_page():
    links = _links("q=caf%C3%A9+%26+bar&page=3&tag=a&tag=b", 3)
    assert links[0] == "?q=caf%C3%A9+%26+bar&amp;page=2&amp;tag=a&amp;tag=b"  # previous
    assert links[-1] == "?q=caf%C3%A9+%26+bar&amp;page=4&amp;tag=a&amp;tag=b"  # next
    assert all("page=" in link and link.count("page=") == 1 for link in links)


def test_a_new_page_goes_last_and_user_input_stays_escaped():
    links = _links("q=%3Cscript%3E", 1)
    assert links[-1] == "?q=%3Cscript%3E&amp;page=2"
    assert "<script>" not in "".join(links)


def test_a_single_page_has_no_links():
    request = RequestFactory().get("/list/")
    page = Paginator(range(5), 10).get_page(1)
    assert not render_to_string(
        "includes/pagination.html", {"page_obj": page}, request=request
    ).strip()
