"""Support programmes: accelerators, mentoring, training, grants with cohorts and
university spin-out support, each run by a directory organisation, with the windows in
which its cohorts take applications.

Staff keep programmes in the admin. A provider's contact proposes a change through a
public form (`ProgrammeChange`, a moderated submission); once staff approve it, the
change is applied to the programme (apps/programmes/signals.py).
"""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.urls import reverse

from apps.core.audit import tracked
from apps.core.moderation.models import Moderated, ModeratedQuerySet, StatusWording
from apps.core.moderation.models import Status as ModerationStatus
from apps.core.web.search import shown_text_index
from apps.profile.models import Organisation, Sector

Stage = Organisation.Stage
Size = Organisation.EmployeeBand


def _current_windows(today):
    """Windows still to close: open now, or opening later. Rolling windows never close."""
    return Q(closes_on__isnull=True) | Q(closes_on__gte=today)


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        """Programmes staff have published, run by a published directory organisation.
        Drafts, and programmes of an organisation not (or no longer) listed, never reach
        any public surface."""
        return self.filter(
            status=Programme.Status.PUBLISHED, provider__status=ModerationStatus.PUBLISHED
        )

    def current(self, today):
        """Published programmes with a window open now or later. A programme leaves the
        day after its last window closes. `today` is passed in, never read from the clock."""
        windows = CohortWindow.objects.filter(_current_windows(today), programme=OuterRef("pk"))
        return self.published().filter(Exists(windows))

    def open_now(self, today):
        """Taking applications on `today`: a window opened on or before it, closing on or after."""
        windows = CohortWindow.objects.filter(
            _current_windows(today), programme=OuterRef("pk"), opens_on__lte=today
        )
        return self.filter(Exists(windows))

    def for_stage(self, stage):
        """Programmes for a business at `stage`; none listed means any stage."""
        return self.filter(Q(stages__contains=[stage]) | Q(stages=[]))

    def for_sector(self, sector):
        """Programmes for `sector`; none listed means any sector."""
        through = Programme.sectors.through.objects.filter(programme=OuterRef("pk"))
        return self.filter(Exists(through.filter(sector=sector)) | ~Exists(through))

    def for_provider(self, organisation, today):
        return self.for_listing(today).filter(provider=organisation)

    def for_home(self, today, count=3):
        """Programmes open for applications on `today`, soonest closing first, with what
        a card shows: the home page's "Open for applications"."""
        return self.for_listing(today).open_now(today)[:count]

    def for_listing(self, today):
        """Current programmes with what a card shows: provider, sectors and the windows
        still to close, soonest closing first."""
        return (
            self.current(today)
            .select_related("provider")
            .prefetch_related(
                Prefetch("sectors", queryset=Sector.objects.order_by("name")),
                Prefetch(
                    "windows",
                    queryset=CohortWindow.objects.filter(_current_windows(today)).order_by(
                        "opens_on", "pk"
                    ),
                    to_attr="current_windows",
                ),
            )
            .annotate(
                next_closes_on=Min("windows__closes_on", filter=Q(windows__closes_on__gte=today))
            )
            .order_by(models.F("next_closes_on").asc(nulls_last=True), "title", "pk")
        )


