"""The open-data registry: one `Dataset` per published table.

The API, the CSV/JSON/GeoJSON downloads, the catalogue page and the DCAT metadata are
all generated from these entries, so adding a dataset is one `register()` call (in
datasets.py) plus a serializer whose fields carry `help_text` (the catalogue's field
meanings and the OpenAPI descriptions).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max, Subquery
from django.db.models.functions import Greatest
from rest_framework import serializers

from apps.core.moderation.models import Status
from apps.core.web import fragments

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
class Feed:
    """A feed that publishes the dataset's rows in another standard format (the events'
    iCalendar feed): listed in the catalogue and as a DCAT distribution."""

    title: str  # "iCalendar feed"
    url_name: str  # reversed with no arguments
    media_type: str  # "text/calendar"
    format_name: str  # "iCalendar"


@dataclass(frozen=True)
class Part:
    """One slice of a dataset that is a dataset of its own in the catalogue and DCAT (each
    strategy indicator of the indicator observations), with its own downloads and the
    API filtered to it. `downloads` are (format key, path) pairs."""

    name: str  # unique in the catalogue: the anchor and the DCAT identifier
    title: str
    description: str
    downloads: tuple[tuple[str, str], ...]
    api_query: str  # appended to the dataset's API address: "indicator=<slug>"


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
    # Moderated models whose publications, approved changes and withdrawals change this
    # dataset (see moderation_dates()). Each must be in depends_on too.
    published_from: tuple[type[models.Model], ...] = ()
    # Any other date the published data changed (rows leaving as dates pass, say), or None.
    updated: Callable[[], datetime | None] | None = None
    # Models whose edits in the admin change this dataset (the admin log dates them).
    depends_on: tuple[type[models.Model], ...] = ()
    # For a GeoJSON download: row -> (longitude, latitude), or None for no geometry.
    geometry: Callable[[models.Model], tuple[float, float] | None] | None = None
    keywords: tuple[str, ...] = ()
    # Feeds of the same rows in other formats, such as the events' iCalendar feed.
    feeds: tuple[Feed, ...] = ()
    # Slices published as datasets of their own (published rows only), or None.
    parts: Callable[[], Sequence[Part]] | None = None
    source_model: type[models.Model] | None = None  # only needed when rows are a list
    chunk_size: int = 1000
    formats: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        assert self.frequency in FREQUENCIES, self.frequency
        # Their dates are read in the admin log's statement (last_updated()).
        assert set(self.published_from) <= set(self.depends_on), self.name
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
        """The latest change to the published data that the database records: the admin
        log's last edit of a model in `depends_on` and the moderation dates of
        `published_from` (one query), and the date `updated` gives."""
        latest = Max("action_time")
        dates = [date for model in self.published_from for date in moderation_dates(model)]
        if dates:
            latest = Greatest(latest, *dates)
        content_types = ContentType.objects.get_for_models(*self.depends_on).values()
        logged = LogEntry.objects.filter(content_type__in=content_types)
        found = [logged.aggregate(at=latest)["at"]]
        if self.updated is not None:
            found.append(self.updated())
        return max(filter(None, found), default=None)

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


def moderation_dates(model):
    """For a Moderated model, as expressions: when a row was last published or had a
    change approved (reviewed_at, last_confirmed_at of published rows), and when one was
    last withdrawn (reviewed_at of archived rows), for it leaves the data."""

    def newest(status, field):
        # ORDER BY ... LIMIT 1 reads one entry of the index on (status, field), where
        # MAX(...) FILTER (...) would read every row.
        rows = model.objects.filter(status=status, **{f"{field}__isnull": False})
        return Subquery(rows.order_by(f"-{field}").values(field)[:1])

    return [
        newest(Status.PUBLISHED, "reviewed_at"),
        newest(Status.PUBLISHED, "last_confirmed_at"),
        newest(Status.ARCHIVED, "reviewed_at"),
    ]


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


def _every_last_updated():
    return {dataset.name: dataset.last_updated() for dataset in all_datasets()}


def last_updated_by_name():
    """{dataset name: when its published data last changed}: one or two queries a
    dataset, so worked out once per page-cache generation (a publication moves it on)
    for the catalogue."""
    return fragments.cached("opendata-last-updated", _every_last_updated)


def last_updated_of(dataset):
    """When one dataset last changed, shared in the same way: for the Last-Modified of
    its page, API and downloads, which need no other dataset's date."""
    return fragments.cached("opendata-dataset-last-updated", dataset.last_updated, dataset.name)
