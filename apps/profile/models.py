from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.audit import tracked, tracked_links
from apps.core.models import Area
from apps.core.moderation.models import Moderated, ModeratedQuerySet
from apps.core.web.images import CleanedImageField
from apps.core.web.search import shown_text_index
from apps.core.web.text import render_markdown

SEARCH_CONFIG = "english"

# A business's case for one industry it serves: a short paragraph.
CASE_MAX_LENGTH = 600


@tracked()
class Sector(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class IndustryQuerySet(models.QuerySet):
    def with_business_count(self):
        """Each industry with how many published tech businesses serve it (`business_count`)."""
        return self.annotate(
            business_count=Count(
                "organisation_links",
                filter=models.Q(
                    organisation_links__organisation__status="published",
                    organisation_links__organisation__role=Organisation.Role.TECH,
                ),
            )
        )


@tracked()
class Industry(models.Model):
    """An industry a tech business may serve: health and care, energy, manufacturing...
    Staff curate the list; businesses say which they serve (OrganisationIndustry)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(
        "short description",
        max_length=280,
        help_text="One or two sentences for a buyer from this industry.",
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="industries",
        verbose_name="tech sectors that matter",
        help_text="The tech sectors that matter most to this industry. Its page lists the "
        "support programmes for them.",
    )
    display_order = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Lower comes first."
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = IndustryQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "industries"
        indexes = [
            GinIndex(fields=["search_vector"], name="industry_search_gin"),
            shown_text_index("name", "summary", name="industry_shown_fts"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("industries:detail", args=[self.slug])


# What the open data publishes of an organisation (apps.opendata's serializer).
EXPORT_FIELDS = (
    "slug",
    "name",
    "role",
    "kind",
    "summary",
    "description",
    "website",
    "logo",
    "founded_year",
    "employee_band",
    "stage",
    "area",
    "hiring_now",
    "hiring_url",
    "public_email",
    "companies_house_number",
)


class OrganisationQuerySet(ModeratedQuerySet):
    def tech_businesses(self):
        """Organisations whose role is tech business: what the directory lists and counts
        by default. Landlords, support organisations, education, public bodies and
        investors are in the directory too, found with its role filter."""
        return self.filter(role=Organisation.Role.TECH)

    def with_sector_list(self):
        """Each organisation's sectors' names, by name, in `sector_list`: in the row itself,
        not a prefetch, so one query fewer and no Sector objects."""
        names = Sector.objects.filter(organisations=OuterRef("pk")).order_by("name").values("name")
        return self.annotate(sector_list=ArraySubquery(names))

    def for_directory(self):
        """Published organisations with what a directory card shows: their area's name
        and their sectors' names (in `sector_list`)."""
        return (
            self.published()
            .select_related("area")
            .with_sector_list()
            .only(
                "name",
                "slug",
                "role",
                "kind",
                "summary",
                "logo",
                "employee_band",
                "hiring_now",
                "status",
                "area__name",
            )
            .order_by("name")
        )

    def with_match_count(self):
        """How many rows the query matches, in every row as `match_count` (a window
        count): a ranked search's sort reads every match anyway, so its page needs no
        COUNT query of its own."""
        return self.annotate(match_count=Window(Count("*")))

    def for_export(self):
        """Published organisations with their area and their sectors' slugs (in
        `sector_slugs`, by sector name): the open-data rows.

        Only the public fields: the search vector (about 2 KB, stored out of line) and the
        private contact would otherwise be read and sent for every row.
        """
        sector_slugs = (
            Sector.objects.filter(organisations=OuterRef("pk")).order_by("name").values("slug")
        )
        return (
            self.published()
            .select_related("area")
            .only(*EXPORT_FIELDS, "area__slug", "status")
            # In the row itself, not a prefetch: one query fewer and no Sector objects.
            .annotate(sector_slugs=ArraySubquery(sector_slugs))
        )

    def for_profile(self):
        """A published organisation with its sectors' names (`sector_list`) and the public
        stories featuring it."""
        return (
            self.published()
            .select_related("area")
            # Both are used in SQL only (search); the vector is about 2 KB per row.
            .defer("search_vector", "sector_names", "sector_ids")
            .with_sector_list()
            .prefetch_related(
                models.Prefetch(
                    "stories",
                    queryset=Story.objects.published()
                    .only("title", "slug", "kind", "summary", "published_at")
                    .order_by("-published_at", "pk"),
                    to_attr="published_stories",
                ),
                models.Prefetch(
                    "industry_links",
                    queryset=OrganisationIndustry.objects.select_related("industry"),
                    to_attr="industries_served",
                ),
            )
        )

    def serving(self, industry):
        """Tech businesses that say they serve `industry`, each with its case for it in
        `industry_case` ("" when it gave none)."""
        links = OrganisationIndustry.objects.filter(organisation=OuterRef("pk"), industry=industry)
        return (
            self.tech_businesses()
            .filter(Exists(links))
            .annotate(industry_case=Subquery(links.values("case")[:1]))
        )

    def with_industry_list(self):
        """Each organisation's industries' names, in the industries' order, in `industry_list`."""
        names = (
            Industry.objects.filter(organisation_links__organisation=OuterRef("pk"))
            .order_by("display_order", "name")
            .values("name")
        )
        return self.annotate(industry_list=ArraySubquery(names))

    def in_sector(self, sector):
        """Organisations in `sector` (the GIN-indexed copy of their sectors' ids)."""
        return self.filter(sector_ids__contains=[sector.pk])

    def search(self, text):
        """Full-text match on name, sectors, summary and description, best first."""
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name")
        )


