"""Forms render through apps.core.form_html, a Python copy of the form templates. These
tests render every public form and filter form, and the admin's forms, both ways and
compare: the templates are the reference."""

import datetime
import difflib
import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.http import QueryDict
from django.test.html import parse_html
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from apps.core import links
from apps.core.forms import FilterForm, PortalFormRenderer
from apps.core.models import Area
from apps.place.filters import SpaceFilter
from apps.place.models import Space
from apps.profile.filters import OrganisationFilter
from apps.profile.models import Organisation
from tests import factories
from tests.conftest import login_staff
from tests.funding.factories import OpportunityFactory
from tests.profile.factories import StoryFactory

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def site(db):
    area = factories.AreaFactory(name="City Centre & Quayside", slug="city-centre")
    factories.AreaFactory(name="Gateshead", slug="gateshead")
    sector = factories.SectorFactory(name="Software", slug="software")
    amenity = factories.AmenityFactory(name="Showers")
    factories.AmenityFactory(name="Bike store")
    organisation = factories.OrganisationFactory(area=area, sectors=[sector])
    space = factories.SpaceFactory(
        building=factories.BuildingFactory(area=area, amenities=[amenity])
    )
    skill = factories.SkillFactory()
    factories.CourseFactory(skills=[skill])
    factories.SurveyRoundFactory()
    OpportunityFactory()
    StoryFactory()
    need = factories.SpaceNeedFactory(areas=[area])
    return {
        "area": area,
        "sector": sector,
        "amenity": amenity,
        "organisation": organisation,
        "space": space,
        "skill": skill,
        "need": need,
    }


@pytest.fixture
def both_ways(monkeypatch):
    """render(fetch) -> the page rendered through form_html, after checking that the
    templates render the same HTML (ignoring CSRF tokens, which differ per response)."""
    renderer = get_default_renderer()

    def render(fetch):
        assert renderer.in_python, "form_html is switched off: a template is overridden"
        fast = CSRF.sub("", fetch())
        with monkeypatch.context() as patch:
            patch.setattr(renderer, "in_python", False)
            reference = CSRF.sub("", fetch())
        diff = difflib.unified_diff(reference.splitlines(), fast.splitlines(), lineterm="")
        assert parse_html(fast) == parse_html(reference), "\n".join(list(diff)[:40])
        return fast

    return render


def page(client, url, data=None):
    def fetch():
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return fetch


FILTERED_LISTS = [
    # Known values, unknown values (reported and ignored) and malformed ones.
    "/spaces/?area=city-centre&amenities=showers&step_free=on&desks=4&max_price=450",
    "/spaces/?area=nowhere&amenities=nothing&kind=castle&desks=lots&available_by=soon",
    "/directory/?q=data&sector=software&size=1-9&hiring=on",
    "/directory/?sector=nope&area=nowhere&kind=castle",
    "/stories/?kind=castle&theme=nope",
    "/skills/courses/?level=castle&starts_after=someday",
    "/funding/?kind=castle&amount=-3&open_now=on",
    "/skills/?area=city-centre&sector=nope&size=castle",
]


@pytest.mark.parametrize("url", FILTERED_LISTS)
def test_filter_forms_render_the_same_html_as_the_templates(client, site, both_ways, url):
    html = both_ways(page(client, url))
    assert 'class="filter-form"' in html


PUBLIC_FORMS = ["/manage/", "/directory/add/", "/spaces/add/", "/spaces/needs/add/"]
PUBLIC_FORMS += ["/skills/survey/", "/funding/ask/"]


@pytest.mark.parametrize("url", PUBLIC_FORMS)
def test_public_forms_render_the_same_html_as_the_templates_empty_and_with_errors(
    client, site, both_ways, url
):
    both_ways(page(client, url))
    html = both_ways(page(client, url, {"homepage": "", "contact_email": "not an address"}))
    assert 'class="error-message"' in html


def test_the_space_enquiry_form_renders_the_same_html_as_the_templates(client, site, both_ways):
    url = site["space"].get_absolute_url()
    both_ways(page(client, url))
    assert 'class="error-message"' in both_ways(page(client, url, {"homepage": ""}))


@pytest.mark.parametrize("item", ["organisation", "building"])
def test_edit_forms_render_the_same_html_as_the_templates(client, site, both_ways, item):
    obj = site["space"].building if item == "building" else site[item]
    token = links.make_token(purpose="manage", obj=obj)
    url = client.get(reverse("core:link", args=[token])).url
    both_ways(page(client, url))
    assert 'class="error-message"' in both_ways(page(client, url, {"homepage": ""}))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/place/space/add/",
        "/admin/funding/opportunity/add/",
        # Change pages: an add page shows a new random reference number each time.
        "/admin/place/building/{building}/change/",
        "/admin/profile/organisation/{organisation}/change/",
    ],
)
def test_admin_forms_render_the_same_html_as_the_templates(client, site, moderator, both_ways, url):
    login_staff(client, moderator)
    url = url.format(building=site["space"].building.pk, organisation=site["organisation"].pk)
    both_ways(page(client, url))
    assert "errornote" in both_ways(page(client, url, {}))


