"""The open-data registry: one `Dataset` per published table.

The API, the CSV/JSON/GeoJSON downloads, the catalogue page and the DCAT metadata are
all generated from these entries, so adding a dataset is one `register()` call (in
datasets.py) plus a serializer whose fields carry `help_text` (the catalogue's field
meanings and the OpenAPI descriptions).
"""

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from rest_framework import serializers

from apps.core.models import Status

# Update frequencies, with their Dublin Core Collection Description frequency URIs
# (what DCAT's accrualPeriodicity expects).
FREQUENCIES = {
    "continuous": (
        "Continuously, as staff approve submissions",
        "http://purl.org/cld/freq/continuous",
    ),
    "daily": ("Daily", "http://purl.org/cld/freq/daily"),
    "weekly": ("Weekly", "http://purl.org/cld/freq/weekly"),
    "monthly": ("Monthly", "http://purl.org/cld/freq/monthly"),
    "quarterly": ("Quarterly", "http://purl.org/cld/freq/quarterly"),
    "annual": ("Once a year", "http://purl.org/cld/freq/annual"),
    "irregular": ("When staff change it", "http://purl.org/cld/freq/irregular"),
}


@dataclass(frozen=True)
class Dataset:
    name: str  # URL segment and file name: /api/v1/<name>/, /data/<name>.csv
    title: str
    description: str
    # Published rows only, with every select_related/prefetch_related the serializer needs.
    # Every output of this dataset starts here. Rows computed in Python (an aggregate with
    # suppression applied as the page applies it) may come as a list in a stable order;
    # such a dataset names its `source_model` and has no filterset.
    queryset: Callable[[], models.QuerySet | Sequence]
    serializer: type[serializers.Serializer]
    # The field that names one row at /api/v1/<name>/<value>/; None for a list-only
    # dataset, such as aggregates (rows of .values().annotate()).
    lookup_field: str | None = "slug"
    # A total order for the rows; by default the queryset's own ordering plus the primary
    # key. Aggregates have no primary key, so they must give one (their group-by fields).
    ordering: tuple[str, ...] | None = None
    filterset: type | None = None  # the public page's django-filter FilterSet, if any
    # Extra keyword arguments the FilterSet needs, as the page passes them, computed per
    # request: lambda: {"today": timezone.localdate()}.
    filterset_kwargs: Callable[[], dict] | None = None
    # What each filter's values mean, for the API docs: {"sector": "Slug of a sector."}.
    filter_help: dict[str, str] = field(default_factory=dict)
    frequency: str = "irregular"  # a key of FREQUENCIES
    # When the published data last changed; None when nothing records it.
    updated: Callable[[], datetime | None] | None = None
    # Models whose edits in the admin change this dataset (the admin log dates them).
    depends_on: tuple[type[models.Model], ...] = ()
    # For a GeoJSON download: row -> (longitude, latitude), or None for no geometry.
    geometry: Callable[[models.Model], tuple[float, float] | None] | None = None
    keywords: tuple[str, ...] = ()
    source_model: type[models.Model] | None = None  # only needed when rows are a list
    chunk_size: int = 1000
    formats: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        assert self.frequency in FREQUENCIES, self.frequency
        formats = ("csv", "json") + (("geojson",) if self.geometry else ())
        object.__setattr__(self, "formats", formats)

    @property
    def model(self):
        return self.source_model or self.queryset().model

    @property
    def frequency_label(self):
        return FREQUENCIES[self.frequency][0]

    @property
    def frequency_uri(self):
        return FREQUENCIES[self.frequency][1]

    def rows(self):
        """Published rows in a total order (a unique key last), so pages never overlap."""
        if self.source_model is not None:
            return self.queryset()  # computed rows, in their own stable order
        if self.ordering:
            return self.queryset().order_by(*self.ordering)
        return totally_ordered(self.queryset())

    def last_updated(self):
        """The latest change to the published data that the database records."""
        log = _admin_log_part(self.depends_on) if self.depends_on else None
        parts = getattr(self.updated, "sql_parts", None)
        if parts is not None:
            # Both in one statement: a round trip and an ORM compile fewer per API page.
            using = self.updated.model.objects.db
            return greatest([*parts(), *([log] if log else [])], using=using)
        candidates = [self.updated() if self.updated else None]
        if log:
            candidates.append(greatest([log], using=LogEntry.objects.db))
        candidates = [c for c in candidates if c is not None]
        return max(candidates) if candidates else None

    def fields(self):
        """(name, type, meaning) for each public field, for the catalogue."""
        return [
            (name, describe_type(f), describe_meaning(f))
            for name, f in self.serializer().fields.items()
        ]


