"""Options of several choice fields, read in one query."""

import functools

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber


def read_options(form, labels):
    """Give each named ModelChoiceField of the form its options (its queryset's rows in
    the queryset's order, after its empty label) from one UNION ALL query, rather than one
    query per field as the form renders. `labels` maps each field's name to the column
    that str() of a row gives.

    A chosen value is checked against those same rows (ReadRowsMixin): found there, the
    cleaned value is the row's model instance with its primary key, its value and its
    label loaded (any other field is read if asked for), with no query of its own; not
    found, the field looks it up in its queryset as usual and gives its own error.

    The statement is built once per form class, from the fields as the class declares
    them: their querysets must be fixed in code, such as `Area.objects.all()`."""
    names = tuple(labels)
    sql, params, using = _statement(type(form), tuple(labels.items()))
    read = _run(sql, params, using, len(names), with_key=True)
    for name, rows in zip(names, read, strict=True):
        field = form.fields[name]
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *((value, label) for _pk, value, label in rows)]
        if not isinstance(field, forms.ModelMultipleChoiceField):
            field.__class__ = _read_rows_class(type(field))
            field.read_rows = (rows, labels[name], using)


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


class ReadRowsMixin:
    """Given by read_options to each single-choice field it reads: a chosen value found
    among the rows read for the options is taken from them, rather than from a query of
    its own. Only by a unique key without conversion from the database, compared as the
    key's Python value: equal there is the row the database would return."""

    read_rows = None

    def to_python(self, value):
        found = self._read_row(value)
        return super().to_python(value) if found is None else found

    def _read_row(self, value):
        if self.read_rows is None or value in self.empty_values or not isinstance(value, str):
            return None
        rows, label, using = self.read_rows
        model = self.queryset.model
        pk = model._meta.pk
        key = pk if self.to_field_name is None else model._meta.get_field(self.to_field_name)
        if not (key.unique or key.primary_key) or _converted(key) or _converted(pk):
            return None
        try:
            wanted = key.to_python(value)
        except ValidationError:
            return None
        for row_pk, row_value, row_label in rows:
            if row_value == wanted:
                loaded = {pk.attname: row_pk, key.attname: row_value}
                try:
                    field = model._meta.get_field(label)
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.concrete and not _converted(field):
                    loaded[field.attname] = row_label
                # from_db() takes the values in the order of the model's fields.
                names = [f.attname for f in model._meta.concrete_fields if f.attname in loaded]
                return model.from_db(using, names, [loaded[name] for name in names])
        return None


def _converted(field):
    return hasattr(field, "from_db_value")


@functools.cache
def _read_rows_class(field_class):
    if issubclass(field_class, ReadRowsMixin):
        return field_class
    return type(field_class.__name__, (ReadRowsMixin, field_class), {})


def _run(sql, params, using, count, with_key=False):
    options = [[] for _ in range(count)]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        for index, _rank, *row in cursor.fetchall():
            options[index].append(tuple(row) if with_key else (row[-2], row[-1]))
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
    return _combined(sources, with_key=True)


def _combined(sources, with_key=False):
    parts = []
    for index, (queryset, value, label) in enumerate(sources):
        # The primary key as well (first), for ReadRowsMixin: "key" rather than "pk",
        # which the value may be too.
        key = {"option_key": F("pk")} if with_key else {}
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        parts.append(
            queryset.order_by()
            .annotate(
                option_field=Value(index),
                # The field's own order, kept through the UNION.
                option_rank=Window(RowNumber(), order_by=list(ordering) or None),
                **key,
            )
            .values_list("option_field", "option_rank", *key, value, label)
        )
    combined = parts[0].union(*parts[1:], all=True)
    sql, params = combined.query.sql_with_params()
    # Starting with SELECT, a read as pghistory (and anyone reading the log) sees it.
    statement = f"SELECT * FROM ({sql}) AS options ORDER BY 1, 2"  # noqa: S608 - the ORM's SQL
    return statement, params, combined.db