@tracked()
class Programme(models.Model):
    """A support programme staff curate, run by an organisation in the directory."""

    class Kind(models.TextChoices):
        ACCELERATOR = "accelerator", "Accelerator"
        MENTORING = "mentoring", "Mentoring"
        TRAINING = "training", "Training"
        GRANT_COHORT = "grant_cohort", "Grant with a cohort"
        SPINOUT = "spinout", "University spin-out support"

    class Cost(models.TextChoices):
        FREE = "free", "Free"
        PAID = "paid", "Paid"
        EQUITY = "equity", "Takes equity"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The directory organisation that runs it.",
    )
    summary = models.CharField(max_length=280, help_text="One or two sentences for the listing.")
    description = models.TextField(help_text="What it offers and who it is for, in plain English.")
    stages = ArrayField(
        models.CharField(max_length=20, choices=Stage.choices),
        blank=True,
        default=list,
        help_text="Business stages it is for. Leave empty if any stage may apply.",
    )
    sizes = ArrayField(
        models.CharField(max_length=10, choices=Size.choices),
        blank=True,
        default=list,
        help_text="Business sizes it is for. Leave empty if any size may apply.",
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="programmes",
        help_text="Leave empty if it is open to any sector.",
    )
    cost = models.CharField(max_length=10, choices=Cost.choices)
    cost_detail = models.CharField(
        "cost or equity, in words",
        max_length=150,
        blank=True,
        help_text="For example: £450 per place, or 7% equity for £60,000.",
    )
    url = models.URLField("link", help_text="Where to find out more and apply.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("description", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="programme_search_gin"),
            shown_text_index("title", "summary", name="programme_shown_fts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.slug])

    def get_stages_display(self):
        labels = dict(Stage.choices)
        return [labels.get(stage, stage) for stage in self.stages]

    def get_sizes_display(self):
        labels = dict(Size.choices)
        return [labels.get(size, size) for size in self.sizes]


@tracked()
class CohortWindow(models.Model):
    """When one cohort takes applications, and when it starts."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="windows")
    label = models.CharField(
        max_length=80, blank=True, help_text="For example: Spring 2027 cohort."
    )
    opens_on = models.DateField("applications open")
    closes_on = models.DateField(
        "applications close",
        null=True,
        blank=True,
        help_text="The last day to apply. Leave empty if applications are taken at any time.",
    )
    starts_on = models.DateField(
        "cohort starts", null=True, blank=True, help_text="Leave empty if not fixed yet."
    )

    class Meta:
        ordering = ["opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(opens_on__lte=models.F("closes_on")),
                name="cohortwindow_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.label or f"Opens {self.opens_on:%d %B %Y}"

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError(
                {"closes_on": "The closing date must be on or after the opening date."}
            )

    def is_open_on(self, today):
        return self.opens_on <= today and (self.closes_on is None or self.closes_on >= today)


class ProgrammeChangeQuerySet(ModeratedQuerySet):
    pass


@tracked()
class ProgrammeChange(Moderated):
    """A change to a programme proposed by its provider's contact. It goes through the one
    moderation mechanism; once approved, its fields are applied to the programme and any
    new window is added."""

    # Once approved it has become the programme's own text: withdrawn only while it waits,
    # and changed only while it waits or after it was turned down.
    withdrawable_statuses = (ModerationStatus.PENDING,)
    editable_statuses = (ModerationStatus.PENDING, ModerationStatus.REJECTED)
    manage_url_name = "programmes:change_edit"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="changes")
    summary = models.CharField(max_length=280)
    description = models.TextField()
    cost = models.CharField(max_length=10, choices=Programme.Cost.choices)
    cost_detail = models.CharField("cost or equity, in words", max_length=150, blank=True)
    url = models.URLField("link")
    window_label = models.CharField("new cohort's name", max_length=80, blank=True)
    window_opens_on = models.DateField("new cohort: applications open", null=True, blank=True)
    window_closes_on = models.DateField("new cohort: applications close", null=True, blank=True)
    window_starts_on = models.DateField("new cohort: starts", null=True, blank=True)
    note = models.TextField("note to staff", blank=True)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProgrammeChangeQuerySet.as_manager()

    personal_fields = ("contact_name", "contact_email", "note")
    personal_data_retention = ("submitted_at", datetime.timedelta(days=365))

    status_wording = {
        "published": StatusWording(
            "Changes approved",
            "They are now on the programme's page.",
        ),
        "rejected": StatusWording("Not approved", "We could not make the change."),
    }

    # The programme fields a proposal replaces when it is approved.
    APPLIED_FIELDS = ("summary", "description", "cost", "cost_detail", "url")

    class Meta:
        verbose_name = "proposed programme change"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.programme.title} ({self.reference})"

    def clean(self):
        errors = {}
        window = (self.window_opens_on, self.window_closes_on, self.window_starts_on)
        if any(window) or self.window_label:
            if not self.window_opens_on:
                errors["window_opens_on"] = "Give the day applications open for the new cohort."
            elif self.window_closes_on and self.window_closes_on < self.window_opens_on:
                errors["window_closes_on"] = (
                    "The closing date must be on or after the opening date."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def has_window(self):
        return self.window_opens_on is not None

    @property
    def contact_matches_provider(self):
        """Whether the proposer's confirmed address is the provider's own contact."""
        provider_email = self.programme.provider.contact_email.strip().lower()
        return bool(provider_email) and self.contact_email.strip().lower() == provider_email
