"""slug_url(), kept until the models, serializers and site search that call it use
reverse() (other branches); delete this module once nothing imports it."""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

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