# Sector names are a copy kept for search; the sectors themselves are tracked.
@tracked(exclude=["sector_names", "sector_ids"])
class Organisation(Moderated):
    """A business or body in the region's tech sector: one record used by every theme."""

    class Role(models.TextChoices):
        """What the organisation is to the tech sector. The directory lists and counts
        tech businesses unless asked for another role."""

        TECH = "tech", "Tech business"
        LANDLORD = "landlord", "Landlord"
        SUPPORT = "support", "Support organisation"
        EDUCATION = "education", "Education"
        PUBLIC_BODY = "public", "Public body"
        INVESTOR = "investor", "Investor"

    class Kind(models.TextChoices):
        STARTUP = "startup", "Start-up"
        SCALEUP = "scaleup", "Scale-up"
        SME = "sme", "SME"
        ENTERPRISE = "enterprise", "Enterprise"
        AGENCY = "agency", "Digital agency"
        UNIVERSITY = "university", "University"
        TRAINING = "training", "Training provider"
        INVESTOR = "investor", "Investor"
        PUBLIC_BODY = "public", "Public body"
        NETWORK = "network", "Network or community"

    class EmployeeBand(models.TextChoices):
        MICRO = "1-9", "1 to 9 people"
        SMALL = "10-49", "10 to 49 people"
        MEDIUM = "50-249", "50 to 249 people"
        LARGE = "250+", "250 or more people"

    class Stage(models.TextChoices):
        IDEA = "idea", "Idea or pre-revenue"
        EARLY = "early", "Early revenue"
        GROWTH = "growth", "Growing"
        ESTABLISHED = "established", "Established"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.TECH,
        help_text="What it is to the sector. The directory lists and counts tech businesses "
        "unless a visitor picks another role.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(
        max_length=280,
        help_text="One or two sentences shown in the directory. 280 characters at most.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    logo = CleanedImageField(upload_to="logos/", blank=True, max_side=800)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    employee_band = models.CharField("size", max_length=10, choices=EmployeeBand.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    # A tech business names at least one (the public form requires it); a landlord or an
    # investor may name none.
    sectors = models.ManyToManyField(Sector, related_name="organisations", blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    hiring_now = models.BooleanField("hiring now", default=False)
    hiring_url = models.URLField("jobs page", blank=True)
    public_email = models.EmailField(
        "public email", blank=True, help_text="Shown on the profile only if given."
    )
    companies_house_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$", "Enter 8 characters, like 01234567 or SC123456."
            )
        ],
    )
    # Sector names copied here (by signals) so the generated search vector can include them.
    sector_names = models.TextField(blank=True, editable=False)
    # Sector ids copied here (by the same signals) so that filtering by sector needs no join:
    # with a join the planner checks the search on every row of the sector, reading each
    # out-of-line search vector, instead of combining the two GIN indexes.
    sector_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("sector_names", weight="B", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()

    # A public email is shown only if given, but it is often a person's own address.
    personal_fields = (*Moderated.personal_fields, "public_email")

    submitter_editable_fields = (
        "name",
        "kind",
        "summary",
        "description",
        "website",
        "logo",
        "founded_year",
        "employee_band",
        "stage",
        "sectors",
        "area",
        "hiring_now",
        "hiring_url",
        "public_email",
        "companies_house_number",
        "contact_name",
        "industry_links",
    )
    manage_url_name = "profile:edit"

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_gin"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="organisation_name_trgm"),
            shown_text_index("name", "summary", name="organisation_shown_fts"),
            GinIndex(fields=["sector_ids"], name="organisation_sector_ids_gin"),
            models.Index(fields=["status", "name"], name="organisation_status_name"),
            # The directory's default listing and the home page's count: one role, by name.
            models.Index(fields=["status", "role", "name"], name="organisation_status_role_name"),
            # The home page's newest businesses (read backwards: reviewed_at descending)
            # and the open data's "last updated" (the latest of each, per status).
            models.Index(fields=["status", "reviewed_at"], name="organisation_status_reviewed"),
            models.Index(
                fields=["status", "last_confirmed_at"], name="organisation_status_confirmed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1800, founded_year__lte=2100),
                name="organisation_founded_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profile:detail", args=[self.slug])

    # The role a new entry takes from the kind its submitter chose; staff may change it.
    ROLE_FOR_KIND = {
        Kind.UNIVERSITY: Role.EDUCATION,
        Kind.TRAINING: Role.EDUCATION,
        Kind.INVESTOR: Role.INVESTOR,
        Kind.PUBLIC_BODY: Role.PUBLIC_BODY,
        Kind.NETWORK: Role.SUPPORT,
    }

    @classmethod
    def role_for_kind(cls, kind):
        return cls.ROLE_FOR_KIND.get(kind, cls.Role.TECH)

    @property
    def is_tech_business(self):
        return self.role == self.Role.TECH

    @property
    def submission_kind(self):
        """What the submitter's emails call it: a tech business's directory entry, or the
        profile of a landlord, university, investor and so on."""
        if self.is_tech_business:
            return "directory entry"
        return f"{self.get_role_display().lower()} profile"

    @property
    def initials(self):
        return "".join(word[0] for word in self.name.split()[:2]).upper()


class OrganisationIndustryQuerySet(models.QuerySet):
    def published(self):
        """Industries served by published tech businesses: the only ones any page shows."""
        return self.filter(
            organisation__status="published", organisation__role=Organisation.Role.TECH
        )

    def for_export(self):
        """The open-data rows: each published tech business and industry it serves."""
        return (
            self.published()
            .select_related("organisation", "industry")
            .only(
                "case",
                "organisation__slug",
                "organisation__name",
                "industry__slug",
                "industry__name",
            )
            .order_by("organisation__name", "industry__display_order", "industry__name", "pk")
        )


@tracked()
class OrganisationIndustry(models.Model):
    """A tech business serves an industry, with an optional short case: what it did for
    a customer in that industry. Part of the business's profile: the submitter edits it
    with the rest, and a change to a published profile waits for review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="industry_links"
    )
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="organisation_links"
    )
    case = models.TextField(
        "short case",
        blank=True,
        max_length=CASE_MAX_LENGTH,
        help_text="Optional. What the business did for a customer in this industry.",
    )

    objects = OrganisationIndustryQuerySet.as_manager()

    # The fields a profile snapshot carries for each row (apps.core.moderation.snapshots).
    snapshot_fields = ("industry", "case")

    class Meta:
        ordering = ["industry__display_order", "industry__name"]
        verbose_name = "industry served"
        verbose_name_plural = "industries served"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "industry"], name="organisation_industry_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} serves {self.industry}"


# Paths under /stories/ that a story's slug must not take.
RESERVED_STORY_SLUGS = {"feed", "preview"}


class StoryQuerySet(models.QuerySet):
    def published(self, now=None):
        """Stories the public may see: published, and their publication time has come.

        A story published with a future date stays hidden until then (scheduled publishing).
        """
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def next_publication(self, now):
        """When the next story scheduled for a future time goes public, or None."""
        scheduled = self.filter(status=Story.Status.PUBLISHED, published_at__gt=now)
        return scheduled.aggregate(at=models.Min("published_at"))["at"]

    def for_listing(self, now=None):
        """Public stories, newest first, with their published featured organisations."""
        return (
            self.published(now)
            # Used in SQL only; about as long as the body, and stored out of line.
            .defer("search_vector")
            .prefetch_related(
                models.Prefetch(
                    "organisations",
                    queryset=Organisation.objects.published().only("name", "slug", "status"),
                )
            )
            .order_by("-published_at", "pk")
        )

    def for_cards(self, now=None):
        """Public stories, newest first, as a card shows them: without the body, and with
        the name and slug of each published featured organisation (by name) in
        `featured_organisations`, in the row rather than a prefetch."""
        featured = (
            Organisation.objects.published()
            .filter(stories=OuterRef("pk"))
            .order_by("name", "pk")
            .values(organisation=JSONObject(name="name", slug="slug"))
        )
        return (
            self.published(now)
            .defer("search_vector", "body")
            .annotate(featured_organisations=ArraySubquery(featured))
            .order_by("-published_at", "pk")
        )


@tracked()
class Story(models.Model):
    """A news item, case study or interview, written by staff in Markdown."""

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        CASE_STUDY = "case_study", "Case study"
        INTERVIEW = "interview", "Interview"

    class Theme(models.TextChoices):
        PEOPLE = "people", "People"
        PLACE = "place", "Place"
        PROFILE = "profile", "Profile"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    summary = models.CharField(
        max_length=280, help_text="One or two sentences for lists, the feed and shared links."
    )
    body = models.TextField(
        help_text="Markdown: ## for headings, **bold**, [link text](https://…) and - for lists."
    )
    image = CleanedImageField("lead image", upload_to="stories/", blank=True)
    image_alt = models.CharField(
        "lead image alt text",
        max_length=250,
        blank=True,
        help_text="Describe what the image shows for people who cannot see it. "
        "Required when there is an image.",
    )
    author = models.CharField("byline", max_length=120, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="stories",
        verbose_name="featured organisations",
    )
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Shown first on the home page."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="A future time schedules the story: it appears then, not before.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-published_at", "pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="story_search_gin"),
            shown_text_index("title", "summary", name="story_shown_fts"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="story_title_trgm"),
            # The home page's stories: featured first, then newest (read backwards).
            models.Index(
                fields=["status", "is_featured", "published_at"], name="story_status_featured"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="story_image_has_alt_text",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="story_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for people who cannot see it."
        if self.slug in RESERVED_STORY_SLUGS:
            errors["slug"] = "This address is used by the site. Choose another."
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            errors["published_at"] = "Give a publication time, or save the story as a draft."
        if errors:
            raise ValidationError(errors)

    @cached_property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


@tracked()
class KeyMessage(models.Model):
    """One of the sector's key messages for the brand toolkit."""

    title = models.CharField(max_length=120)
    body = models.TextField(help_text="Two or three sentences people can reuse as they are.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class KeyFactQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def headline(self):
        """Published facts staff chose to headline, for the home page and other pages."""
        return self.published().filter(is_headline=True)


@tracked()
class KeyFact(models.Model):
    """A headline figure with its source, reusable on any page."""

    figure = models.CharField(max_length=30, help_text="The number as shown, such as 30%.")
    statement = models.CharField(
        max_length=250,
        help_text="What the figure means, as a sentence, such as ‘growth in the sector "
        "forecast over the next three years’.",
    )
    source = models.CharField(max_length=200, help_text="Who published the figure.")
    source_url = models.URLField("link to the source", blank=True)
    as_of = models.DateField("as of", help_text="When the figure was true or published.")
    is_headline = models.BooleanField("headline", default=False)
    is_published = models.BooleanField("published", default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = KeyFactQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.figure} {self.statement}"


# Staff upload these; SVG is left out because a same-origin SVG can carry script.
BRAND_ASSET_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "zip", "eps"]


class BrandAssetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


@tracked()
class BrandAsset(models.Model):
    """A downloadable logo, photograph or guideline document, with its licence."""

    class Kind(models.TextChoices):
        LOGO = "logo", "Logo"
        PHOTOGRAPHY = "photography", "Photography"
        GUIDELINES = "guidelines", "Guidelines"
        TEMPLATE = "template", "Template"

    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=280, blank=True)
    file = models.FileField(
        upload_to="brand/",
        validators=[FileExtensionValidator(BRAND_ASSET_EXTENSIONS)],
        help_text="PDF, PNG, JPEG, ZIP or EPS.",
    )
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    licence = models.CharField(
        max_length=200,
        help_text="What people may do with it, such as ‘Open Government Licence v3.0’.",
    )
    licence_url = models.URLField("link to the licence", blank=True)
    is_published = models.BooleanField("published", default=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = BrandAssetQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored so the toolkit page shows sizes without touching storage for every file.
        if self.file:
            self.file_size = self.file.size
        super().save(*args, **kwargs)

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if self.file else ""


tracked_links(
    Organisation.sectors.through, app_label="profile", model_name="OrganisationSectorEvent"
)


tracked_links(Story.organisations.through, app_label="profile", model_name="StoryOrganisationEvent")
tracked_links(Industry.sectors.through, app_label="profile", model_name="IndustrySectorEvent")
