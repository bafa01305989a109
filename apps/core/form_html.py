"""The form templates, written out in Python for the form renderer.

The templates stay the reference: our field templates (templates/forms/) and Django's
widget templates (django/forms/templates/django/forms/widgets/). Through the template
engine a filter sidebar cost about 15 ms: two includes per option of every select or
list of tick boxes (the option and its attributes), each with its own variable lookups
and context pushes, and a dozen lookups per field. These functions produce the same
characters as the templates, whitespace included, at a fraction of the cost. Each
function mirrors one template file and includes become calls. Anything they do not
reproduce exactly raises Unsupported and the renderer uses the template instead;
tests/core/test_form_rendering.py renders every form both ways and compares.
"""

from html import escape

from django.utils.formats import localize
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
FORMS = "forms/"


class Unsupported(Exception):
    """Something these functions do not reproduce exactly: use the template engine."""


def _text(value):
    """`{{ value }}`, as `django.template.base.render_value_in_context` renders it.
    (`html.escape` is what Django's escape() calls, without its lazy-string wrapper.)"""
    if type(value) is not str:
        if callable(value):  # the template engine would call it
            raise Unsupported
        value = localize(template_localtime(value))
        if not issubclass(type(value), str):
            value = str(value)
        if isinstance(value, SafeData):
            return value
    return escape(value)


def _string(value):
    """`{{ value|stringformat:'s' }}`: a safe value stays unescaped (the filter is_safe)."""
    if callable(value):
        raise Unsupported
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def attrs(attrs):
    """attrs.html"""
    if "items" in attrs:  # `widget.attrs.items` would look up this key instead
        raise Unsupported
    html = ""
    for name, value in attrs.items():
        if callable(value):
            raise Unsupported
        if value is not False:
            html += " " + _text(name)
            if value is not True:
                html += '="' + _string(value) + '"'
    return html


def input(widget):
    """input.html"""
    value = widget["value"]
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        + ("" if value == None else f' value="{_string(value)}"')  # noqa: E711 as the template
        + attrs(widget["attrs"])
        + ">\n"
    )


def input_option(widget):
    """input_option.html"""
    html = ""
    if widget["wrap_label"]:
        id_ = widget["attrs"].get("id")
        html += "<label" + (f' for="{_text(id_)}"' if id_ else "") + ">"
    html += input(widget)
    if widget["wrap_label"]:
        html += " " + _text(widget["label"]) + "</label>"
    return html + "\n"


def select_option(widget):
    """select_option.html"""
    return (
        f'<option value="{_string(widget["value"])}"{attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>\n"
    )


def select(widget):
    """select.html"""
    html = f'<select name="{_text(widget["name"])}"{attrs(widget["attrs"])}>'
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html += f'\n  <optgroup label="{_text(group_name)}">'
        for option in options:
            html += "\n  " + include(option)
        if group_name:
            html += "\n  </optgroup>"
    return html + "\n</select>\n"


def multiple_input(widget):
    """multiple_input.html: radio buttons and tick boxes."""
    id_ = widget["attrs"].get("id")
    class_ = widget["attrs"].get("class")
    html = "<div" + (f' id="{_text(id_)}"' if id_ else "")
    html += (f' class="{_text(class_)}"' if class_ else "") + ">"
    for group, options, _index in widget["optgroups"]:
        if group:
            html += f"\n  <div><label>{_text(group)}</label>"
        for option in options:
            html += "<div>\n    " + include(option) + "</div>"
        if group:
            html += "\n  </div>"
    return html + "\n</div>\n"


def textarea(widget):
    """textarea.html"""
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{attrs(widget["attrs"])}>\n'
        + (_text(value) if value else "")
        + "</textarea>\n"
    )


def clearable_file_input(widget):
    """clearable_file_input.html: the current file, a tick box to clear it, and the input."""
    html = ""
    if widget["is_initial"]:
        value = widget["value"]
        html += f'{_text(widget["initial_text"])}: <a href="{_text(value.url)}">{_text(value)}</a>'
        if not widget["required"]:
            checkbox_id = _text(widget["checkbox_id"])
            html += f'\n<input type="checkbox" name="{_text(widget["checkbox_name"])}"'
            html += f' id="{checkbox_id}"' + (
                " disabled" if widget["attrs"].get("disabled") else ""
            )
            html += (" checked" if widget["attrs"].get("checked") else "") + ">\n"
            html += f'<label for="{checkbox_id}">{_text(widget["clear_checkbox_label"])}</label>'
        html += f"<br>\n{_text(widget['input_text'])}:"
    html += f'\n<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
    return html + attrs(widget["attrs"]) + ">\n"


