"""Serialise a model's submitter-editable fields to JSON and back.

A PendingChange stores proposed values in this form; the admin diff compares a
snapshot of the live object with the stored one.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile


def _fields(obj, names):
    return [obj._meta.get_field(name) for name in names]


# A one-to-many reverse relation (an organisation's industries with their cases) is
# snapshotted as a list of rows: each row the `snapshot_fields` its model declares, a
# foreign key as its id, the first field being the key that tells rows apart.


def _row_fields(rel):
    model = rel.related_model
    return [model._meta.get_field(name) for name in model.snapshot_fields]


def _rows_of(obj, rel):
    fields = _row_fields(rel)
    if not obj.pk:
        return []
    rows = [
        {field.name: field.value_from_object(row) for field in fields}
        for row in getattr(obj, rel.get_accessor_name()).all()
    ]
    return sorted(rows, key=lambda row: row[fields[0].name])


def _serialise_rows(rel, rows):
    fields = _row_fields(rel)
    out = []
    for row in rows:
        item = {}
        for field in fields:
            value = row.get(field.name)
            if field.is_relation and value is not None and hasattr(value, "pk"):
                value = value.pk
            item[field.name] = value
        out.append(item)
    return sorted(out, key=lambda row: row[fields[0].name])


def _apply_rows(obj, rel, rows):
    """Make obj's related rows match `rows`: keep, update, add and delete by key."""
    fields = _row_fields(rel)
    key = fields[0]
    manager = getattr(obj, rel.get_accessor_name())
    existing = {key.value_from_object(row): row for row in manager.all()}
    wanted = {row[key.name]: row for row in rows}
    for value, row in existing.items():
        if value not in wanted:
            row.delete()
    for value, data in wanted.items():
        row = existing.get(value) or rel.related_model(**{rel.field.name: obj})
        for field in fields:
            attname = field.attname if field.is_relation else field.name
            setattr(row, attname, data.get(field.name))
        row.full_clean(exclude=[rel.field.name], validate_unique=False)
        row.save()


def _label(field):
    if field.one_to_many:
        return str(field.related_model._meta.verbose_name_plural).capitalize()
    return str(field.verbose_name).capitalize()


def snapshot(obj, names=None):
    """The current values of `names` (default: the submitter-editable fields)."""
    data = {}
    for field in _fields(obj, names or obj.submitter_editable_fields):
        if field.one_to_many:
            value = _rows_of(obj, field)
        elif field.many_to_many:
            value = sorted(getattr(obj, field.name).values_list("pk", flat=True)) if obj.pk else []
        elif isinstance(field, models.FileField):
            value = getattr(obj, field.name).name or ""
        else:
            value = field.value_from_object(obj)
        data[field.name] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def serialise_values(obj, values):
    """Turn cleaned form values into snapshot form, storing any new upload first."""
    data = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.one_to_many:
            value = _serialise_rows(field, value)
        elif field.many_to_many:
            value = sorted(item.pk for item in value)
        elif field.is_relation:
            value = value.pk if value is not None else None
        elif isinstance(field, models.FileField):
            value = _store_file(obj, field, value)
        data[name] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _store_file(obj, field, value):
    if not value:
        return ""
    if isinstance(value, FieldFile):
        return value.name  # the existing file, unchanged
    if isinstance(value, str):
        return value  # already a stored name
    # A new upload (an UploadedFile has no `_committed`, so it must not be mistaken for
    # the stored file: its bare name would be kept and the image lost).
    name = field.generate_filename(obj, value.name)
    return field.storage.save(name, value, max_length=field.max_length)


def apply_snapshot(obj, data):
    """Write snapshot values onto obj and save it, including many-to-many fields."""
    m2m = {}
    rows = {}
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if field.one_to_many:
            rows[field] = value
        elif field.many_to_many:
            m2m[name] = value
        elif field.is_relation:
            setattr(obj, field.attname, value)
        elif isinstance(field, models.FileField):
            setattr(obj, name, value or None)
        else:
            setattr(obj, name, field.to_python(value))
    obj.full_clean(exclude=[*m2m, *(field.name for field in rows)])
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    for field, value in rows.items():
        _apply_rows(obj, field, value)


def _display_rows(rel, rows):
    """Rows as text: each row's key (a related item's name) and its other values."""
    key, *rest = _row_fields(rel)
    names = {}
    if key.is_relation:
        found = key.related_model._default_manager.filter(pk__in=[row[key.name] for row in rows])
        names = {item.pk: str(item) for item in found}
    parts = []
    for row in rows:
        text = names.get(row[key.name], str(row[key.name]))
        extra = "; ".join(str(row[field.name]) for field in rest if row.get(field.name))
        parts.append(f"{text}: {extra}" if extra else text)
    return " | ".join(parts)


@dataclass(frozen=True)
class StoredFile:
    """A file in a diff: the review page shows an image as a thumbnail, not its name."""

    name: str
    url: str
    is_image: bool

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


def _display(obj, field, value):
    if value in (None, "", []):
        return "(empty)"
    if field.one_to_many:
        return _display_rows(field, value)
    if isinstance(field, models.FileField):
        return StoredFile(
            name=value,
            url=field.storage.url(value),
            is_image=isinstance(field, models.ImageField),
        )
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related))
    if field.is_relation:
        found = field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found else "(removed)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def proposed(data, base):
    """The part of a change that changes something: the fields whose proposed value
    differs from the live value when it was sent (every field, without a base)."""
    if not base:
        return dict(data)
    return {name: value for name, value in data.items() if base.get(name, value) != value}


def changed_since(obj, data, base):
    """Labels of the fields in `data` that someone else has changed on `obj` since `base`
    was taken, to something other than what `data` proposes."""
    if not base:
        return []
    live = snapshot(obj, list(data))
    return [
        _label(obj._meta.get_field(name))
        for name, value in data.items()
        if name in base and live.get(name) != base[name] and live.get(name) != value
    ]


def diff(obj, data):
    """Rows of (label, current, proposed) for every field the data would change. Values
    are text, or a StoredFile for a file field."""
    current = snapshot(obj, list(data))
    rows = []
    for name, proposed in data.items():
        if current.get(name) == proposed:
            continue
        field = obj._meta.get_field(name)
        rows.append(
            (
                _label(field),
                _display(obj, field, current.get(name)),
                _display(obj, field, proposed),
            )
        )
    return rows
