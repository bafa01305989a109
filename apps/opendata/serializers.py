"""Public representations of each dataset. Every field is declared explicitly: a field
not listed here cannot leak. `help_text` is the field's meaning in the catalogue and the
OpenAPI schema. Serializers are flat (related rows appear as slugs) so that the CSV,
the JSON download and the API share one shape."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.events.models import Event
from apps.funding.models import Opportunity, Stage
from apps.people.models import Course
from apps.place.models import Building, Space
from apps.profile.models import Organisation, Story
from apps.programmes.models import Programme, Size


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
    """The absolute public URL of a row's page on the portal, as DRF's
    HyperlinkedIdentityField gives it, but on the site's public address (settings.SITE_URL)
    rather than the request's host: downloads have no request, and the API may be reached
    through another host name."""

    catalogue_type = "URL"

    def __init__(self, view_name, lookup_field="slug", **kwargs):
        self.view_name, self.lookup_field = view_name, lookup_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(self.view_name, args=[getattr(value, self.lookup_field)])
        return settings.SITE_URL + path


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
    role = serializers.ChoiceField(
        choices=Organisation.Role.choices,
        read_only=True,
        help_text="What it is to the tech sector: a tech business, a landlord, a support "
        "organisation, education, a public body or an investor.",
    )
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
    # The queryset gives the slugs as an array (Organisation.objects.for_export()).
    sectors = serializers.ListField(
        source="sector_slugs",
        child=serializers.SlugField(),
        read_only=True,
        help_text="Slugs of its sectors (see the sectors dataset).",
    )
    area = SlugOfField(help_text="Slug of its area (see the areas dataset).")
    hiring_now = serializers.BooleanField(read_only=True, help_text="Whether it is hiring now.")
    hiring_url = OptionalURLField(help_text="Its jobs page.")
    public_email = OptionalEmailField(
        help_text="An email address it chose to publish. Private contacts are never published."
    )
    companies_house_number = OptionalCharField(help_text="Its Companies House number.")
    url = SiteURLField("profile:detail", help_text="Its profile page on this portal.")


class Coordinate(serializers.FloatField):
    """A latitude or longitude in decimal degrees (WGS 84)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


# Funding


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "enum": [code for code, _ in Stage.choices]}}
)
class StagesField(serializers.ListField):
    """Business stage codes. The enum is inline: a named one would duplicate StageEnum."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)


class OpportunitySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the opportunity.")
    title = serializers.CharField(read_only=True, help_text="Name of the opportunity.")
    provider = serializers.CharField(read_only=True, help_text="Who offers it.")
    kind = serializers.ChoiceField(
        choices=Opportunity.Kind.choices, read_only=True, help_text="Type of funding."
    )
    summary = serializers.CharField(read_only=True, help_text="One or two sentences about it.")
    eligibility = serializers.CharField(
        read_only=True, help_text="Who can apply, in plain English."
    )
    stages = StagesField(
        help_text="Business stages it suits; empty when any stage may apply. Codes: "
        + "; ".join(f"{code} ({label})" for code, label in Stage.choices)
        + ".",
    )
    amount_min = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Smallest amount, in pounds."
    )
    amount_max = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Largest amount, in pounds."
    )
    opens_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The day it opens for applications; empty when it is already open.",
    )
    closes_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The last day to apply; empty for a rolling opportunity.",
    )
    rolling = serializers.BooleanField(
        source="is_rolling",
        read_only=True,
        help_text="Whether applications are taken at any time, with no deadline.",
    )
    sectors = SlugOfField(
        many=True,
        help_text="Slugs of the sectors it is for (see the sectors dataset); "
        "empty when it is open to any sector.",
    )
    area = SlugOfField(
        allow_null=True,
        help_text="Slug of the area it is limited to (see the areas dataset); "
        "empty when it covers all of Newcastle and Gateshead.",
    )
    apply_url = serializers.URLField(
        source="url", read_only=True, help_text="Where to find out more and apply."
    )
    url = SiteURLField("funding:detail", help_text="Its page on this portal.")


# Stories


class StorySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the story.")
    title = serializers.CharField(read_only=True, help_text="Headline.")
    kind = serializers.ChoiceField(
        choices=Story.Kind.choices, read_only=True, help_text="Type of story."
    )
    theme = serializers.ChoiceField(
        choices=Story.Theme.choices, read_only=True, help_text="Strategy theme it belongs to."
    )
    summary = serializers.CharField(read_only=True, help_text="One or two sentences about it.")
    body_html = serializers.CharField(
        read_only=True,
        help_text="The story's text as HTML, exactly as its page shows it: written in "
        "Markdown, then sanitised to headings, paragraphs, lists, links, tables and "
        "emphasis (no scripts, images, styles or comments).",
    )
    image = MediaURLField(help_text="URL of its lead image.")
    image_alt = OptionalCharField(help_text="Text describing the lead image.")
    author = OptionalCharField(help_text="Byline.")
    organisations = SlugOfField(
        many=True,
        help_text="Slugs of the published organisations it features (see the "
        "organisations dataset).",
    )
    published_at = serializers.DateTimeField(read_only=True, help_text="When it was published.")
    url = SiteURLField("stories:detail", help_text="Its page on this portal.")


# Place


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "nullable": True})
class PublishedLandlordField(serializers.Field):
    """An organisation's slug, only while its directory entry is published."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.slug if value.status == Status.PUBLISHED else None


class BuildingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the building.")
    name = serializers.CharField(read_only=True, help_text="Name of the building.")
    description = OptionalCharField(help_text="About the building, plain text.")
    address = serializers.CharField(read_only=True, help_text="Street address.")
    postcode = serializers.CharField(read_only=True, help_text="Postcode.")
    area = SlugOfField(help_text="Slug of its area (see the areas dataset).")
    latitude = Coordinate(help_text="Latitude, decimal degrees (WGS 84).")
    longitude = Coordinate(help_text="Longitude, decimal degrees (WGS 84).")
    landlord_name = serializers.CharField(
        source="landlord.name", read_only=True, help_text="Name of the landlord."
    )
    landlord = PublishedLandlordField(
        allow_null=True,
        help_text="Slug of the landlord's entry in the organisations dataset, when it has "
        "a published one.",
    )
    amenities = SlugOfField(many=True, help_text="Slugs of its amenities.")
    broadband_mbps = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Broadband speed, in megabits per second."
    )
    epc_rating = OptionalChoiceField(
        choices=Building.Epc.choices, help_text="Energy Performance Certificate rating."
    )
    step_free = serializers.BooleanField(
        read_only=True, help_text="Whether it has step-free access."
    )
    access_notes = OptionalCharField(help_text="Accessibility notes, plain text.")
    spaces_to_let = serializers.IntegerField(
        source="live_space_count",
        read_only=True,
        help_text="Number of its spaces listed to let now (see the spaces dataset).",
    )
    url = SiteURLField("place:building", help_text="Its page on this portal.")


class SpaceSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the space.")
    name = serializers.CharField(
        source="title", read_only=True, help_text="Name or unit, or its kind when unnamed."
    )
    kind = serializers.ChoiceField(
        choices=Space.Kind.choices, read_only=True, help_text="Kind of space."
    )
    building = SlugOfField(help_text="Slug of its building (see the buildings dataset).")
    building_name = serializers.CharField(
        source="building.name", read_only=True, help_text="Name of its building."
    )
    address = serializers.CharField(
        source="building.address", read_only=True, help_text="Street address of the building."
    )
    postcode = serializers.CharField(
        source="building.postcode", read_only=True, help_text="Postcode of the building."
    )
    area = serializers.SlugField(
        source="building.area.slug",
        read_only=True,
        help_text="Slug of the building's area (see the areas dataset).",
    )
    latitude = Coordinate(
        source="building.latitude", help_text="Latitude of the building, decimal degrees (WGS 84)."
    )
    longitude = Coordinate(
        source="building.longitude",
        help_text="Longitude of the building, decimal degrees (WGS 84).",
    )
    desks_min = serializers.IntegerField(read_only=True, help_text="Fewest desks it takes.")
    desks_max = serializers.IntegerField(read_only=True, help_text="Most desks it takes.")
    size_sqft = serializers.IntegerField(read_only=True, help_text="Size, in square feet.")
    price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text="Rent in pounds, excluding VAT, on the basis given by price_basis.",
    )
    price_basis = serializers.ChoiceField(
        choices=Space.PriceBasis.choices, read_only=True, help_text="What the price is for."
    )
    monthly_price_per_desk = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text="The price as pounds per desk per month, for comparison (a per-square-foot "
        "rent is divided over the most desks).",
    )
    terms = serializers.ChoiceField(
        choices=Space.Terms.choices, read_only=True, help_text="Licence or lease."
    )
    min_months = serializers.IntegerField(read_only=True, help_text="Minimum term, in months.")
    available_from = serializers.DateField(read_only=True, help_text="When it is available.")
    step_free = serializers.BooleanField(
        source="building.step_free",
        read_only=True,
        help_text="Whether the building has step-free access.",
    )
    url = SiteURLField(
        "place:detail", help_text="Its page on this portal, where businesses can enquire."
    )


