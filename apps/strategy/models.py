"""The strategy in public: its strands and actions, their progress, and the indicators
that say whether the sector is on course for the growth the strategy forecasts."""

import datetime
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Prefetch, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from apps.core.audit import tracked, tracked_links
from apps.core.moderation.models import Moderated, ModeratedQuerySet, Status, new_reference
from apps.core.referrals import OutcomeQuerySet, TrackedEnquiry, TrackedReferral
from apps.core.web.search import shown_text_index
from apps.profile.models import Organisation, Story

# The strategy's three themes, as stories use them.
Theme = Story.Theme


def validate_site_path(value):
    """Evidence is a page of this site: a path such as /data/ or /stories/x/ that the URL
    conf knows, never an address elsewhere."""
    path = value.split("#")[0].split("?")[0]
    if not path.startswith("/") or path.startswith("//"):
        raise ValidationError(
            "Enter a page on this site, starting with /, for example /data/.", code="not_a_path"
        )
    try:
        resolve(path)
    except Resolver404:
        raise ValidationError(
            "There is no page at %(path)s on this site.", code="no_page", params={"path": path}
        ) from None


@tracked()
class Strand(models.Model):
    """A strand of work under one theme: funding, skills, office space, ..."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=110, unique=True)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    summary = models.CharField(max_length=280, help_text="What this strand is for, in a sentence.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ActionQuerySet(models.QuerySet):
    def published(self):
        """Actions staff have published. Drafts never reach any public surface."""
        return self.filter(is_published=True)

    def for_listing(self):
        """Published actions with what a card shows: strand, lead and published partners."""
        return (
            self.published()
            .select_related("strand", "lead")
            .prefetch_related(
                Prefetch("partners", queryset=Organisation.objects.published().order_by("name"))
            )
            .annotate(
                last_update_on=Max("updates__happened_on", filter=Q(updates__is_published=True))
            )
            .order_by("strand__position", "strand__name", "title")
        )

    def for_page(self):
        """One published action with its milestones, published updates and evidence."""
        return self.for_listing().prefetch_related(
            "milestones",
            "evidence",
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.published()
                .select_related("reported_by")
                .order_by("-happened_on", "-pk"),
            ),
        )

    def quiet_since(self, day):
        """Actions still under way whose latest published update is older than `day`."""
        return (
            self.exclude(status=Action.Status.DONE)
            .annotate(last_on=Max("updates__happened_on", filter=Q(updates__is_published=True)))
            .filter(Q(last_on__lt=day) | Q(last_on__isnull=True, created_at__date__lt=day))
        )


@tracked()
class Action(models.Model):
    """Something an organisation has committed to do under a strand, tracked in public."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        STALLED = "stalled", "Stalled"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="actions")
    summary = models.CharField(max_length=280, help_text="What will be done, in a sentence or two.")
    description = models.TextField(blank=True, help_text="Plain text. Blank lines make paragraphs.")
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_actions",
        help_text="The organisation answerable for it.",
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_actions")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    started_on = models.DateField(null=True, blank=True)
    target_date = models.DateField(help_text="When it should be done.")
    is_published = models.BooleanField(
        "published", default=False, help_text="Only published actions are shown to the public."
    )
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

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["strand__position", "title"]
        indexes = [
            models.Index(fields=["is_published", "status"], name="action_published_status"),
            GinIndex(fields=["search_vector"], name="action_search_gin"),
            shown_text_index("title", "summary", name="action_shown_fts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:action", args=[self.slug])

    def involves(self, organisation):
        return organisation.pk == self.lead_id or self.partners.filter(pk=organisation.pk).exists()


@tracked()
class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=150)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


@tracked()
class Evidence(models.Model):
    """A link to the portal's own page, dataset or story that shows an action's work."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=150)
    path = models.CharField(
        max_length=300,
        validators=[validate_site_path],
        help_text="A page on this site, starting with /, e.g. /data/ or /stories/some-story/.",
    )

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["pk"]

    def __str__(self):
        return self.title


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self):
        """Published updates on published actions: the only ones the public sees."""
        return self.filter(is_published=True, action__is_published=True)

    def for_feed(self):
        return (
            self.published()
            .select_related("action", "action__strand", "reported_by")
            .order_by("-happened_on", "-pk")
        )


@tracked()
class ProgressUpdate(models.Model):
    """A dated report of what happened on an action, written by staff or approved from a
    lead or partner organisation's proposal."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField(default=timezone.localdate)
    title = models.CharField(max_length=150)
    body = models.TextField(help_text="Plain text. Blank lines make paragraphs.")
    reported_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation that reported it, if not the strategy team.",
    )
    evidence_path = models.CharField(
        "evidence link",
        max_length=300,
        blank=True,
        validators=[validate_site_path],
        help_text="Optional: a page on this site, starting with /.",
    )
    is_published = models.BooleanField("published", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["is_published", "happened_on"], name="update_published_on")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.action.get_absolute_url()}#update-{self.pk}"


class UpdateProposalQuerySet(ModeratedQuerySet):
    pass


