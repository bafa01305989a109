"""Options of several choice fields, read in one query."""

import functools

from django.db import connections
from django.db.models import Value, Window
from django.db.models.functions import RowNumber


def read_options(form, labels):
    """Give each named ModelChoiceField of the form its options (its queryset's rows in
    the queryset's order, after its empty label) from one UNION ALL query, rather than one
    query per field as the form renders. `labels` maps each field's name to the column
    that str() of a row gives. A chosen value is still checked against the queryset.

    The statement is built once per form class, from the fields as the class declares
    them: their querysets must be fixed in code, such as `Area.objects.all()`."""
    names = tuple(labels)
    sql, params, using = _statement(type(form), tuple(labels.items()))
    for name, rows in zip(names, _run(sql, params, using, len(names)), strict=True):
        field = form.fields[name]
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *rows]


def read_options_later(form, sources):
    """Give each named choice field of the form (a ChoiceField or MultipleChoiceField,
    not a model choice field) the rows of a queryset as its options, read for all of
    them in one UNION ALL query the first time any of them is listed: to check a chosen
    value, or to render the field. A form that does neither runs no query. A chosen
    value is checked against these rows, so the field's cleaned value is the value
    itself (a slug, say), not a model instance.

    `sources` maps each field's name to (queryset, value column, label column), and
    must be the same object for every form of the class (a class attribute): the
    statement is built once per form class, so the querysets must be fixed in code."""
    names = tuple(sources)
    read = None

    def options(index):
        nonlocal read
        if read is None:
            sql, params, using = _sources_statement(type(form), sources)
            read = _run(sql, params, using, len(names))
        return read[index]

    for index, name in enumerate(names):
        # Called each time the choices are listed; the rows are read once.
        form.fields[name].choices = functools.partial(options, index)


def _run(sql, params, using, count):
    options = [[] for _ in range(count)]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        for index, _rank, value, label in cursor.fetchall():
            options[index].append((value, label))
    return options


_SOURCES_STATEMENTS = {}


def _sources_statement(form_class, sources):
    # Keyed by the form class and names: `sources` itself (a dict) is not hashable.
    key = (form_class, tuple(sources))
    statement = _SOURCES_STATEMENTS.get(key)
    if statement is None:
        statement = _SOURCES_STATEMENTS[key] = _combined(list(sources.values()))
    return statement


@functools.cache
def _statement(form_class, labels):
    sources = []
    for name, label in labels:
        field = form_class.base_fields[name]
        sources.append((field.queryset, field.to_field_name or "pk", label))
    return _combined(sources)


def _combined(sources):
    parts = []
    for index, (queryset, value, label) in enumerate(sources):
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        parts.append(
            queryset.order_by()
            .annotate(
                option_field=Value(index),
                # The field's own order, kept through the UNION.
                option_rank=Window(RowNumber(), order_by=list(ordering) or None),
            )
            .values_list("option_field", "option_rank", value, label)
        )
    combined = parts[0].union(*parts[1:], all=True)
    sql, params = combined.query.sql_with_params()
    # Starting with SELECT, a read as pghistory (and anyone reading the log) sees it.
    statement = f"SELECT * FROM ({sql}) AS options ORDER BY 1, 2"  # noqa: S608 - the ORM's SQL
    return statement, params, combined.db