# People


class SkillCategorySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the category.")
    name = serializers.CharField(read_only=True, help_text="Name of the category.")
    description = OptionalCharField(help_text="What the category covers.")
    position = serializers.IntegerField(
        read_only=True, help_text="Display order: lower numbers come first."
    )


class SkillSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the skill.")
    name = serializers.CharField(read_only=True, help_text="Name of the skill.")
    category = SlugOfField(help_text="Slug of its category (see the skill-categories dataset).")
    description = OptionalCharField(help_text="What the skill covers.")
    sfia_code = OptionalCharField(help_text="Its four-letter SFIA skill code.")
    esco_uri = OptionalURLField(help_text="Its ESCO concept URI.")
    active = serializers.BooleanField(
        source="is_active",
        read_only=True,
        help_text="Whether the skills survey still asks about it (false: retired).",
    )


class CourseSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the course.")
    title = serializers.CharField(read_only=True, help_text="Name of the course.")
    provider = SlugOfField(help_text="Slug of the provider (see the organisations dataset).")
    provider_name = serializers.CharField(
        source="provider.name", read_only=True, help_text="Name of the provider."
    )
    summary = OptionalCharField(help_text="About the course.")
    skills = SlugOfField(
        many=True, help_text="Slugs of the skills it teaches (see the skills dataset)."
    )
    level = serializers.ChoiceField(
        choices=Course.Level.choices, read_only=True, help_text="Level."
    )
    mode = serializers.ChoiceField(
        choices=Course.Mode.choices, read_only=True, help_text="How it is taught."
    )
    cost = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text="Cost in pounds; 0 for a free course.",
    )
    duration = serializers.CharField(read_only=True, help_text="How long it takes.")
    next_start = serializers.DateField(
        read_only=True, allow_null=True, help_text="Next start date."
    )
    course_url = serializers.URLField(
        source="url", read_only=True, help_text="The provider's page for the course."
    )


class SkillsMapRowSerializer(serializers.Serializer):
    """Rows computed by apps.people.skills_map, suppression already applied."""

    round = serializers.SlugField(read_only=True, help_text="Slug of the survey round.")
    round_title = serializers.CharField(read_only=True, help_text="Name of the survey round.")
    row_type = serializers.ChoiceField(
        choices=[("category", "Category total"), ("skill", "One skill")],
        read_only=True,
        help_text="Whether the row is a category's total or one skill.",
    )
    category = serializers.SlugField(read_only=True, help_text="Slug of the skill category.")
    skill = serializers.SlugField(
        read_only=True,
        allow_null=True,
        help_text="Slug of the skill (see the skills dataset); empty on a category's total.",
    )
    organisations = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Organisations reporting the skill. Empty when fewer than 3 (suppressed).",
    )
    staff = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Staff with the skill. Empty when suppressed (see suppressed).",
    )
    vacancies = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Vacancies expected over the next 12 months. Empty when suppressed.",
    )
    mean_difficulty = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Mean difficulty to recruit, from 1 (easy) to 5 (very hard), to one "
        "decimal place. Empty when suppressed.",
    )
    training_need_share = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Share of reporting organisations with a training need, from 0 to 1, "
        "to two decimal places (a whole percentage). Empty when suppressed.",
    )
    vacancy_change = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Change in vacancies since the previous round. Skill rows only; empty "
        "when there is no previous round or either figure is suppressed.",
    )
    courses = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Listed local courses teaching the skill (see the courses dataset). "
        "Skill rows only.",
    )
    suppressed = OptionalChoiceField(
        choices=[
            ("few", "built from fewer than 3 organisations"),
            ("withheld", "would reveal a suppressed figure by subtraction"),
        ],
        help_text="Why the row's figures (staff to training_need_share) are empty, as on "
        "the skills map page. Statistical disclosure control: a figure built from fewer "
        "than 3 organisations is suppressed; a category total, or another figure, that "
        "would let a suppressed figure be worked out by subtraction is withheld.",
    )


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "enum": [code for code, _ in Size.choices]}}
)
class SizesField(serializers.ListField):
    """Business size codes (bands of people employed)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)


class NextWindowDateField(serializers.DateField):
    """A date of the programme's next window (the first still to close), or null."""

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(source="current_windows", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, windows):
        day = getattr(windows[0], self.attribute) if windows else None
        return super().to_representation(day) if day else None


class ProgrammeSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the programme.")
    title = serializers.CharField(read_only=True, help_text="Name of the programme.")
    kind = serializers.ChoiceField(
        choices=Programme.Kind.choices, read_only=True, help_text="Type of programme."
    )
    provider = SlugOfField(
        help_text="Slug of the organisation that runs it (see the organisations dataset)."
    )
    summary = serializers.CharField(read_only=True, help_text="One or two sentences about it.")
    stages = StagesField(
        help_text="Business stages it is for; empty when any stage may apply. Codes: "
        + "; ".join(f"{code} ({label})" for code, label in Stage.choices)
        + ".",
    )
    sizes = SizesField(
        help_text="Business sizes it is for, in people; empty when any size may apply. Codes: "
        + "; ".join(f"{code} ({label})" for code, label in Size.choices)
        + ".",
    )
    sectors = SlugOfField(
        many=True,
        help_text="Slugs of the sectors it is for (see the sectors dataset); "
        "empty when it is open to any sector.",
    )
    cost = serializers.ChoiceField(
        choices=Programme.Cost.choices,
        read_only=True,
        help_text="free, paid, or equity when it takes a share of the business.",
    )
    cost_detail = OptionalCharField(help_text="The cost or equity taken, in words.")
    next_window_opens_on = NextWindowDateField(
        "opens_on", help_text="The day the next application window opens (or opened)."
    )
    next_window_closes_on = NextWindowDateField(
        "closes_on",
        help_text="The last day to apply in the next window; empty when applications are "
        "taken at any time.",
    )
    next_window_starts_on = NextWindowDateField(
        "starts_on", help_text="The day the next cohort starts; empty when not fixed yet."
    )
    apply_url = serializers.URLField(
        source="url", read_only=True, help_text="Where to find out more and apply."
    )
    url = SiteURLField("programmes:detail", help_text="Its page on this portal.")


class ActionSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the action.")
    title = serializers.CharField(read_only=True, help_text="What will be done.")
    theme = serializers.CharField(
        source="strand.theme", read_only=True, help_text="people, place or profile."
    )
    strand = serializers.SlugField(
        source="strand.slug", read_only=True, help_text="Identifier of the strategy strand."
    )
    summary = serializers.CharField(read_only=True, help_text="The action in a sentence or two.")
    lead = serializers.SlugField(
        source="lead.slug",
        read_only=True,
        help_text="Slug of the lead organisation (see /api/v1/organisations/).",
    )
    partners = SlugOfField(many=True, help_text="Slugs of the published partner organisations.")
    # Not "status": in every other dataset that word is moderation, which is never published.
    progress = serializers.CharField(
        source="status", read_only=True, help_text="planned, in_progress, done or stalled."
    )
    started_on = serializers.DateField(read_only=True, allow_null=True, help_text="When it began.")
    target_date = serializers.DateField(read_only=True, help_text="When it should be done.")
    last_update_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Date of the latest published progress update."
    )


