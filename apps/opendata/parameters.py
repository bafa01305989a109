"""The API's query parameters. Each is described once, as a `QueryParameter` built from
the paginator or from the dataset's FilterSet. The OpenAPI schema and the check of each
request both come from that description, so the schema says what the server accepts.

A request is refused with 400 and a body naming each bad parameter,
`{"page_size": ["..."]}`, when a parameter:

- is not one the endpoint takes;
- is repeated but takes one value;
- is empty, except the free-text search;
- does not fit its schema: not an integer, out of range, not a `YYYY-MM-DD` date, not a
  listed choice, not a slug.

Then the FilterSet reads the values as the page does. A well-formed slug that names
nothing (`?sector=no-such-sector`) is a 404 naming the parameter, as a page past the last
one is a 404: the request is well formed, but there is no such thing.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import django_filters
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError

# A slug, as Django's validate_slug accepts it (and the detail URLs' lookup_value_regex).
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
# Text: anything but the null character, which Django's form fields refuse (and
# PostgreSQL cannot store). The same regex in ECMA's syntax (the schema's) and Python's.
TEXT_PATTERN = "^[^\\u0000]*$"
PATTERN_PROBLEMS = {
    SLUG_PATTERN: "Give a slug: letters, digits, hyphens and underscores.",
    TEXT_PATTERN: "Give text without null characters.",
}
INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# true and false; "on" is what the pages' tick boxes send, so a page's query string
# works on the API unchanged.
BOOLEANS = {"true", "false", "on"}


@dataclass(frozen=True)
class QueryParameter:
    name: str
    schema: dict  # the OpenAPI schema of one value
    description: str
    many: bool = False  # repeated for several values: ?amenities=a&amenities=b

    def openapi(self):
        schema = {"type": "array", "items": self.schema} if self.many else self.schema
        return build_parameter_type(
            name=self.name,
            schema=schema,
            location=OpenApiParameter.QUERY,
            description=self.description,
            explode=True if self.many else None,
            style="form" if self.many else None,
        )

    def problem(self, values):
        """What is wrong with the values given, or None."""
        if len(values) > 1 and not self.many:
            return "Give this parameter once."
        for value in values:
            problem = value_problem(self.schema, value)
            if problem:
                return problem
        return None


def value_problem(schema, value):
    kind = schema["type"]
    if value == "":
        text = kind == "string" and not {"enum", "format"} & set(schema)
        if text and re.search(schema.get("pattern", ""), value):
            return None  # free text may be empty
        return "Give a value, or leave the parameter out."
    if "enum" in schema:
        if value not in schema["enum"]:
            return f"Choose one of: {', '.join(schema['enum'])}."
        return None
    if kind == "boolean":
        return None if value in BOOLEANS else "Give true or false."
    if kind in ("integer", "number"):
        return number_problem(schema, value)
    if schema.get("format") == "date":
        try:
            if DATE.fullmatch(value):
                datetime.date.fromisoformat(value)
                return None
        except ValueError:
            pass
        return "Give a date as YYYY-MM-DD."
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return PATTERN_PROBLEMS[schema["pattern"]]
    return None


def number_problem(schema, value):
    whole = schema["type"] == "integer"
    if not (INTEGER if whole else NUMBER).fullmatch(value):
        return "Give a whole number." if whole else "Give a number."
    try:
        number = Decimal(value)  # no digit limit, unlike int()
    except InvalidOperation:
        return "Give a number."
    if "minimum" in schema and number < schema["minimum"]:
        return f"Give {schema['minimum']} or more."
    if "maximum" in schema and number > schema["maximum"]:
        return f"Give {schema['maximum']} or less."
    return None


def check_query(query, parameters):
    """Raise a 400 naming every parameter of the query that `parameters` do not accept."""
    known = {parameter.name: parameter for parameter in parameters}
    takes = f"this endpoint takes {', '.join(known)}." if known else "this endpoint takes none."
    errors = {}
    for name in query:
        parameter = known.get(name)
        if parameter is None:
            errors[name] = [f"Unknown parameter; {takes}"]
        elif problem := parameter.problem(query.getlist(name)):
            errors[name] = [problem]
    if errors:
        raise ValidationError(errors)


# The FilterSet's filters, as parameters.

SLUG_FILTERS = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)


def filter_parameters(dataset):
    """Every filter of the dataset's FilterSet, typed as django-filter parses it and
    described by the dataset's `filter_help`."""
    return [
        QueryParameter(
            name=name,
            schema=filter_schema(flt),
            description=dataset.filter_help.get(name) or str(flt.label or name),
            many=isinstance(flt, django_filters.MultipleChoiceFilter),
        )
        for name, flt in dataset.filterset.base_filters.items()
    ]


def filter_schema(flt):
    """The schema of one value of the filter."""
    if isinstance(flt, SLUG_FILTERS) and flt.extra.get("to_field_name") == "slug":
        return {"type": "string", "pattern": SLUG_PATTERN}
    choices = django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter
    if isinstance(flt, choices) and not isinstance(flt, SLUG_FILTERS):
        return {"type": "string", "enum": [str(value) for value, _ in flt.extra["choices"]]}
    if isinstance(flt, django_filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(flt, django_filters.NumberFilter):
        schema = {"type": "integer" if flt.extra.get("decimal_places") == 0 else "number"}
        for bound, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
            if flt.extra.get(bound) is not None:
                schema[keyword] = flt.extra[bound]
        return schema
    if isinstance(flt, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    return {"type": "string", "pattern": TEXT_PATTERN}


def filter_error(filterset):
    """The error for a FilterSet whose values did not validate: 404 if each bad value is
    a well-formed slug that names nothing, else 400. Either names each parameter."""
    unknown, invalid = {}, {}
    for name, errors in filterset.form.errors.as_data().items():
        flt = filterset.filters.get(name)
        if isinstance(flt, SLUG_FILTERS) and all(e.code == "invalid_choice" for e in errors):
            noun = flt.queryset.model._meta.verbose_name
            unknown[name] = [f"No {noun} has the slug “{e.params['value']}”." for e in errors]
        else:
            invalid[name] = [message for error in errors for message in error.messages]
    if invalid:
        return ValidationError({**invalid, **unknown})
    return NotFound(unknown)
