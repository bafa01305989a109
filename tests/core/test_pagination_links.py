import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory

QUERIES = [
    "",
    "page=2",
    "q=data&sector=software&size=1-9",
    "q=data&page=3&sector=software",
    "page=3&q=caf%C3%A9+%26+bar",
    "tag=a&tag=b&page=2&empty=",
    "q=%3Cscript%3E&page=x",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("number", [1, 2, 10, "…"])
def test_page_query_writes_what_querystring_writes(query, number):
    request = RequestFactory().get(f"/list/?{query}")
    ours = Template("{% load pagination %}{% page_query n %}|{% page_query n %}").render(
        RequestContext(request, {"n": number})
    )
    django_s = Template("{% querystring page=n %}").render(RequestContext(request, {"n": number}))
    assert ours == f"{django_s}|{django_s}"
