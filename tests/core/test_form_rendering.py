"""Every form renders through PortalFormRenderer's templates (templates/forms/): label
or legend, hint, error message and input in that order, fieldsets for groups of choices,
aria-describedby pointing at the hint and the error, and the page's error summary."""

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.test.html import parse_html

from apps.core.web.forms import FilterForm, PortalFormRenderer, PublicForm
from tests import factories


class Example(PublicForm):
    name = forms.CharField(label="Business name", help_text="As <registered> & trading.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "Alpha"), ("b", "Beta & co")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        choices=[("x", "X"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick any.",
    )
    agree = forms.BooleanField(label="I agree", help_text="You must.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    fieldsets = [("About you", ["name", "kind", "tags"]), ("The small print", ["agree", "notes"])]


def _group(html, field_id):
    """The form group holding the field with this id."""
    start = html.rindex('<div class="form-group', 0, html.index(f'id="{field_id}'))
    end = html.find('<div class="form-group', start + 1)
    return html[start : end if end > 0 else len(html)]


def test_the_site_renders_forms_with_the_portal_templates():
    renderer = get_default_renderer()
    assert isinstance(renderer, PortalFormRenderer)
    assert renderer.form_template_name == "forms/form.html"
    assert renderer.field_template_name == "forms/field.html"


def test_a_field_shows_its_label_hint_error_and_input_in_that_order():
    html = str(Example({"name": ""}))
    group = _group(html, "id_name")
    assert "form-group--error" in group
    order = [
        group.index('<label class="label" for="id_name">Business name</label>'),
        group.index('<div class="hint" id="id_name_helptext">As &lt;registered&gt; &amp; trading.'),
        group.index('<p class="error-message" id="id_name_error">'),
        group.index("<input"),
    ]
    assert order == sorted(order)
    assert '<span class="visually-hidden">Error:</span> Enter business name' in group
    assert 'aria-describedby="id_name_helptext id_name_error"' in group
    assert 'aria-invalid="true"' in group


def test_a_group_of_choices_is_a_fieldset_described_by_its_hint_and_error():
    html = str(Example({"tags": ["nope"]}))
    group = _group(html, "id_tags")
    assert '<fieldset class="fieldset" aria-describedby="id_tags_helptext id_tags_error">' in group
    assert '<legend class="fieldset__legend">Tags <span class="optional">(optional)</span>' in group
    assert '<div class="choices choices--checkboxes">' in group
    assert group.index("<legend") < group.index('class="hint"') < group.index("error-message")
    radios = _group(html, "id_kind")
    assert '<div class="choices choices--radios">' in radios
    assert "Beta &amp; co" in radios


def test_a_tick_box_comes_before_its_label():
    group = _group(str(Example({})), "id_agree")
    assert group.index('class="hint"') < group.index("error-message") < group.index("<input")
    assert '<label class="checkbox__label" for="id_agree">I agree</label>' in group
    assert group.index('type="checkbox"') < group.index("checkbox__label")


def test_titled_fieldsets_and_the_hidden_honeypot():
    html = str(Example())
    sections = re.findall(r'<legend class="form-section__legend">([^<]*)</legend>', html)
    assert sections == ["About you", "The small print"]
    assert html.index("id_tags") < html.index("The small print") < html.index("id_agree")
    assert '<div class="hp-field" aria-hidden="true"><label for="id_homepage">' in html
    # The honeypot is not among the visible fields.
    assert html.count('id="id_homepage"') == 1
    assert "form-section" not in html[html.index("hp-field") :]


def test_a_filter_form_shows_no_optional_marks():
    class Filters(FilterForm):
        area = forms.CharField(required=False)

    assert "(optional)" not in str(Filters())
    assert "(optional)" in str(Example())


def test_the_rendered_form_is_well_formed_and_escapes_what_it_is_given():
    html = str(Example({"name": '"><script>x</script>', "notes": "<b>hi</b>"}))
    parse_html(html)
    assert "<script>" not in html
    assert "&lt;b&gt;hi&lt;/b&gt;</textarea>" in html


@pytest.mark.django_db
def test_a_public_form_page_lists_every_error_in_its_summary_linked_to_its_field(client):
    factories.AreaFactory()
    html = client.post("/spaces/needs/add/", {"homepage": ""}).content.decode()
    summary = html[html.index('<div class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links
    for field_id in links:
        assert f'id="{field_id}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/spaces/?area=nowhere&desks=lots",
        "/directory/?sector=nope",
        "/stories/?kind=castle",
        "/skills/courses/?level=castle",
        "/funding/?amount=-3",
        "/skills/?size=castle",
    ],
)
def test_a_filter_sidebar_reports_a_value_it_ignored(client, url):
    factories.SurveyRoundFactory()
    html = client.get(url).content.decode()
    assert 'class="filter-form"' in html
    assert "error-summary--compact" in html
    assert 'class="error-message"' in html
