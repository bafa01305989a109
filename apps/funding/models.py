import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import tracked, tracked_links
from apps.core.models import Area
from apps.core.moderation.models import new_reference
from apps.core.referrals import OutcomeQuerySet, TrackedEnquiry, TrackedReferral
from apps.core.web.search import shown_text_index
from apps.profile.models import Organisation, Sector

# Funding stages are the directory's business stages, so an enquiry or a profile can be
# matched against an opportunity without a translation table.
Stage = Organisation.Stage


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        """Opportunities staff have published; drafts and archived ones never reach the public."""
        return self.filter(status=Opportunity.Status.PUBLISHED)

    def not_closed(self, today):
        """Still open, or opening later: an opportunity drops out the day after it closes."""
        return self.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))

    def open_now(self, today):
        """Taking applications on `today`: opened on or before it and closing on or after it."""
        return self.not_closed(today).filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))

    def for_amount(self, amount):
        """Opportunities whose range covers `amount`; an unstated bound is open-ended."""
        return self.filter(
            Q(amount_min__isnull=True) | Q(amount_min__lte=amount),
            Q(amount_max__isnull=True) | Q(amount_max__gte=amount),
        )

    def for_stage(self, stage):
        """Opportunities for a business at `stage`; no stages listed means any stage."""
        return self.filter(Q(stages__contains=[stage]) | Q(stages=[]))

    def for_listing(self, today):
        """Public, not yet closed opportunities with what a listing card shows.

        `today` is passed in, not read from the clock, so callers and tests control time.
        """
        return (
            self.published()
            .not_closed(today)
            .select_related("area")
            .prefetch_related("sectors")
            .order_by(models.F("closes_on").asc(nulls_last=True), "title")
        )


@tracked()
class Opportunity(models.Model):
    """A grant, loan, investment, accelerator or award that staff curate for businesses."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        LOAN = "loan", "Loan"
        EQUITY = "equity", "Equity investment"
        ACCELERATOR = "accelerator", "Accelerator"
        AWARD = "award", "Award or prize"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    provider = models.CharField(max_length=150, help_text="Who offers it, as they name themselves.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=280, help_text="One or two sentences for the listing.")
    eligibility = models.TextField(help_text="Who can apply, in plain English.")
    stages = ArrayField(
        models.CharField(max_length=20, choices=Stage.choices),
        blank=True,
        default=list,
        help_text="Business stages it suits. Leave empty if any stage may apply.",
    )
    amount_min = models.PositiveIntegerField(
        "smallest amount (£)", null=True, blank=True, help_text="Leave empty if there is none."
    )
    amount_max = models.PositiveIntegerField(
        "largest amount (£)", null=True, blank=True, help_text="Leave empty if there is none."
    )
    opens_on = models.DateField(
        null=True, blank=True, help_text="Leave empty if it is already open."
    )
    closes_on = models.DateField(
        null=True, blank=True, help_text="The last day to apply. Leave empty if rolling."
    )
    is_rolling = models.BooleanField(
        "rolling", default=False, help_text="Applications are taken at any time, with no deadline."
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="funding_opportunities",
        help_text="Leave empty if it is open to any sector.",
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_opportunities",
        help_text="Leave empty if it covers all of Newcastle and Gateshead.",
    )
    url = models.URLField("link", help_text="Where to find out more and apply.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("provider", weight="B", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("eligibility", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "closes_on"], name="opportunity_status_closes"),
            GinIndex(fields=["search_vector"], name="opportunity_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="opportunity_title_trgm"),
            shown_text_index("title", "summary", name="opportunity_shown_fts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="opportunity_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(opens_on__lte=models.F("closes_on")),
                name="opportunity_dates_in_order",
            ),
            # Either it has a closing date or it is rolling, never both and never neither.
            models.CheckConstraint(
                condition=Q(is_rolling=True, closes_on__isnull=True)
                | Q(is_rolling=False, closes_on__isnull=False),
                name="opportunity_rolling_or_closing_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            errors["amount_max"] = "The largest amount must be at least the smallest amount."
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            errors["closes_on"] = "The closing date must be on or after the opening date."
        if self.is_rolling and self.closes_on:
            errors["closes_on"] = "A rolling opportunity has no closing date: clear one of them."
        if not self.is_rolling and not self.closes_on:
            errors["closes_on"] = "Give a closing date, or tick ‘rolling’."
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, today):
        return (self.opens_on is None or self.opens_on <= today) and (
            self.closes_on is None or self.closes_on >= today
        )

    def get_stages_display(self):
        labels = dict(Stage.choices)
        return [labels.get(stage, stage) for stage in self.stages]


@tracked()
class Enquiry(TrackedEnquiry):
    """A business asking the virtual funding team for help. Private to staff."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Open: still working on it"
        FUNDED = "funded", "Funding secured"
        NOT_FUNDED = "not_funded", "Applied, not funded"
        SIGNPOSTED = "signposted", "Signposted, no application known"
        NO_MATCH = "no_match", "No suitable funding found"
        WITHDRAWN = "withdrawn", "Business withdrew or stopped replying"

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    organisation_name = models.CharField("business name", max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_enquiries",
        help_text="The directory entry for this business, if it has one.",
    )
    contact_name = models.CharField("contact name", max_length=120)
    contact_email = models.EmailField("contact email")
    need = models.TextField("what they need")
    amount = models.PositiveIntegerField("amount sought (£)", null=True, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )

    objects = OutcomeQuerySet.as_manager()

    personal_fields = ("organisation_name", "contact_name", "contact_email", "need", "staff_notes")

    # The privacy notice promises this: enquiries hold personal data and are kept 3 years.
    # `manage.py purge_personal_data` (apps.core.privacy.personal_data) deletes them after that.
    personal_data_retention = ("submitted_at", datetime.timedelta(days=3 * 365))

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation_name} ({self.reference})"


class ReferralQuerySet(OutcomeQuerySet):
    def secured(self):
        """Funding secured through successful referrals, in pounds."""
        return (
            self.filter(outcome=Referral.Outcome.SUCCESSFUL).aggregate(total=Sum("amount_secured"))[
                "total"
            ]
            or 0
        )


@tracked()
class Referral(TrackedReferral):
    """One introduction staff made for an enquiry, and what came of it."""

    class Outcome(models.TextChoices):
        AWAITING = "awaiting", "Awaiting result"
        SUCCESSFUL = "successful", "Successful"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
        NOT_PURSUED = "not_pursued", "Business did not apply"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="referrals")
    referred_to = models.CharField(
        max_length=150, help_text="The funder, investor or adviser the business was introduced to."
    )
    opportunity = models.ForeignKey(
        Opportunity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.AWAITING, db_index=True
    )
    amount_secured = models.PositiveIntegerField("amount secured (£)", null=True, blank=True)

    objects = ReferralQuerySet.as_manager()


tracked_links(Opportunity.sectors.through, app_label="funding", model_name="OpportunitySectorEvent")
