import functools
import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property

from apps.core import form_html
from apps.core.images import clean_image

# Where the templates form_html reproduces live: Django's widgets, and ours.
_TEMPLATE_DIRS = {
    form_html.WIDGETS: Path(forms.__file__).parent / "templates",
    form_html.FORMS: Path(settings.BASE_DIR) / "templates",
}


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with the accessible field template: label, hint, error
    message and input in that order, with fieldsets for groups of choices.

    Those templates and Django's widget templates are rendered by `apps.core.form_html`,
    which writes the same HTML in Python at a fraction of the template engine's cost.
    Any other template (the admin's widgets, say) goes through the template engine."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    @cached_property
    def in_python(self):
        """False if a template form_html stands in for is not the file it copies (an
        override somewhere), or the engine does not have the defaults it assumes."""
        for name in form_html.TEMPLATES:
            folder = next(d for prefix, d in _TEMPLATE_DIRS.items() if name.startswith(prefix))
            try:
                template = self.get_template(name).template
                if (
                    Path(template.origin.name) != folder / name
                    or not template.engine.autoescape
                    or template.engine.string_if_invalid
                ):
                    return False
            except AttributeError:  # not a Django template (another engine's)
                return False
        return True

    def render(self, template_name, context, request=None):
        if request is None and self.in_python:
            try:
                return form_html.render(template_name, context).strip()
            except form_html.Unsupported:
                pass
        return super().render(template_name, context, request=request)


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


class FetchedChoices(ModelChoiceIterator):
    """A model choice field's choices from one ordinary query, kept for the form.

    Django's iterator() runs a fresh query each time the choices are listed, through a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips, about
    1 ms a field). The rows are listed anyway, so memory is no reason here."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:  # django-filter's "none"
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + sum(
            getattr(self.field, name, None) is not None for name in ("empty_label", "null_label")
        )


class FetchedChoicesMixin:
    """Mixed into a form's model choice fields by fetch_choices_once: the choices come
    from one ordinary query, and a submitted value found among those rows is taken from
    them instead of a second query. Anything else is left to the field."""

    iterator = FetchedChoices

    def to_python(self, value):
        model = self.queryset.model
        if (
            isinstance(self, forms.ModelMultipleChoiceField)
            or value in self.empty_values
            or isinstance(value, model)
        ):
            return super().to_python(value)
        key = model._meta.pk if self.to_field_name is None else None
        key = key or model._meta.get_field(self.to_field_name)
        try:
            wanted = key.to_python(value)
        except ValidationError:
            wanted = None
        # Only a unique key: equal in Python is then the row the database would return.
        if wanted is not None and (key.unique or key.primary_key):
            for obj in self.queryset:
                if getattr(obj, key.attname) == wanted:
                    return obj
        return super().to_python(value)  # not among the choices: the field decides


@functools.cache
def _fetched_class(field_class):
    return type(field_class.__name__, (FetchedChoicesMixin, field_class), {})


def fetch_choices_once(form):
    """Give the form's model choice fields FetchedChoicesMixin. Called in __init__, so
    a queryset a subclass sets afterwards is fetched once as well."""
    _fetch_fields_choices_once(form.fields)


def _fetch_fields_choices_once(fields):
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, FetchedChoicesMixin):
            field.__class__ = _fetched_class(type(field))
            field.queryset = field.queryset  # the setter gives the widget the new choices


class SharedChoices(BaseChoiceIterator):
    """A choice field's fixed choices, shared by every copy of the field. A form
    deep-copies its fields, and with them each (value, label) pair of a list of
    choices, for every form made; these are not changed, only replaced."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self


def _share_fixed_choices(fields):
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) or not isinstance(field, forms.ChoiceField):
            continue
        if isinstance(field._choices, list):
            field.choices = SharedChoices(field._choices)
        elif isinstance(getattr(field._choices, "choices", None), list):
            # django-filter's iterator, which adds the empty label to the field's list.
            field._choices.choices = SharedChoices(field._choices.choices)


class FilterForm(forms.Form):
    """Base form for django-filter FilterSets: every field is optional, so the
    "(optional)" marker would be noise."""

    hide_optional = True

    def __init_subclass__(cls, **kwargs):
        # Once for the class, rather than for each form's copies of its fields.
        super().__init_subclass__(**kwargs)
        _fetch_fields_choices_once(cls.declared_fields)
        _share_fixed_choices(cls.declared_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fetch_choices_once(self)


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


def required_message(name, field):
    """A missing-answer message that names the question and says what to do, in the
    GOV.UK style, instead of Django's generic "This field is required"."""
    label = field.label or name.replace("_", " ").capitalize()
    if str(label).endswith("?"):
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


class PublicForm(GroupedFieldsMixin, forms.Form):
    """Base for every form the public can submit: a honeypot that people never see."""

    # Hidden from people by CSS (not an inline style, which the CSP forbids) and from
    # assistive technology; bots that fill in every field fill this one too.
    homepage = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    honeypot_fields = ("homepage",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fetch_choices_once(self)
        for name, field in self.fields.items():
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                field.error_messages["required"] = required_message(name, field)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise ValidationError("We could not accept this form. Please try again.")
        return cleaned

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name not in self.honeypot_fields]

    def honeypot_bound_fields(self):
        return [self[name] for name in self.honeypot_fields]


class PublicModelForm(PublicForm, forms.ModelForm):
    pass


class ImageUploadField(forms.FileField):
    """A JPEG, PNG or WebP upload, decoded with Pillow and re-encoded under a random name."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, *, max_side=1600, **kwargs):
        self.max_side = max_side
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "size"):
            return clean_image(value, max_side=self.max_side)
        return value


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