def hint_and_errors(field):
    """forms/hint_and_errors.html"""
    html = ""
    if field.help_text:
        html += f'<div class="hint" id="{_text(field.auto_id)}_helptext">'
        html += _text(field.help_text) + "</div>"
    html += "\n"
    errors = field.errors
    if errors:
        html += f'<p class="error-message" id="{_text(field.auto_id)}_error">'
        html += "<br>".join(
            '<span class="visually-hidden">Error:</span> ' + _text(error) for error in errors
        )
        html += "</p>"
    return html + "\n"


def _optional(field):
    if field.field.required or getattr(field.form, "hide_optional", False):
        return ""
    return ' <span class="optional">(optional)</span>'


def field(context):
    """forms/field.html: label (or legend), hint, error message, input."""
    field = context["field"]
    widget_type = field.widget_type
    label = _text(field.label)
    html = '\n<div class="form-group' + (" form-group--error" if field.errors else "") + '">\n'
    if field.use_fieldset:
        described = field.aria_describedby
        html += '\n  <fieldset class="fieldset"'
        html += (f' aria-describedby="{_text(described)}"' if described else "") + ">\n"
        html += f'    <legend class="fieldset__legend">{label}{_optional(field)}</legend>\n'
        html += "    " + hint_and_errors(field) + "\n"
        kind = "checkboxes" if widget_type == "checkboxselectmultiple" else "radios"
        html += f'    <div class="choices choices--{kind}">{_text(field)}</div>\n  </fieldset>\n'
    elif widget_type == "checkbox":
        html += "\n  " + hint_and_errors(field) + '\n  <div class="checkbox">' + _text(field)
        html += f'<label class="checkbox__label" for="{_text(field.id_for_label)}">{label}'
        html += "</label></div>\n"
    else:
        html += f'\n  <label class="label" for="{_text(field.id_for_label)}">{label}'
        html += _optional(field) + "</label>\n"
        html += "  " + hint_and_errors(field) + "\n  " + _text(field) + "\n"
    return html + "\n</div>\n\n"


def form(context):
    """forms/form.html: the visible fields (in titled fieldsets if the form has them),
    hidden fields, and the honeypot."""
    form = context["form"]
    html = "\n"
    if getattr(form, "fieldsets", None):
        for legend, fields in form.grouped_fields():
            html += '\n<fieldset class="form-section">\n'
            html += f'  <legend class="form-section__legend">{_text(legend)}</legend>\n  '
            html += "".join(field.as_field_group() for field in fields) + "\n</fieldset>\n"
    else:
        html += "".join(field.as_field_group() for field in form.visible_fields())
    html += "\n\n" + "".join(_text(field) for field in form.hidden_fields()) + "\n"
    honeypot = getattr(form, "honeypot_bound_fields", None)
    honeypot = honeypot() if honeypot else None
    if honeypot:
        html += '<div class="hp-field" aria-hidden="true">'
        for field in honeypot:
            html += f'<label for="{_text(field.id_for_label)}">{_text(field.label)}</label>'
            html += _text(field)
        html += "</div>"
    return html + "\n"


def _including(function):
    """A template that is only `{% include "..." %}` and a newline."""
    return lambda widget: function(widget) + "\n"


def _widget(function):
    return lambda context: function(context["widget"])


# Template name -> function of the template's context. None: only included by others,
# listed so that an override of it is noticed.
TEMPLATES = {
    FORMS + "form.html": form,
    FORMS + "field.html": field,
    FORMS + "hint_and_errors.html": None,
    WIDGETS + "attrs.html": None,  # only included; listed so an override is noticed
    WIDGETS + "input.html": _widget(input),
    WIDGETS + "input_option.html": _widget(input_option),
    WIDGETS + "select.html": _widget(select),
    WIDGETS + "select_option.html": _widget(select_option),
    WIDGETS + "multiple_input.html": _widget(multiple_input),
    WIDGETS + "textarea.html": _widget(textarea),
    WIDGETS + "clearable_file_input.html": _widget(clearable_file_input),
    WIDGETS + "checkbox_option.html": _widget(_including(input_option)),
    WIDGETS + "radio_option.html": _widget(_including(input_option)),
    WIDGETS + "checkbox_select.html": _widget(_including(multiple_input)),
    WIDGETS + "radio.html": _widget(_including(multiple_input)),
    **{
        f"{WIDGETS}{name}.html": _widget(_including(input))
        for name in (
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "file",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        )
    },
}


def include(option):
    """`{% include option.template_name with widget=option %}`"""
    return render(option["template_name"], {"widget": option})


def render(template_name, context):
    """The template's HTML (unstripped), or Unsupported."""
    function = TEMPLATES.get(template_name)
    if function is None:
        raise Unsupported
    return function(context)
