"""The pagination include's links: {% page_query n %} is {% querystring page=n %}, with
the rest of the request's query string encoded once a page rather than once a link
(a directory page has nine such links; Django's tag copies and encodes the whole query
each time)."""

from urllib.parse import urlencode

from django import template

register = template.Library()


def _around_page(request):
    """The encoded parameters before and after `page`, in their order, as QueryDict
    urlencode() writes them; a new `page` goes last, as QueryDict puts a new key."""
    cached = request.__dict__.get("_page_query")
    if cached is None:
        before, after, seen = [], [], False
        for key, values in request.GET.lists():
            if key == "page":
                seen = True
                continue
            encoding = request.GET.encoding
            encoded = [urlencode({key.encode(encoding): str(v).encode(encoding)}) for v in values]
            (after if seen else before).extend(encoded)
        cached = request._page_query = ("&".join(before), "&".join(after))
    return cached


@register.simple_tag(takes_context=True)
def page_query(context, number):
    before, after = _around_page(context.request)
    page = urlencode({b"page": str(number).encode(context.request.GET.encoding)})
    return "?" + "&".join(part for part in (before, page, after) if part)
