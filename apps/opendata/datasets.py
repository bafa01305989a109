"""The published datasets. The API (/api/v1/<name>/), the downloads (/data/<name>.csv,
.json and, with `geometry`, .geojson), the catalogue (/data/) and the DCAT metadata all
come from these entries.

To add a dataset:

1. A serializer in serializers.py that declares every public field explicitly, each with
   `help_text` (its meaning in the catalogue and the schema). Keep it flat: related rows as
   slugs (`SlugOfField`), optional text as `Optional*Field` (blank becomes null).
2. A register(Dataset(...)) call here:
   - `queryset`: a callable returning the rows the public may see, starting from the
     model's `.published()` (or a theme app's public queryset method built on it), with
     the select_related/prefetch_related the serializer needs;
   - `filterset`: the public page's FilterSet, so the API filters as the page does;
   - `updated=moderated_updated(Model)` for a Moderated model, and `depends_on` for the
     models whose admin edits change the output;
   - `geometry=lambda row: (longitude, latitude) or None` adds a GeoJSON download;
   - aggregates (rows of `.values(...).annotate(...)`, with any suppression done in the
     queryset) take `lookup_field=None` (list only) and `ordering=` their group-by fields;
     rows computed in Python (suppression applied by the page's own function) may be a
     list: `lookup_field=None`, `source_model=` the model, no filterset.
3. In tests/opendata: unpublished rows of the new model in the `open_data` fixture (the
   leak walk and schemathesis pick the endpoints up from the registry by themselves), and
   a case in the 3-vs-30-rows query test.
"""

from django.db.models import Count, Q

from apps.core.models import Area, Status
from apps.opendata import serializers
from apps.opendata.registry import Dataset, moderated_updated, register
from apps.profile.filters import OrganisationFilter
from apps.profile.models import Organisation, Sector

PUBLISHED_ORGANISATIONS = Q(organisations__status=Status.PUBLISHED)

register(
    Dataset(
        name="organisations",
        title="Tech organisations",
        description=(
            "The businesses, universities, networks, investors and public bodies in the "
            "Newcastle and Gateshead tech-sector directory, as published on the portal. "
            "Organisations submit their own entries; staff check each one before it appears."
        ),
        queryset=lambda: Organisation.objects.for_export().order_by("name", "pk"),
        serializer=serializers.OrganisationSerializer,
        filterset=OrganisationFilter,
        filter_help={
            "q": "Full-text search of name, sectors, summary and description. Results come "
            "best match first. Quotes, OR and -word work as in web search engines.",
            "sector": "Slug of a sector (see /api/v1/sectors/).",
            "area": "Slug of an area (see /api/v1/areas/).",
            "hiring": "true for organisations hiring now.",
        },
        frequency="continuous",
        updated=moderated_updated(Organisation),
        depends_on=(Organisation, Sector, Area),
        keywords=("technology", "businesses", "directory", "Newcastle", "Gateshead"),
    )
)

register(
    Dataset(
        name="sectors",
        title="Tech sectors",
        description=(
            "The sectors the directory uses to group organisations, with the number of "
            "published organisations in each."
        ),
        queryset=lambda: Sector.objects.annotate(
            organisation_count=Count("organisations", filter=PUBLISHED_ORGANISATIONS)
        ).order_by("name", "pk"),
        serializer=serializers.SectorSerializer,
        # The counts change as organisations are published or withdrawn.
        updated=moderated_updated(Organisation),
        depends_on=(Sector, Organisation),
        keywords=("technology", "sectors", "classification"),
    )
)

register(
    Dataset(
        name="areas",
        title="Areas",
        description=(
            "The neighbourhoods and districts of Newcastle and Gateshead the portal uses to "
            "place organisations, with the number of published organisations in each."
        ),
        queryset=lambda: Area.objects.annotate(
            organisation_count=Count("organisations", filter=PUBLISHED_ORGANISATIONS)
        ).order_by("name", "pk"),
        serializer=serializers.AreaSerializer,
        updated=moderated_updated(Organisation),
        depends_on=(Area, Organisation),
        keywords=("places", "neighbourhoods", "Newcastle", "Gateshead"),
    )
)