@tracked()
class UpdateProposal(Moderated):
    """A progress update proposed by a lead or partner organisation's contact. It goes
    through the one moderation mechanism; once published it becomes a ProgressUpdate."""

    # Once published it has become a ProgressUpdate: withdrawn only while it waits, and
    # changed only while it waits or after it was turned down.
    withdrawable_statuses = (Status.PENDING,)
    editable_statuses = (Status.PENDING, Status.REJECTED)
    manage_url_name = "strategy:report_edit"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="update_proposals"
    )
    happened_on = models.DateField("when it happened")
    title = models.CharField(max_length=150)
    body = models.TextField()
    evidence_path = models.CharField(
        "evidence link", max_length=300, blank=True, validators=[validate_site_path]
    )
    update = models.OneToOneField(
        ProgressUpdate, null=True, blank=True, editable=False, on_delete=models.SET_NULL
    )

    objects = UpdateProposalQuerySet.as_manager()

    personal_data_retention = ("submitted_at", datetime.timedelta(days=365))

    class Meta:
        verbose_name = "proposed progress update"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.title} ({self.reference})"

    @property
    def contact_matches_organisation(self):
        """Whether the proposer's confirmed address is the organisation's own contact."""
        return self.contact_email.strip().lower() == self.organisation.contact_email.strip().lower()


class IndicatorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_listing(self):
        return self.published().prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("observed_on"))
        )


@tracked()
class Indicator(models.Model):
    """A measure of the sector with a baseline, a target and observations over time."""

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    class Source(models.TextChoices):
        STAFF = "", "Entered by staff from official statistics"
        TECH_BUSINESSES = "tech_businesses", "Tech businesses listed in the directory"
        SURVEY_HEADCOUNT = "survey_headcount", "Staff reported in the latest skills survey"
        SURVEY_GROWTH = "survey_growth", "Expected headcount change in the latest skills survey"
        VACANCIES = "vacancies", "Vacancies reported in the latest skills survey"
        DESKS_AVAILABLE = "desks_available", "Desks available in listed office space"
        DESKS_LET = "desks_let", "Desks let from listed office space"
        REFERRALS = "referrals", "Funding enquiries referred by the funding team"
        FUNDING_SECURED = "funding_secured", "Funding secured through referrals (£)"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    definition = models.TextField(help_text="What is counted, and how, in plain English.")
    unit = models.CharField(max_length=40, help_text="e.g. people, businesses, desks, £.")
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    computed_from = models.CharField(
        "source",
        max_length=30,
        choices=Source.choices,
        default=Source.STAFF,
        blank=True,
        help_text="Computed indicators are measured by the portal every day from its own data.",
    )
    baseline_value = models.DecimalField(max_digits=16, decimal_places=2)
    baseline_on = models.DateField("baseline date")
    baseline_source = models.CharField(max_length=250)
    target_value = models.DecimalField(max_digits=16, decimal_places=2)
    target_on = models.DateField("target date")
    target_source = models.CharField(
        max_length=250, blank=True, help_text="Where the target comes from."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__gt=models.F("baseline_on")),
                name="indicator_target_after_baseline",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy:indicator", args=[self.slug])

    def expected_on(self, day):
        """The trajectory: a straight line from the baseline to the target, flat after."""
        if day <= self.baseline_on:
            return self.baseline_value
        if day >= self.target_on:
            return self.target_value
        span = (self.target_on - self.baseline_on).days
        done = Decimal((day - self.baseline_on).days) / Decimal(span)
        return self.baseline_value + (self.target_value - self.baseline_value) * done


@tracked()
class Observation(models.Model):
    """One dated value of an indicator, with its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=2)
    source = models.CharField(max_length=250)
    source_url = models.URLField(blank=True)
    is_computed = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["indicator", "observed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "observed_on"], name="one_observation_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} on {self.observed_on}"


tracked_links(Action.partners.through, app_label="strategy", model_name="ActionPartnerEvent")


@tracked()
class InvestmentEnquiry(TrackedEnquiry):
    """Someone outside the region asking the inward-investment team about locating,
    investing or partnering here. Private to staff."""

    class Interest(models.TextChoices):
        LOCATE = "locate", "Locating or expanding a business here"
        INVEST = "invest", "Investing in businesses here"
        PARTNER = "partner", "Partnering with businesses or universities here"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        OPEN = "open", "Open: still working on it"
        INTRODUCED = "introduced", "Introductions made"
        LANDED = "landed", "Located, invested or partnered here"
        NOT_PURSUED = "not_pursued", "Decided against, or stopped replying"
        SIGNPOSTED = "signposted", "Signposted elsewhere"

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    organisation_name = models.CharField("organisation", max_length=150)
    country = models.CharField("based in", max_length=80)
    interest = models.CharField(max_length=20, choices=Interest.choices)
    message = models.TextField("what they are looking for")
    contact_name = models.CharField("contact name", max_length=120)
    contact_email = models.EmailField("contact email")
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )

    objects = OutcomeQuerySet.as_manager()

    # Kept 3 years, as the funding team's enquiries: see the privacy notice.
    personal_data_retention = ("submitted_at", datetime.timedelta(days=3 * 365))
    personal_fields = (
        "organisation_name",
        "country",
        "contact_name",
        "contact_email",
        "message",
        "staff_notes",
    )

    class Meta:
        verbose_name = "inward-investment enquiry"
        verbose_name_plural = "inward-investment enquiries"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation_name} ({self.reference})"


@tracked()
class InvestmentReferral(TrackedReferral):
    """One introduction the inward-investment team made for an enquiry, and its result."""

    class Outcome(models.TextChoices):
        AWAITING = "awaiting", "Awaiting result"
        SUCCESSFUL = "successful", "Led to a decision to come here"
        UNSUCCESSFUL = "unsuccessful", "Did not lead anywhere"

    enquiry = models.ForeignKey(
        InvestmentEnquiry, on_delete=models.CASCADE, related_name="referrals"
    )
    referred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="investment_referrals",
        help_text="The directory organisation the enquirer was introduced to.",
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.AWAITING, db_index=True
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta(TrackedReferral.Meta):
        pass
