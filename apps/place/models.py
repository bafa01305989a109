"""Place: buildings, the spaces to let in them, enquiries and standing space needs.

The Building is the moderated unit. A landlord submits a building with its spaces in
one form and confirms one email address, and staff review the listing as a whole, so
a space is public only while its building is published and the space itself is
current (not past its expiry date and not expired or withdrawn).
"""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import tracked, tracked_links
from apps.core.models import Area
from apps.core.moderation.models import Moderated, ModeratedQuerySet, Status, StatusWording
from apps.core.web.images import CleanedImageField
from apps.core.web.search import shown_text_index
from apps.profile.models import Organisation

# A published space stays listed this long after it was last confirmed as current.
LISTING_DAYS = 90
# The landlord is reminded this many days before a space expires.
REMINDER_DAYS = 14


@tracked()
class Amenity(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "amenities"

    def __str__(self):
        return self.name


class BuildingQuerySet(ModeratedQuerySet):
    def for_landlord(self, organisation, *, today=None):
        """The published buildings an organisation lets, for its profile page, each with
        its area and how many of its spaces are to let now (`spaces_to_let`)."""
        today = today or timezone.localdate()
        return (
            self.published()
            .filter(landlord=organisation)
            .select_related("area")
            .only("name", "slug", "status", "area__name")
            .annotate(
                spaces_to_let=models.Count(
                    "spaces",
                    filter=Q(spaces__state=Space.State.LISTED, spaces__expires_on__gte=today),
                )
            )
            .order_by("name")
        )

    def for_page(self, *, today=None):
        """Published buildings with what the building page shows, live spaces included."""
        return (
            self.published()
            .select_related("area", "landlord")
            .prefetch_related(
                "amenities",
                models.Prefetch("photos", queryset=BuildingPhoto.objects.filter(approved=True)),
                models.Prefetch(
                    "spaces",
                    queryset=Space.objects.live(today=today).order_by("desks_min", "pk"),
                    to_attr="live_spaces",
                ),
            )
        )


@tracked()
class Building(Moderated):
    class Epc(models.TextChoices):
        A_PLUS = "A+", "A+"
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        F = "F", "F"
        G = "G", "G"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    address = models.CharField(max_length=250)
    postcode = models.CharField(max_length=10)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="buildings")
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    landlord = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="buildings")
    amenities = models.ManyToManyField(Amenity, blank=True, related_name="buildings")
    broadband_mbps = models.PositiveIntegerField(
        "broadband speed (Mbps)", null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    epc_rating = models.CharField("EPC rating", max_length=2, choices=Epc.choices, blank=True)
    step_free = models.BooleanField("step-free access", default=False)
    access_notes = models.TextField("accessibility notes", blank=True)

    objects = BuildingQuerySet.as_manager()

    submitter_editable_fields = (
        "name",
        "description",
        "address",
        "postcode",
        "area",
        "latitude",
        "longitude",
        "amenities",
        "broadband_mbps",
        "epc_rating",
        "step_free",
        "access_notes",
        "contact_name",
    )
    manage_url_name = "place:edit"

    search_vector = models.GeneratedField(
        expression=(
            SearchVector("name", weight="A", config="english")
            + SearchVector("address", weight="B", config="english")
            + SearchVector("postcode", weight="B", config="simple")
            + SearchVector("description", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="building_search_gin"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="building_name_trgm"),
            shown_text_index("name", "description", name="building_shown_fts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="building_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="building_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("place:building", args=[self.slug])


@tracked()
class BuildingPhoto(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="photos")
    image = CleanedImageField(upload_to="buildings/")
    alt_text = models.CharField(
        "alternative text",
        max_length=200,
        help_text="Describe the photo for people who cannot see it.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A photo the landlord adds or changes on a live listing waits for a moderator.
    approved = models.BooleanField(
        default=True,
        help_text="Shown on the public pages. A photo a landlord adds or changes on a live "
        "listing is shown once this is ticked.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="building_photo_alt_required"),
        ]

    def __str__(self):
        return self.alt_text


# The columns a space's card reads (for_search; place/includes/space_card.html): the
# space's own, then its building's.
CARD_FIELDS = [
    "slug",
    "name",
    "kind",
    "desks_min",
    "desks_max",
    "size_sqft",
    "price",
    "price_basis",
    "monthly_price_per_desk",
    "available_from",
    "building__name",
    "building__step_free",
    "building__area__name",
]

# The columns a space's page reads (for_page): the card's and the rest of the space and its
# building.
PAGE_FIELDS = [
    *CARD_FIELDS,
    "terms",
    "min_months",
    "building__slug",
    "building__description",
    "building__address",
    "building__postcode",
    "building__latitude",
    "building__longitude",
    "building__broadband_mbps",
    "building__epc_rating",
    "building__access_notes",
    "building__area__council",
    "building__landlord__name",
    "building__landlord__slug",
    "building__landlord__status",
]


class SpaceQuerySet(models.QuerySet):
    def live(self, *, today=None):
        """Spaces the public may see: listed, unexpired, in a published building."""
        today = today or timezone.localdate()
        return self.filter(
            building__status=Status.PUBLISHED,
            state=Space.State.LISTED,
            expires_on__gte=today,
        )

    def for_search(self, *, today=None):
        """Live spaces with what a search result shows (a card), and no other columns."""
        return self.live(today=today).select_related("building__area").only(*CARD_FIELDS)

    def for_listing(self, *, today=None):
        return self.live(today=today).select_related(
            "building", "building__area", "building__landlord"
        )

    def for_page(self, *, today=None):
        """A live space with what its page shows: its building's facts, and the building's
        amenity names and photos as arrays in the row rather than two more queries."""
        amenities = (
            Amenity.objects.filter(buildings=OuterRef("building_id"))
            .order_by("name")
            .values("name")
        )
        photos = (
            BuildingPhoto.objects.filter(building=OuterRef("building_id"), approved=True)
            .order_by("position", "pk")
            .values(photo=JSONObject(image="image", alt_text="alt_text"))
        )
        return (
            self.live(today=today)
            .select_related("building", "building__area", "building__landlord")
            # Only what the page shows: no search vectors, private contacts or audit fields.
            .only(*PAGE_FIELDS)
            .annotate(amenity_names=ArraySubquery(amenities), photo_rows=ArraySubquery(photos))
        )

    def in_building_of(self, slug):
        """These spaces in the building of the space `slug`, that space included.

        The building comes from a scalar subquery rather than a join back to the spaces,
        which PostgreSQL plans more simply.
        """
        building = Space.objects.filter(slug=slug).order_by().values("building_id")[:1]
        return self.filter(building_id=Subquery(building))

    def let(self):
        """Spaces let through the portal, in buildings that were published (a listing
        archived since still counts what it let)."""
        return self.filter(
            state=Space.State.LET, building__status__in=[Status.PUBLISHED, Status.ARCHIVED]
        )

    def fitting(self, desks):
        """Spaces whose desk range includes `desks`."""
        return self.filter(desks_min__lte=desks, desks_max__gte=desks)

    def due_reminder(self, *, today):
        """Listed spaces of published buildings that expire soon and have not been reminded."""
        return self.filter(
            building__status=Status.PUBLISHED,
            state=Space.State.LISTED,
            reminder_sent_on__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        )

    def past_expiry(self, *, today):
        """Listed spaces of published buildings past their date. An unpublished building's
        clock has not started: publishing it sets a fresh expiry date."""
        return self.filter(
            building__status=Status.PUBLISHED, state=Space.State.LISTED, expires_on__lt=today
        )

    def matching(self, need):
        """Live spaces that meet a standing need."""
        qs = self.live().fitting_range(need.desks_min, need.desks_max)
        if need.max_monthly_price_per_desk is not None:
            qs = qs.filter(monthly_price_per_desk__lte=need.max_monthly_price_per_desk)
        if need.kind:
            qs = qs.filter(kind=need.kind)
        if need.available_by:
            qs = qs.filter(available_from__lte=need.available_by)
        if need.step_free:
            qs = qs.filter(building__step_free=True)
        areas = [area.pk for area in need.areas.all()]
        if areas:
            qs = qs.filter(building__area__in=areas)
        return qs

    def fitting_range(self, low, high):
        """Spaces whose desk range overlaps low..high."""
        return self.filter(desks_min__lte=high, desks_max__gte=low)


@tracked()
class Space(models.Model):
    class Kind(models.TextChoices):
        PRIVATE_OFFICE = "private_office", "Private office"
        DEDICATED_DESK = "dedicated_desk", "Dedicated desk"
        HOT_DESK = "hot_desk", "Hot desk"
        LAB = "lab", "Lab or workshop"
        EVENT = "event", "Event space"

    class PriceBasis(models.TextChoices):
        DESK_MONTH = "desk_month", "per desk per month"
        SQFT_YEAR = "sqft_year", "per sq ft per year"

    class Terms(models.TextChoices):
        LICENCE = "licence", "Licence"
        LEASE = "lease", "Lease"

    class State(models.TextChoices):
        LISTED = "listed", "Listed"
        EXPIRED = "expired", "Expired (not re-confirmed)"
        WITHDRAWN = "withdrawn", "Withdrawn by the landlord"
        LET = "let", "Let"

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="spaces")
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(
        "name or unit", max_length=80, blank=True, help_text="For example, Suite 2.1."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    desks_min = models.PositiveSmallIntegerField(
        "fewest desks", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    desks_max = models.PositiveSmallIntegerField(
        "most desks", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    size_sqft = models.PositiveIntegerField(
        "size (sq ft)", validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="In pounds, excluding VAT.",
    )
    price_basis = models.CharField(max_length=20, choices=PriceBasis.choices)
    # One comparable figure for filtering and sorting: a per-sq-ft rent becomes the
    # monthly cost per desk with the space full (annual rent / 12 / most desks).
    monthly_price_per_desk = models.GeneratedField(
        expression=Case(
            When(price_basis="desk_month", then=F("price")),
            default=F("price") * F("size_sqft") / 12 / F("desks_max"),
        ),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )
    terms = models.CharField(max_length=10, choices=Terms.choices)
    min_months = models.PositiveSmallIntegerField(
        "minimum term (months)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )
    available_from = models.DateField()
    expires_on = models.DateField(
        help_text="Leaves the search after this date unless re-confirmed."
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.LISTED, db_index=True
    )
    # A let space leaves the search like a withdrawn one, but it is counted: the strategy's
    # "desks let" indicator adds up `desks_let` (services.desks_let_total).
    let_on = models.DateField(
        "let on", null=True, blank=True, help_text="The day the space was let (state Let)."
    )
    desks_let = models.PositiveSmallIntegerField(
        "desks let",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text="How many desks the new tenant took (state Let).",
    )
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    expired_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["building", "desks_min", "pk"]
        indexes = [
            models.Index(fields=["state", "expires_on"], name="space_state_expiry"),
            # The search's default order: its first page reads 20 index entries, not a sort
            # of every live space.
            models.Index(fields=["-created_at", "id"], name="space_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(desks_min__gte=1) & Q(desks_min__lte=F("desks_max")),
                name="space_desks_min_lte_max",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="space_price_not_negative"),
            models.CheckConstraint(condition=Q(size_sqft__gte=1), name="space_size_positive"),
            # A let space says when and how many desks: the indicator counts them.
            models.CheckConstraint(
                condition=~Q(state="let") | Q(let_on__isnull=False, desks_let__gte=1),
                name="space_let_has_date_and_desks",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {self.building.name}"

    def get_absolute_url(self):
        return reverse("place:detail", args=[self.slug])

    @property
    def title(self):
        return self.name or self.get_kind_display()

    @property
    def building_photos(self):
        """The building's photos, from the `photo_rows` that for_page() puts in the row."""
        return [BuildingPhoto(image=p["image"], alt_text=p["alt_text"]) for p in self.photo_rows]

    @property
    def desks_label(self):
        low, high = self.desks_min, self.desks_max
        if low == high:
            return f"{low} desk{'s' if low != 1 else ''}"
        return f"{low} to {high} desks"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.desks_min and self.desks_max and self.desks_min > self.desks_max:
            raise ValidationError(
                {"desks_max": "The most desks must be the same as or more than the fewest."}
            )
        if self.state == self.State.LET:
            errors = {}
            if self.let_on is None:
                errors["let_on"] = "Enter the day the space was let."
            if not self.desks_let:
                errors["desks_let"] = "Enter how many desks were let."
            if errors:
                raise ValidationError(errors)


@tracked()
class Enquiry(models.Model):
    """A business's enquiry about one space, forwarded to the landlord's private contact."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="enquiries")
    name = models.CharField("your name", max_length=120)
    email = models.EmailField("your email address")
    organisation_name = models.CharField("business name", max_length=150, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    desks = models.PositiveSmallIntegerField(
        "desks needed", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    message = models.TextField(max_length=3000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Everything the enquirer typed; only the space, desks and date are not personal.
    personal_fields = ("name", "email", "organisation_name", "phone", "message")
    # Deleted 12 months after it was sent (`manage.py purge_personal_data`); the landlord
    # has had it by email long before then.
    personal_data_retention = ("created_at", datetime.timedelta(days=365))

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"

    def __str__(self):
        # Not the enquirer's name: titles and audit pages show this to every role.
        return f"Enquiry {self.pk} about space {self.space_id}"


class SpaceNeedQuerySet(ModeratedQuerySet):
    def active(self):
        """Confirmed needs that still want matches."""
        return self.filter(status=Status.PUBLISHED).prefetch_related("areas")

    def demand_by_area(self):
        """Active needs per area, busiest first; a need naming no area counts as "anywhere"."""
        return (
            self.filter(status=Status.PUBLISHED)
            .values("areas__name")
            .annotate(needs=models.Count("pk"), desks=models.Sum("desks_min"))
            .order_by("-needs", "areas__name")
        )

    def demand_summary(self):
        """Totals across active needs, safe to show publicly: no business is identifiable."""
        return self.filter(status=Status.PUBLISHED).aggregate(
            businesses=models.Count("pk"), desks=models.Sum("desks_min")
        )


@tracked()
class SpaceNeed(Moderated):
    """A business's standing request for space, matched against newly published spaces.

    It is never shown publicly; "published" means confirmed and active.
    """

    organisation_name = models.CharField("business name", max_length=150)
    desks_min = models.PositiveSmallIntegerField(
        "fewest desks", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    desks_max = models.PositiveSmallIntegerField(
        "most desks", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="space_needs")
    kind = models.CharField(max_length=20, choices=Space.Kind.choices, blank=True)
    max_monthly_price_per_desk = models.DecimalField(
        "most per desk per month (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    available_by = models.DateField("needed from", null=True, blank=True)
    step_free = models.BooleanField("needs step-free access", default=False)
    notes = models.TextField(blank=True, max_length=2000)
    matched_spaces = models.ManyToManyField(
        Space, through="NeedMatch", blank=True, related_name="matched_needs"
    )

    objects = SpaceNeedQuerySet.as_manager()

    # The business's name is what the need is about (like an organisation's name); the
    # notes are free text and may say anything about the people behind it.
    personal_fields = (*Moderated.personal_fields, "notes")

    manage_url_name = "place:need_edit"
    # A need is private: once accepted it is "active", and "matched" once a space fits.
    status_wording = {
        Status.PENDING: StatusWording(
            "In review",
            "Thank you for confirming your email address. Our team is checking your "
            "request, usually within two working days. We will email you when it is active.",
        ),
        Status.PUBLISHED: StatusWording(
            "Active",
            "Your request is private: only our team sees it. We email you each time a newly "
            "listed space fits it.",
            link_text="Search the spaces listed now",
        ),
        "matched": StatusWording(
            "Matched",
            "We have emailed you about spaces that fit your request. It stays private and "
            "active: we email you each time another space fits it.",
            link_text="Search the spaces listed now",
        ),
        Status.REJECTED: StatusWording("Not accepted", "We could not accept your request."),
        Status.ARCHIVED: StatusWording(
            "Closed", "Your request is closed: we no longer look for spaces that fit it."
        ),
        "changes_approved": StatusWording(
            "Changes approved", "We use them from now on to find spaces that fit."
        ),
    }

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(desks_min__gte=1) & Q(desks_min__lte=F("desks_max")),
                name="space_need_desks_min_lte_max",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name}: {self.desks_min} to {self.desks_max} desks"

    def status_key(self):
        if self.status == Status.PUBLISHED and self.matches.exists():
            return "matched"
        return self.status

    def get_absolute_url(self):
        """The search, filtered as closely as one query string can to this need."""
        query = {"desks": self.desks_min}
        if self.kind:
            query["kind"] = self.kind
        if self.max_monthly_price_per_desk is not None:
            query["max_price"] = self.max_monthly_price_per_desk
        if self.step_free:
            query["step_free"] = "on"
        return f"{reverse('place:search')}?{urlencode(query)}"


@tracked()
class NeedMatch(models.Model):
    """A space that met a need, and when the business was told."""

    need = models.ForeignKey(SpaceNeed, on_delete=models.CASCADE, related_name="matches")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="need_matches")
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_at"]
        verbose_name_plural = "need matches"
        constraints = [
            models.UniqueConstraint(fields=["need", "space"], name="one_match_per_need_space"),
        ]

    def __str__(self):
        return f"{self.need} ↔ {self.space}"


tracked_links(Building.amenities.through, app_label="place", model_name="BuildingAmenityEvent")
tracked_links(SpaceNeed.areas.through, app_label="place", model_name="SpaceNeedAreaEvent")
