"""Every form renders through PortalFormRenderer's templates (templates/jinja2/forms/):
label or legend, hint, error message and input in that order, fieldsets for groups of
choices, aria-describedby pointing at the hint and the error, and the page's error
summary. The templates are Jinja2 (decision 0070): what a visitor typed stays escaped,
Django's standard widgets come out as Django's own templates write them, and a template
with no Jinja2 version (the admin's widgets) is still found."""

import datetime
import re
from pathlib import Path

import django.forms
import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminRadioSelect
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import TemplateDoesNotExist
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.html import parse_html
from django.utils.html import format_html

from apps.core.web.forms import FilterForm, PortalFormRenderer, PublicForm
from tests import factories

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
JINJA2 = TEMPLATES / "jinja2"


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


def _portal_form_classes():
    import importlib
    import inspect

    from django.apps import apps

    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("apps."):
                found.add(cls)
    return found


def test_a_missing_answer_to_a_label_that_asks_is_answered_not_entered():
    from apps.core.web.forms import required_message

    assert required_message("body", forms.CharField(label="Tell us more")) == (
        "Answer “Tell us more”"
    )
    assert required_message("title", forms.CharField(label="What happened, in a line")) == (
        "Answer “What happened, in a line”"
    )
    assert required_message("name", forms.CharField(label="Business name")) == (
        "Enter business name"
    )


def test_no_label_says_optional_itself():
    # The field template marks every field that is not required; a label that says so
    # too reads "(optional) (optional)".
    classes = _portal_form_classes()
    assert len(classes) > 20
    doubled = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if "optional" in str(field.label or "").lower()
    ]
    assert doubled == []


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


HOSTILE = """"><script>alert('x')</script> & <b>"""


def test_form_templates_are_jinja2_and_the_admins_widgets_fall_back_to_django_templates():
    renderer = get_default_renderer()
    for name in [
        "forms/form.html",
        "forms/field.html",
        "forms/widgets/kept_image.html",
        "django/forms/widgets/select.html",
        "django/forms/widgets/text.html",
        "django/forms/errors/list/default.html",
        "django/forms/formsets/div.html",
        "django/forms/label.html",
    ]:
        assert isinstance(renderer.get_template(name), Jinja2Template), name
    for name in [
        "admin/widgets/date.html",
        "admin/widgets/radio.html",
        "admin/widgets/related_widget_wrapper.html",
        "admin/widgets/clearable_file_input.html",
    ]:
        assert isinstance(renderer.get_template(name), DjangoTemplate), name
    with pytest.raises(TemplateDoesNotExist):
        renderer.get_template("forms/nowhere.html")


def test_the_admins_widgets_render_through_the_fallback():
    # Django-language templates that include Django's widget templates in turn.
    date = AdminDateWidget().render("day", datetime.date(2026, 12, 5))
    assert '<p class="date">' in date
    assert '<input type="text" name="day" value="05/12/2026" class="vDateField"' in date
    radios = AdminRadioSelect(attrs={"class": "radiolist"}, choices=[("a", HOSTILE)])
    html = radios.render("pick", "a")
    assert '<div class="radiolist">' in html
    assert '<input type="radio" name="pick" value="a" class="radiolist" checked>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)" in html


def test_each_template_has_one_source():
    ported = sorted(str(path.relative_to(JINJA2)) for path in JINJA2.rglob("*.html"))
    assert "forms/field.html" in ported
    # No Django-language twin left in templates/ to drift apart from the Jinja2 one.
    assert [name for name in ported if (TEMPLATES / name).exists()] == []
    # Our copies of Django's widget templates replace ones that Django still ships.
    django_jinja2 = Path(django.forms.__file__).parent / "jinja2"
    ours = [name for name in ported if name.startswith("django/")]
    assert ours
    assert [name for name in ours if not (django_jinja2 / name).exists()] == []


class EveryWidget(forms.Form):
    text = forms.CharField(help_text="Plain text.")
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    url = forms.URLField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    search = forms.CharField(widget=forms.SearchInput)
    tel = forms.CharField(widget=forms.TelInput)
    color = forms.CharField(widget=forms.ColorInput)
    hidden = forms.CharField(widget=forms.HiddenInput)
    hiddens = forms.MultipleChoiceField(
        choices=[("a", "A"), (HOSTILE, "B")], widget=forms.MultipleHiddenInput
    )
    file = forms.FileField()
    clearable = forms.FileField(widget=forms.ClearableFileInput, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    hour = forms.TimeField()
    agree = forms.BooleanField(widget=forms.CheckboxInput(attrs={"disabled": True}))
    pick = forms.ChoiceField(
        choices=[("", "Any"), ("a", HOSTILE), ("Group <1>", [(1, "One"), ("c", "C & 'D'")])]
    )
    maybe = forms.NullBooleanField()
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", HOSTILE)])
    radios = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[("a", HOSTILE), ("Group", [("b", "B"), ("c", "C")])],
    )
    ticks = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ticks"}),
        choices=[("a", "A"), ("b", HOSTILE)],
    )
    split = forms.SplitDateTimeField(widget=forms.SplitDateTimeWidget)
    dates = forms.DateField(widget=forms.SelectDateWidget(years=[2025, 2026]))

    def clean(self):
        raise forms.ValidationError(HOSTILE)


