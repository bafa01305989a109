import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from apps.core.routes import slug_url
from apps.core.templatetags.routes import RouteNode


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


TAGS = (
    "{% url 'home' %}|{% url 'profile:directory' %}|{% url 'admin:index' %}|"
    "{% url 'profile:detail' 'alpha' %}|{% url 'stories:detail' slug='beta' %}|"
    "{% url 'no-such-route' as missing %}[{{ missing }}]|{% url 'core:search' as s %}{{ s }}"
)


@pytest.mark.parametrize("prefix", ["/", "/portal/"])
def test_the_url_tag_writes_what_django_s_writes(prefix):
    set_script_prefix(prefix)
    try:
        ours = engines["django"].engine.from_string(TAGS).render(Context())
        django_s = Engine(builtins=[]).from_string(TAGS).render(Context())
    finally:
        set_script_prefix("/")
    assert ours == django_s
    assert ours.startswith(f"{prefix}|{prefix}directory/|")


def test_the_url_tag_still_refuses_an_unknown_route():
    with pytest.raises(NoReverseMatch):
        engines["django"].engine.from_string("{% url 'no-such-route' %}").render(Context())


def test_the_url_tag_is_ours_in_every_template():
    template = engines["django"].engine.from_string("{% url 'home' %}")
    assert isinstance(template.nodelist[0], RouteNode)
