"""Public representations of each dataset. Every field is declared explicitly: a field
not listed here cannot leak. `help_text` is the field's meaning in the catalogue and the
OpenAPI schema. Serializers are flat (related rows appear as slugs) so that the CSV,
the JSON download and the API share one shape."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.models import Area
from apps.profile.models import Organisation


class BlankAsNull:
    """Blank text becomes null, so that optional values have one "missing" form."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value not in ("", None) else None


class OptionalCharField(BlankAsNull, serializers.CharField):
    pass


class OptionalURLField(BlankAsNull, serializers.URLField):
    pass


class OptionalEmailField(BlankAsNull, serializers.EmailField):
    pass


class OptionalChoiceField(BlankAsNull, serializers.ChoiceField):
    pass


@extend_schema_field(OpenApiTypes.URI)
class SiteURLField(serializers.Field):
    """The absolute public URL of a row's page on the portal."""

    catalogue_type = "URL"

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return settings.SITE_URL + value.get_absolute_url()


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class MediaURLField(serializers.Field):
    """The absolute URL of an uploaded file, or null."""

    catalogue_type = "URL"

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        url = value.url
        return url if "://" in url else settings.SITE_URL + url


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class SlugOfField(serializers.SlugRelatedField):
    """A related row, shown as its slug."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, slug_field="slug", **kwargs)


class AreaSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the area.")
    name = serializers.CharField(read_only=True, help_text="Name of the neighbourhood or district.")
    council = serializers.ChoiceField(
        choices=Area.Council.choices, read_only=True, help_text="The council it lies in."
    )
    organisation_count = serializers.IntegerField(
        read_only=True, help_text="Number of published organisations in the area."
    )


class SectorSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the sector.")
    name = serializers.CharField(read_only=True, help_text="Name of the sector.")
    description = OptionalCharField(help_text="What the sector covers.")
    organisation_count = serializers.IntegerField(
        read_only=True, help_text="Number of published organisations in the sector."
    )


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField(
        read_only=True, help_text="Identifier of the organisation; stable across updates."
    )
    name = serializers.CharField(read_only=True, help_text="Name of the organisation.")
    kind = serializers.ChoiceField(
        choices=Organisation.Kind.choices, read_only=True, help_text="Kind of organisation."
    )
    summary = serializers.CharField(
        read_only=True, help_text="One or two sentences about it, at most 280 characters."
    )
    description = OptionalCharField(help_text="Longer description, plain text.")
    website = OptionalURLField(help_text="Its website.")
    logo = MediaURLField(help_text="URL of its logo image.")
    founded_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Year it was founded."
    )
    employee_band = serializers.ChoiceField(
        choices=Organisation.EmployeeBand.choices,
        read_only=True,
        help_text="Number of people it employs, as a band.",
    )
    stage = OptionalChoiceField(choices=Organisation.Stage.choices, help_text="Business stage.")
    sectors = SlugOfField(many=True, help_text="Slugs of its sectors (see the sectors dataset).")
    area = SlugOfField(help_text="Slug of its area (see the areas dataset).")
    hiring_now = serializers.BooleanField(read_only=True, help_text="Whether it is hiring now.")
    hiring_url = OptionalURLField(help_text="Its jobs page.")
    public_email = OptionalEmailField(
        help_text="An email address it chose to publish. Private contacts are never published."
    )
    companies_house_number = OptionalCharField(help_text="Its Companies House number.")
    url = SiteURLField(help_text="Its profile page on this portal.")