def _squeeze(html):
    # Whitespace aside: Django's own multiwidget.html is {% spaceless %} in the Django
    # language and not in Jinja2, so between tags it may be there or not.
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": HOSTILE,
            "number": HOSTILE,
            "email": HOSTILE,
            "url": HOSTILE,
            "password": HOSTILE,
            "search": HOSTILE,
            "tel": HOSTILE,
            "color": HOSTILE,
            "hidden": HOSTILE,
            "hiddens": ["a", HOSTILE],
            "notes": f"\n{HOSTILE}\nline two",
            "day": HOSTILE,
            "moment": "2026-12-05 10:30",
            "hour": HOSTILE,
            "agree": "on",
            "pick": "c",
            "maybe": "true",
            "several": ["b", HOSTILE],
            "radios": "a",
            "ticks": ["a", "b"],
            "split_0": "2026-12-05",
            "split_1": HOSTILE,
            "dates_day": "5",
            "dates_month": "12",
            "dates_year": "2026",
        },
    ],
    ids=["unbound", "bound-with-hostile-input"],
)
def test_djangos_standard_widgets_come_out_as_djangos_own_templates_write_them(data):
    """The portal's Jinja2 renderer (our select and radio/checkbox templates, Django's
    Jinja2 copies of the rest) against Django's own Django-language templates: the same
    markup and the same character references, whitespace aside. After a Django upgrade
    this is the check that our copies still match Django's templates."""
    ours = EveryWidget(data, renderer=get_default_renderer())
    djangos = EveryWidget(data, renderer=DjangoTemplates())
    assert ours.is_valid() is djangos.is_valid() is False if data else True
    for name in EveryWidget.base_fields:
        mine, theirs = ours[name], djangos[name]
        assert _squeeze(mine) == _squeeze(theirs), name
        assert _squeeze(mine.label_tag()) == _squeeze(theirs.label_tag()), name
        assert _squeeze(mine.legend_tag()) == _squeeze(theirs.legend_tag()), name
        assert str(mine.errors) == str(theirs.errors), name
    if data:
        assert "<script>" not in str(ours["text"]) + str(ours.non_field_errors())
        assert str(ours.non_field_errors()) == str(djangos.non_field_errors())
        assert str(ours.errors) == str(djangos.errors)
        assert 'id="id_number_error"' in str(ours["number"].errors)
        # A textarea keeps its text to the byte: whitespace there is the visitor's.
        textarea = re.search(r"<textarea[^>]*>(.*)</textarea>", str(ours["notes"]), re.S)
        assert textarea.group(1) == re.search(
            r"<textarea[^>]*>(.*)</textarea>", str(djangos["notes"]), re.S
        ).group(1)


def test_hostile_labels_choices_and_answers_stay_escaped_and_safe_help_text_is_kept():
    class Hostile(PublicForm):
        name = forms.CharField(
            label='<img src=x onerror=alert(1)> "Name"',
            help_text=format_html('Read the <a href="{}">privacy notice</a>.', "/privacy/"),
        )
        kind = forms.ChoiceField(
            label="<b>Kind</b>",
            choices=[('"x"', "<i>X</i> & 'y'"), ("z", "Z")],
            widget=forms.RadioSelect,
        )
        pick = forms.ChoiceField(label="Pick", choices=[("1", "<script>one</script>")])
        fieldsets = [("<em>About</em>", ["name", "kind", "pick"])]

    html = str(Hostile({"name": HOSTILE, "kind": "<nope>", "pick": "1"}))
    parse_html(html)
    for raw in ("<script", "<img", "<i>", "<b>", "<em>"):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;Name&quot;" in html
    assert "&lt;em&gt;About&lt;/em&gt;</legend>" in html
    assert 'value="&quot;x&quot;"' in html
    assert "&lt;i&gt;X&lt;/i&gt; &amp; &#x27;y&#x27;" in html
    assert '<option value="1" selected>&lt;script&gt;one&lt;/script&gt;</option>' in html
    typed = "&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;"
    assert f'value="{typed}"' in html
    # The invalid answer comes back inside the error message, escaped.
    assert "&lt;nope&gt; is not one of the available choices" in html
    # Django's character references, as on the rest of the page, not MarkupSafe's.
    assert "&#34;" not in html and "&#39;" not in html
    # A help text marked safe is kept as markup.
    assert 'Read the <a href="/privacy/">privacy notice</a>.' in html


def test_a_formsets_management_form_is_its_hidden_inputs_only():
    lines = forms.formset_factory(Example, extra=2)(prefix="lines")
    html = str(lines.management_form)
    names = re.findall(r'<input type="hidden" name="lines-(\w+)" value="(\d+)"', html)
    assert names == [
        ("TOTAL_FORMS", "2"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    ]
    assert "form-group" not in html and "hp-field" not in html
    # A whole formset renders through Django's Jinja2 formset template and our fields.
    whole = str(lines)
    assert whole.startswith(html)
    assert whole.count('<label class="label" for="id_lines-0-name">Business name') == 1
    assert 'id="id_lines-1-kind"' in whole


@pytest.mark.django_db
def test_a_date_picker_opened_with_a_date_shows_it_in_iso_form():
    # Browsers show a type="date" field empty unless its value is yyyy-mm-dd; the site's
    # own input formats put the day first.
    from apps.core.web.forms import date_input
    from apps.place.forms import SpaceFactsForm

    class Dated(forms.Form):
        day = forms.DateField(widget=date_input())

    html = str(Dated(initial={"day": datetime.date(2026, 12, 15)})["day"])
    assert 'type="date"' in html and 'value="2026-12-15"' in html
    space = factories.SpaceFactory(available_from=datetime.date(2027, 1, 4))
    assert 'value="2027-01-04"' in str(SpaceFactsForm(instance=space)["available_from"])
