"""URLs without a reverse() for each: of routes that take no argument (the {% url %}
tag) or one slug (a card's link, for every row of a list).

reverse() walks the URL resolver each time (about 15 µs); a directory page made twenty
of them for its cards and the home page twenty for its fixed links. The routes are
code, so a route's path is found once per URLconf, namespace and language; the script
prefix is still read for every URL.
"""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # Django's slug converter; quoting leaves it as is
_MARK = "slug-marker-0"


@functools.cache
def _around_slug(viewname, urlconf):
    prefix = get_script_prefix()
    url = reverse(viewname, args=[_MARK], urlconf=urlconf)
    before, mark, after = url.removeprefix(prefix).partition(_MARK)
    if not mark or _MARK in after:
        raise ValueError(f"{viewname} does not take one slug")
    return before, after


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]) for a route whose only argument is a slug."""
    if not _SLUG.match(slug):  # reverse() decides: NoReverseMatch, as before
        return reverse(viewname, args=[slug])
    before, after = _around_slug(viewname, get_urlconf())
    return get_script_prefix() + before + slug + after


@functools.cache
def _path(viewname, current_app, urlconf, language):
    url = reverse(viewname, current_app=current_app, urlconf=urlconf)
    return url.removeprefix(get_script_prefix())


def route_url(viewname, current_app=None):
    """reverse(viewname, current_app=current_app) for a route that takes no argument."""
    return get_script_prefix() + _path(viewname, current_app, get_urlconf(), get_language())
