from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.urls import reverse

from apps.core.audit import tracked, tracked_links
from apps.core.models import Area, Moderated, ModeratedQuerySet

SEARCH_CONFIG = "english"


@tracked()
class Sector(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(ModeratedQuerySet):
    def for_directory(self):
        """Published organisations with what a directory card shows."""
        return (
            self.published()
            .select_related("area")
            .prefetch_related("sectors")
            .only(
                "name",
                "slug",
                "kind",
                "summary",
                "logo",
                "employee_band",
                "hiring_now",
                "area__name",
                "area__slug",
                "status",
            )
            .order_by("name")
        )

    def for_profile(self):
        return self.published().select_related("area").prefetch_related("sectors")

    def search(self, text):
        """Full-text match on name, sectors, summary and description, best first."""
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name")
        )


# Sector names are a copy kept for search; the sectors themselves are tracked.
@tracked(exclude=["sector_names"])
class Organisation(Moderated):
    """A business or body in the region's tech sector: one record used by every theme."""

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
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(
        max_length=280,
        help_text="One or two sentences shown in the directory. 280 characters at most.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    employee_band = models.CharField("size", max_length=10, choices=EmployeeBand.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="organisations")
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
    )
    manage_url_name = "profile:edit"

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_gin"),
            models.Index(fields=["status", "name"], name="organisation_status_name"),
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

    @property
    def initials(self):
        return "".join(word[0] for word in self.name.split()[:2]).upper()


tracked_links(
    Organisation.sectors.through, app_label="profile", model_name="OrganisationSectorEvent"
)
