import re
from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property
from django.utils.html import escape

from apps.core.web.uploads import KeptImageUploadField  # noqa: F401 - the public forms import it here


def escape_as_django_does(value):
    """Jinja2's `finalize`, called on every value a form template prints before it is
    autoescaped: a form writes the same character references as the Django templates of
    the page around it. Django escapes quotes as &quot; and &#x27;, MarkupSafe (Jinja2's
    autoescape) as &#34; and &#39;; the other characters alike. So a text with a quote is
    escaped here by Django, and any other is left to MarkupSafe, the faster. A value
    already safe (a SafeString, a rendered widget) is kept as it is."""
    if hasattr(value, "__html__"):
        return value
    text = str(value)
    if '"' in text or "'" in text:
        return escape(text)
    return text


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with the accessible templates in templates/jinja2/forms/: label
    (or legend), hint, error message and input in that order, with a fieldset for each
    group of choices.

    Form, field, widget and error-list templates render with Jinja2 (decision 0070): the
    portal's own from templates/jinja2/, the rest from the Jinja2 copies Django ships of
    its standard widgets. A template with no Jinja2 version, as the admin's and
    django-otp's widgets have only Django-language ones, is looked up in settings.TEMPLATES
    as before (TemplatesSetting)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    @cached_property
    def jinja2(self):
        return Jinja2(
            {
                "NAME": "portal-forms",
                # The portal's templates first, so that they override Django's.
                "DIRS": [
                    settings.BASE_DIR / "templates" / "jinja2",
                    # Django ships Jinja2 copies of its widget and error-list templates here.
                    Path(django.forms.__file__).parent / "jinja2",
                ],
                "APP_DIRS": False,
                # Autoescaping is on (the backend's default): what a visitor typed is
                # escaped, and a SafeString (a rendered widget, a help text marked safe)
                # is kept as it is.
                "OPTIONS": {"finalize": escape_as_django_does},
            }
        )

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return super().get_template(template_name)


_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def limit_links(max_links):
    def validator(value):
        if len(_LINK.findall(value or "")) > max_links:
            raise ValidationError(
                "Include no more than %(n)s web links in this answer.",
                code="too_many_links",
                params={"n": max_links},
            )

    return validator


_SINGLE_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(*, multiline):
    """Refuse control characters: line breaks in a one-line answer (it may reach an email
    subject, a calendar or a feed title), and in any answer the characters a feed or a
    calendar cannot carry."""
    pattern = _TEXT_CONTROLS if multiline else _SINGLE_LINE_CONTROLS

    def validator(value):
        if pattern.search(value or ""):
            raise ValidationError(
                "Remove the line breaks and other control characters from this answer."
                if not multiline
                else "Remove the control characters from this answer.",
                code="control_characters",
            )

    return validator


def refuse_control_characters(form):
    """Add plain_text() to every text field of `form`: one-line unless a textarea."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(
            field, forms.EmailField | forms.URLField
        ):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(plain_text(multiline=multiline))


def date_input(attrs=None):
    """A native date picker. Its value must be ISO 8601 (yyyy-mm-dd) whatever the site's
    date input formats (day first here): given 15/12/2026, browsers show the field empty
    and send nothing back, so a form opened with a date (a manage link's edit page)
    would lose it."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **(attrs or {})})


class OneQueryChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read with one ordinary query and kept for the form
    instance. Django's iterator reads them through a server-side cursor (DECLARE, FETCH
    and CLOSE: three round trips, about 1 ms a field) each time they are listed, which is
    made for option lists too long to hold in memory; ours are short (areas, sectors,
    skills, amenities). The documented hook: ModelChoiceField.iterator."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the field's own queryset, copied per form instance
            yield self.choice(obj)


class OneQueryChoicesMixin:
    """Every model choice field of the form lists its options with OneQueryChoiceIterator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = OneQueryChoiceIterator
                field.widget.choices = field.choices  # as ModelChoiceField sets them


class FilterForm(OneQueryChoicesMixin, forms.Form):
    """Base form for django-filter FilterSets: every field is optional, so the
    "(optional)" marker would be noise."""

    hide_optional = True


class GroupedFieldsMixin:
    """Render fields in titled fieldsets: set `fieldsets = [(legend, [names]), ...]`."""

    fieldsets = ()

    def grouped_fields(self):
        visible = {field.name: field for field in self.visible_fields()}
        return [
            (legend, [visible[name] for name in names if name in visible])
            for legend, names in self.fieldsets
        ]


def _noun(label):
    """'Business name' -> 'business name', but 'Companies House number' stays as it is."""
    words = str(label).split()
    if words and len(words[0]) > 1 and words[0][1:].islower() and words[0] not in _PROPER:
        return words[0].lower() + str(label)[len(words[0]) :]
    return str(label)


_PROPER = {"Companies", "Newcastle", "Gateshead", "EPC", "SFIA", "ESCO"}
# A label that opens like a question or a request ("What happened, in a line", "Tell us
# more") cannot follow "Enter": it is answered, as a question is.
_QUESTION_OPENINGS = {"What", "Which", "When", "Where", "Who", "Why", "How", "Tell", "Anything"}


def required_message(name, field):
    """A missing-answer message that names the question and says what to do, in the
    GOV.UK style, instead of Django's generic "This field is required"."""
    label = field.label or name.replace("_", " ").capitalize()
    if str(label).endswith("?") or str(label).split(" ", 1)[0] in _QUESTION_OPENINGS:
        return f"Answer “{label}”"
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Tick “{label}” to continue"
    if isinstance(field, forms.FileField):
        return f"Choose a file for {_noun(label)}"
    if isinstance(
        field, (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)
    ):
        return f"Select {_noun(label)}"
    return f"Enter {_noun(label)}"


class PublicForm(OneQueryChoicesMixin, GroupedFieldsMixin, forms.Form):
    """Base for every form the public can submit: a honeypot that people never see.

    `conditional_fields` names the fields that belong to one answer of a choice, as the
    GOV.UK conditional-reveal pattern shows them: {"who": {"existing": ("organisation",)}}.
    When another answer is chosen (or none), those fields are ignored: their errors are
    dropped and their values emptied, with or without JavaScript.
    """

    # Hidden from people by CSS (not an inline style, which the CSP forbids) and from
    # assistive technology; bots that fill in every field fill this one too.
    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    honeypot_fields = ("homepage",)
    conditional_fields: dict[str, dict[object, tuple[str, ...]]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                field.error_messages["required"] = required_message(name, field)

    def clean(self):
        cleaned = super().clean()
        for name in self.fields_not_taken():
            # Runs before any subclass's clean() and, in a ModelForm, before the instance
            # is built, so nothing downstream sees the ignored answer.
            self.errors.pop(name, None)
            cleaned[name] = self.fields[name].to_python(None)
        if cleaned.get("homepage"):
            raise ValidationError("We could not accept this form. Please try again.")
        return cleaned

    def fields_not_taken(self):
        """The fields that belong to an answer of a choice that was not chosen."""
        ignored = []
        for choice, reveals in self.conditional_fields.items():
            chosen = self.cleaned_data.get(choice)
            for answer, names in reveals.items():
                if chosen != answer:
                    ignored += [name for name in names if name in self.fields]
        return ignored

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name not in self.honeypot_fields]

    def honeypot_bound_fields(self):
        return [self[name] for name in self.honeypot_fields]


class PublicModelForm(PublicForm, forms.ModelForm):
    pass


class ManageLinkForm(PublicForm):
    email = forms.EmailField(
        label="Email address",
        help_text="The address you used when you sent us your details.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="The submitter will see this. Say what they need to change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