def totally_ordered(queryset):
    """Add the primary key to the queryset's ordering unless it already ends in it."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    if not ordering or ordering[-1] not in ("pk", "id", "-pk", "-id"):
        ordering.append("pk")
    return queryset.order_by(*ordering)


def greatest(parts, *, using):
    """The latest of several scalar subqueries, each (sql, params), in one statement.
    PostgreSQL's GREATEST skips NULLs and is NULL only if all are."""
    sql = "SELECT GREATEST({})".format(", ".join(f"({part})" for part, _ in parts))
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [param for _, part_params in parts for param in part_params])
        return cursor.fetchone()[0]


def _admin_log_part(models_):
    """The admin log's latest entry for any of the models, as a (sql, params) part."""
    ids = sorted(ct.pk for ct in ContentType.objects.get_for_models(*models_).values())
    return _admin_log_sql(), [ids]


@functools.cache
def _admin_log_sql():
    opts = LogEntry._meta
    qn = connections[LogEntry.objects.db].ops.quote_name
    at = qn(opts.get_field("action_time").column)
    content_type = qn(opts.get_field("content_type").column)
    # Names from the model's _meta, quoted; the ids go in as a parameter.
    return f"SELECT MAX({at}) FROM {qn(opts.db_table)} WHERE {content_type} = ANY(%s)"  # noqa: S608


def moderated_updated(model):
    """For a Moderated model: when a row was last published, had a change approved or
    was withdrawn (withdrawal removes a row, which is a change too)."""

    def newest(status, field):
        # ORDER BY ... LIMIT 1 per status reads one entry of an index on (status, field)
        # where MAX(...) FILTER (...) over the table scans every row.
        rows = model.objects.filter(status=status, **{f"{field}__isnull": False})
        return rows.order_by(f"-{field}").values(field)[:1].query.sql_with_params()

    @functools.cache
    def sql_parts():
        # Built once: they depend on nothing but the model.
        return (
            newest(Status.PUBLISHED, "reviewed_at"),
            newest(Status.PUBLISHED, "last_confirmed_at"),
            newest(Status.ARCHIVED, "reviewed_at"),
        )

    def updated():
        return greatest(sql_parts(), using=model.objects.db)

    # Dataset.last_updated() adds these to its own statement rather than calling updated().
    updated.sql_parts, updated.model = sql_parts, model
    return updated


_TYPE_NAMES = [
    (serializers.BooleanField, "true or false"),
    (serializers.IntegerField, "whole number"),
    (serializers.FloatField, "number"),
    (serializers.DecimalField, "number"),
    (serializers.DateTimeField, "date and time (ISO 8601)"),
    (serializers.DateField, "date (ISO 8601)"),
    (serializers.URLField, "URL"),
    (serializers.EmailField, "email address"),
    (serializers.ChoiceField, "code"),
]


def describe_type(f):
    if getattr(f, "catalogue_type", None):
        return f.catalogue_type
    if isinstance(f, serializers.ManyRelatedField | serializers.ListField):
        return "list (separated by “; ” in CSV)"
    for cls, name in _TYPE_NAMES:
        if isinstance(f, cls):
            return name
    return "text"


def describe_meaning(f):
    meaning = str(f.help_text or "")
    if isinstance(f, serializers.ChoiceField):
        codes = "; ".join(f"{code} ({label})" for code, label in f.choices.items())
        meaning = f"{meaning} One of: {codes}."
    if getattr(f, "allow_null", False):
        meaning = f"{meaning} Empty when not given."
    return meaning.strip()


_registry: dict[str, Dataset] = {}


def register(dataset):
    assert dataset.name not in _registry, f"dataset {dataset.name} registered twice"
    _registry[dataset.name] = dataset
    return dataset


def all_datasets():
    return list(_registry.values())


def get(name):
    return _registry[name]