class IndicatorObservationSerializer(serializers.Serializer):
    indicator = serializers.SlugField(
        source="indicator.slug", read_only=True, help_text="Identifier of the indicator."
    )
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, help_text="Name of the indicator."
    )
    unit = serializers.CharField(
        source="indicator.unit", read_only=True, help_text="What the value counts."
    )
    date = serializers.DateField(source="observed_on", read_only=True, help_text="Date measured.")
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, help_text="The measured value."
    )
    source = serializers.CharField(read_only=True, help_text="Where the value comes from.")
    computed = serializers.BooleanField(
        source="is_computed",
        read_only=True,
        help_text="true when the portal measured it from its own data.",
    )
    baseline_value = serializers.DecimalField(
        source="indicator.baseline_value",
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="The indicator's baseline value.",
    )
    target_value = serializers.DecimalField(
        source="indicator.target_value",
        max_digits=16,
        decimal_places=2,
        read_only=True,
        help_text="The indicator's target value.",
    )
    target_date = serializers.DateField(
        source="indicator.target_on", read_only=True, help_text="The indicator's target date."
    )


class EcosystemRowSerializer(serializers.Serializer):
    measure = serializers.CharField(
        read_only=True, help_text="sector, area, stage, size, founded, hiring or funnel."
    )
    category = serializers.CharField(
        read_only=True, help_text="The sector, area, stage, size band, year or funnel step."
    )
    label = serializers.CharField(read_only=True, help_text="The category as the page names it.")
    count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Published tech businesses; empty when suppressed.",
    )
    suppressed = serializers.BooleanField(
        read_only=True,
        help_text="true when the count is fewer than 3, or would reveal one that is.",
    )


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Identifier of the event.")
    title = serializers.CharField(read_only=True, help_text="Name of the event.")
    kind = serializers.ChoiceField(
        choices=Event.Kind.choices, read_only=True, help_text="Type of event."
    )
    theme = serializers.ChoiceField(
        choices=Event.theme.field.choices, read_only=True, help_text="The strategy theme."
    )
    summary = serializers.CharField(read_only=True, help_text="One or two sentences about it.")
    organiser = SlugOfField(
        help_text="Slug of the organisation that runs it (see the organisations dataset)."
    )
    topics = SlugOfField(many=True, help_text="Slugs of the sectors it is about.")
    starts_at = serializers.DateTimeField(
        read_only=True, help_text="When it starts (the first time, for a repeating event)."
    )
    ends_at = serializers.DateTimeField(read_only=True, help_text="When it ends.")
    all_day = serializers.BooleanField(read_only=True, help_text="true for an all-day event.")
    repeats = serializers.ChoiceField(
        source="recurrence",
        choices=Event.Recurrence.choices,
        read_only=True,
        help_text="How it repeats: empty for once, weekly, monthly_nth or monthly_last.",
    )
    repeats_until = serializers.DateField(
        source="repeat_until",
        read_only=True,
        allow_null=True,
        help_text="The last date a repeating event runs.",
    )
    online = serializers.BooleanField(
        source="is_online", read_only=True, help_text="true for an online event."
    )
    venue = OptionalCharField(help_text="Venue and address; empty when online.")
    area = SlugOfField(allow_null=True, help_text="Slug of its area (see the areas dataset).")
    free = serializers.BooleanField(source="is_free", read_only=True, help_text="true when free.")
    price = OptionalCharField(help_text="The price, in words, when it is not free.")
    booking_url = OptionalURLField(help_text="Where to book.")
    # As schema.org's eventStatus; "status" and "state" mean moderation elsewhere.
    event_status = serializers.ChoiceField(
        source="state",
        choices=Event.State.choices,
        read_only=True,
        help_text="scheduled, postponed or cancelled.",
    )
    calendar_url = serializers.SerializerMethodField(
        help_text="The event as iCalendar (.ics), to add to a calendar."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, event):
        return settings.SITE_URL + reverse("events:ics", args=[event.slug])


class OrganisationIndustrySerializer(serializers.Serializer):
    organisation = SlugOfField(
        help_text="Slug of the tech business (see the organisations dataset)."
    )
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, help_text="Name of the tech business."
    )
    industry = SlugOfField(help_text="Slug of the industry it serves.")
    industry_name = serializers.CharField(
        source="industry.name", read_only=True, help_text="Name of the industry."
    )
    case = serializers.CharField(
        read_only=True, help_text="The business's short case from the industry; may be empty."
    )
