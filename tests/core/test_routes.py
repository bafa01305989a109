"""apps.core.routes.slug_url, until its last callers use reverse(): delete with it."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from apps.core.routes import slug_url


@pytest.mark.parametrize("viewname", ["profile:detail", "stories:detail"])
@pytest.mark.parametrize("slug", ["alpha", "alpha-2_b", "slug-marker-0"])
@pytest.mark.parametrize("prefix", ["/", "/portal/"])
def test_it_gives_what_reverse_gives(viewname, slug, prefix):
    set_script_prefix(prefix)
    try:
        assert slug_url(viewname, slug) == reverse(viewname, args=[slug])
        assert slug_url(viewname, slug).startswith(prefix)
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["", "a b", "über", "a/b"])
def test_a_slug_reverse_refuses_is_still_refused(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("profile:detail", slug)


def test_a_route_without_one_slug_is_refused():
    with pytest.raises((ValueError, NoReverseMatch)):
        slug_url("profile:directory", "alpha")