class EveryWidget(forms.Form):
    """Widgets and values that the site's forms do not all use."""

    text = forms.CharField(
        label=mark_safe("Name <em>in full</em>"),
        help_text='Say <who> & "why"',
        widget=forms.TextInput(attrs={"data-x": "'q'", "autofocus": True, "hidden": False}),
    )
    count = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0}))
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False, widget=forms.Textarea)
    colour = forms.ChoiceField(
        label=gettext_lazy("Colour"),
        choices=[("", "Any"), ("Warm", [("red", "Red & pink"), ("amber", "Amber")]), (3, 3)],
    )
    tones = forms.MultipleChoiceField(
        required=False,
        choices=[("Light", [("a", "A"), ("b", "B")]), ("c", "C")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ticks"}),
    )
    size = forms.ChoiceField(
        choices=[(1, "Small"), (2, "Large")], widget=forms.RadioSelect, required=False
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    maybe = forms.NullBooleanField(required=False)
    agree = forms.BooleanField()
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    hiddens = forms.MultipleChoiceField(
        choices=[("h", "H"), ("i", "I")], widget=forms.MultipleHiddenInput, required=False
    )
    stamp = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    photo = forms.ImageField(required=False)
    logo = forms.ImageField(widget=forms.ClearableFileInput(attrs={"disabled": True}))


class StoredFile:
    """What ClearableFileInput shows as the current file."""

    url = "/media/logos/a&b.png"

    def __str__(self):
        return "logos/a&b.png"


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": 'O\'Brien & "Sons" <ltd>',
            "count": "x",
            "when": "2026-02-30",
            "notes": "<b>bold</b>\nline",
            "colour": "amber",
            "tones": ["a", "c"],
            "size": "2",
            "many": ["y"],
            "maybe": "true",
            "secret": "s3<",
            "hidden": "h&",
            "hiddens": ["h", "i"],
            "stamp_0": "2026-01-02",
            "stamp_1": "10:00",
        },
        {"colour": "nope", "when": "2026-01-02"},
    ],
)
def test_every_widget_renders_the_same_characters_as_the_templates(data, monkeypatch):
    initial = {"when": datetime.date(2026, 3, 4), "photo": StoredFile(), "logo": StoredFile()}
    fast = EveryWidget(data, initial=initial)
    reference = EveryWidget(data, initial=initial)
    reference.renderer = PortalFormRenderer()
    reference.renderer.in_python = False
    assert fast.renderer.in_python
    used_by_fast = []
    get_template = PortalFormRenderer.get_template

    def recording(self, name):
        if self is fast.renderer:
            used_by_fast.append(name)
        return get_template(self, name)

    monkeypatch.setattr(PortalFormRenderer, "get_template", recording)
    assert str(fast) == str(reference)
    for name in fast.fields:
        assert str(fast[name]) == str(reference[name])
    # Only the multi-part widgets, which form_html leaves to their templates.
    assert set(used_by_fast) == {
        "django/forms/widgets/splitdatetime.html",
        "django/forms/widgets/multiple_hidden.html",
    }


def test_an_overridden_widget_template_switches_python_rendering_off(settings, tmp_path):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "attrs.html").write_text(
        "{% for name, value in widget.attrs.items %} {{ name }}{% endfor %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    renderer = PortalFormRenderer()
    assert renderer.in_python is False
    html = str(EveryWidget(renderer=renderer)["count"])
    assert html == '<input type="number" name="count" min id>'


def test_a_filter_form_lists_its_option_fields_with_one_query(site, django_assert_num_queries):
    data = QueryDict("area=city-centre&amenities=showers&step_free=on")
    # Areas and amenities read together, for cleaning and listing both.
    with django_assert_num_queries(1):
        form = SpaceFilter(data, queryset=Space.objects.all()).form
        assert form.is_valid()
        html = str(form)
    assert form.cleaned_data["area"] == site["area"].slug
    assert form.cleaned_data["amenities"] == ["showers"]
    assert '<option value="city-centre" selected>City Centre &amp; Quayside</option>' in html
    with django_assert_num_queries(0):  # the rows are kept for the form
        str(form)


def test_a_filter_value_not_among_the_choices_is_still_an_error(site, django_assert_num_queries):
    form = OrganisationFilter(QueryDict("area=nowhere"), queryset=Organisation.objects.all()).form
    # The options were read with the form (read_options); the unknown value is looked
    # for among the areas, then looked up in the database as usual.
    with django_assert_num_queries(2):
        assert not form.is_valid()
        str(form)
    assert "area" in form.errors


def test_a_queryset_set_after_init_is_fetched_once(site, django_assert_num_queries):
    class Form(FilterForm):
        area = forms.ModelChoiceField(queryset=Area.objects.none(), to_field_name="slug")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["area"].queryset = Area.objects.filter(slug="gateshead")

    form = Form({"area": "gateshead"})
    with django_assert_num_queries(1):
        assert form.is_valid()
        html = str(form)
    assert 'value="gateshead" selected' in html
    assert "city-centre" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/spaces/?area=city-centre&desks=x",
        "/directory/?sector=software",
        "/spaces/add/",
        "/directory/add/",
        "/skills/survey/",
    ],
)
def test_the_sites_forms_render_without_the_template_engine(client, site, monkeypatch, url):
    renderer = get_default_renderer()
    assert renderer.in_python
    calls = []
    monkeypatch.setattr(PortalFormRenderer, "get_template", lambda self, name: calls.append(name))
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="form-group' in response.content.decode()
    assert calls == []


def test_fetched_choices_clean_by_the_key_not_by_text(site):
    class Form(FilterForm):
        area = forms.ModelChoiceField(queryset=Area.objects.all())  # by primary key

    gateshead = Area.objects.get(slug="gateshead")
    assert Form({"area": str(gateshead.pk)}).is_valid()
    assert Form({"area": f"0{gateshead.pk}"}).is_valid()  # as the database would compare
    assert Form({"area": gateshead}).is_valid()
    assert not Form({"area": "gateshead"}).is_valid()
    assert not Form({"area": "999999"}).is_valid()
