"""Options of several ModelChoiceFields, read in one query."""

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
    options = {name: [] for name in names}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        for index, _rank, value, label in cursor.fetchall():
            options[names[index]].append((value, label))
    for name, rows in options.items():
        field = form.fields[name]
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *rows]


@functools.cache
def _statement(form_class, labels):
    parts = []
    for index, (name, label) in enumerate(labels):
        field = form_class.base_fields[name]
        ordering = field.queryset.query.order_by or field.queryset.model._meta.ordering
        parts.append(
            field.queryset.order_by()
            .annotate(
                option_field=Value(index),
                # The field's own order, kept through the UNION.
                option_rank=Window(RowNumber(), order_by=list(ordering) or None),
            )
            .values_list("option_field", "option_rank", field.to_field_name or "pk", label)
        )
    combined = parts[0].union(*parts[1:], all=True)
    sql, params = combined.query.sql_with_params()
    # Starting with SELECT, a read as pghistory (and anyone reading the log) sees it.
    statement = f"SELECT * FROM ({sql}) AS options ORDER BY 1, 2"  # noqa: S608 - the ORM's SQL
    return statement, params, combined.db
