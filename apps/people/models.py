from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import tracked, tracked_links
from apps.core.moderation.models import Moderated, ModeratedQuerySet, Status, StatusWording
from apps.core.web.search import shown_text_index
from apps.profile.models import Organisation


@tracked()
class SkillCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self):
        return self.name


class SkillQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_map(self):
        """Active skills in category order: the rows of the skills map."""
        return (
            self.active()
            .select_related("category")
            .order_by("category__position", "category__name", "name")
        )


@tracked()
class Skill(models.Model):
    """A digital skill, optionally mapped to SFIA (skill code) or ESCO (concept URI)."""

    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    sfia_code = models.CharField(
        "SFIA code",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{4}$", "Enter a four-letter SFIA code, like PROG.")],
        help_text="The four-letter SFIA skill code, for example PROG.",
    )
    esco_uri = models.URLField("ESCO URI", blank=True)
    is_active = models.BooleanField(
        "offered in the survey", default=True, help_text="Untick to retire a skill."
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DateRange(models.Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class SurveyRoundQuerySet(models.QuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today)

    def started(self, today=None):
        """Rounds that have opened: the ones whose results can be shown."""
        today = today or timezone.localdate()
        return self.filter(opens_on__lte=today).order_by("-opens_on")


@tracked()
class SurveyRound(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day responses are accepted.")
    introduction = models.TextField(blank=True, help_text="Shown above the survey form.")

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="surveyround_closes_after_opening",
                violation_error_message="A round must close on or after the day it opens.",
            ),
            # Rounds never overlap, so at most one is open on any day.
            ExclusionConstraint(
                name="surveyround_no_overlap",
                violation_error_message="Rounds may not overlap: another round is open on "
                "some of these dates.",
                expressions=[
                    (
                        DateRange("opens_on", "closes_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    )
                ],
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("people:skills_map") + f"?round={self.slug}"

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def previous(self, *, among=None):
        """The round that opened last before this one. `among`: the started rounds, newest
        first, if already read (the previous round of a started round is one of them)."""
        if among is not None:
            return next((r for r in among if r.opens_on < self.opens_on), None)
        return SurveyRound.objects.filter(opens_on__lt=self.opens_on).order_by("-opens_on").first()


class SurveyResponseQuerySet(ModeratedQuerySet):
    def with_superseded(self):
        """Annotate `superseded`: a newer published response from the same organisation
        in the same round exists (newer by submission time, then by id on a tie)."""
        newer = self.model.objects.filter(
            Q(submitted_at__gt=OuterRef("submitted_at"))
            | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk")),
            status=Status.PUBLISHED,
            round_id=OuterRef("round_id"),
            organisation_id=OuterRef("organisation_id"),
        )
        return self.annotate(superseded=Exists(newer))

    def current(self):
        """Published responses not replaced by a newer published response from the same
        organisation in the same round. Only these count towards the skills map."""
        return self.published().with_superseded().filter(superseded=False)

    def counted(self, survey_round, *, area=None, size=None, sector=None):
        """The responses behind the skills map for one round, narrowed by the map's filters.

        A response from an organisation staff rejected (spam, not a real business) never
        counts, even if the response itself was approved by mistake. The skills map reads
        these through a summary (apps.people.summary) whose database triggers watch the
        columns this depends on: change both together."""
        # NOT IN a small indexed set, rather than a join that reads every organisation row.
        rejected = Organisation.objects.filter(status=Status.REJECTED).values("pk")
        qs = self.current().filter(round=survey_round).exclude(organisation__in=rejected)
        if area is not None:
            qs = qs.filter(organisation__area=area)
        if size:
            qs = qs.filter(organisation__employee_band=size)
        if sector is not None:
            qs = qs.filter(organisation__sectors=sector)
        return qs


@tracked()
class SurveyResponse(Moderated):
    """One organisation's answers in one round. A newer published response from the same
    organisation in the same round replaces it (see SurveyResponseQuerySet.current)."""

    class TurnedAway(models.TextChoices):
        NEVER = "never", "No"
        SOMETIMES = "sometimes", "Yes, occasionally"
        OFTEN = "often", "Yes, often"

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="skills_responses"
    )
    headcount_change = models.IntegerField(
        "expected change in headcount over the next 12 months",
        validators=[MinValueValidator(-100000), MaxValueValidator(100000)],
    )
    turned_away_work = models.CharField(
        "work turned away for lack of skills in the last 12 months",
        max_length=20,
        choices=TurnedAway.choices,
    )
    apprentices = models.PositiveIntegerField(
        "apprentices employed now", validators=[MaxValueValidator(100000)]
    )
    business_confirmed_at = models.DateTimeField(
        "confirmed by the business",
        null=True,
        blank=True,
        editable=False,
        help_text="When the organisation's own contact address confirmed that the sender "
        "may answer for it (for a response sent from another address).",
    )

    objects = SurveyResponseQuerySet.as_manager()

    # A business sends a fresh response rather than editing lines; the manage link opens
    # a read-only copy of what they sent.
    submitter_editable_fields = ()
    manage_url_name = "people:response"
    # A response is never shown on its own: once accepted it counts in the totals.
    status_wording = {
        Status.PENDING: StatusWording(
            "In review",
            "Thank you for confirming your email address. Our team is checking your "
            "response, usually within two working days. We will email you when it counts.",
        ),
        Status.PUBLISHED: StatusWording(
            "Counted",
            "Your answers count in the skills map's totals. We never show one business's "
            "answers, and hide any figure built from fewer than three businesses.",
            link_text="See the skills map",
        ),
        Status.REJECTED: StatusWording("Not counted", "We could not count your response."),
        Status.ARCHIVED: StatusWording(
            "Withdrawn", "Your response no longer counts in the skills map."
        ),
    }

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "skills survey response"
        indexes = [
            models.Index(
                fields=["round", "organisation", "status", "submitted_at"],
                name="response_round_org_status",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(apprentices__gte=0, apprentices__lte=100000),
                name="response_apprentices_range",
            ),
            models.CheckConstraint(
                condition=Q(headcount_change__gte=-100000, headcount_change__lte=100000),
                name="response_headcount_change_range",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.round}"

    def get_absolute_url(self):
        return self.round.get_absolute_url()

    def from_business_contact(self):
        """Whether it was sent, and so confirmed, from the organisation's own contact
        address: the business itself answered, not someone naming it."""
        return self.contact_email.strip().lower() == self.organisation.contact_email.strip().lower()

    def confirmed_by_business(self):
        """Sent from the business's own address, or vouched for through the link sent
        there (apps.people.signals)."""
        return self.business_confirmed_at is not None or self.from_business_contact()

    def would_replace(self):
        """The organisation's current responses in this round that publishing this one
        would replace (older ones: see SurveyResponseQuerySet.current)."""
        return (
            SurveyResponse.objects.current()
            .filter(round_id=self.round_id, organisation_id=self.organisation_id)
            .filter(
                Q(submitted_at__lt=self.submitted_at)
                | Q(submitted_at=self.submitted_at, pk__lt=self.pk)
            )
            .exclude(pk=self.pk)
        )

    def replaces_another_address(self):
        """Current responses this one would replace that came from another address."""
        mine = self.contact_email.strip().lower()
        return [r for r in self.would_replace() if r.contact_email.strip().lower() != mine]

    def approval_refusal(self):
        # Anyone may name a listed business. Only the business's own contact address, or
        # the person who gave the answers being replaced, may replace its answers.
        if self.confirmed_by_business() or not self.replaces_another_address():
            return None
        return (
            "Not approved: this response would replace the business’s current response, "
            "which came from another address, and it was not sent from the business’s own "
            "contact address, nor confirmed through the link we emailed there. Wait for the "
            "business to confirm, or reject it."
        )


@tracked()
class SkillLine(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="lines")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="lines")
    staff = models.PositiveIntegerField(
        "current staff with the skill", validators=[MaxValueValidator(100000)]
    )
    vacancies = models.PositiveIntegerField(
        "vacancies over the next 12 months", validators=[MaxValueValidator(100000)]
    )
    difficulty = models.PositiveSmallIntegerField(
        "difficulty to recruit (1 to 5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    training_need = models.BooleanField("training need", default=False)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["response", "skill"], name="skillline_one_per_skill"),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5), name="skillline_difficulty_1_5"
            ),
            models.CheckConstraint(
                condition=Q(staff__gte=0, staff__lte=100000), name="skillline_staff_range"
            ),
            models.CheckConstraint(
                condition=Q(vacancies__gte=0, vacancies__lte=100000),
                name="skillline_vacancies_range",
            ),
        ]

    def __str__(self):
        return f"{self.skill} ({self.response_id})"


class CourseQuerySet(models.QuerySet):
    def listed(self):
        """Courses the public sees: active, from a published provider."""
        return self.filter(is_active=True, provider__status=Status.PUBLISHED)

    def for_list(self):
        return (
            self.listed()
            .select_related("provider")
            .prefetch_related("skills")
            .order_by(models.F("next_start").asc(nulls_last=True), "title")
        )


@tracked()
class Course(models.Model):
    """A course a local provider runs. Maintained by staff."""

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"
        DEGREE = "degree", "Degree or postgraduate"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    skills = models.ManyToManyField(Skill, related_name="courses")
    level = models.CharField(max_length=20, choices=Level.choices)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    cost = models.DecimalField(
        "cost (£)",
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="0 for a free course.",
    )
    duration = models.CharField(max_length=80, help_text="For example, 12 weeks, part time.")
    next_start = models.DateField("next start date", null=True, blank=True)
    url = models.URLField("course page")
    is_active = models.BooleanField("listed", default=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="course_search_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="course_title_trgm"),
            shown_text_index("title", "summary", name="course_shown_fts"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="course_cost_not_negative"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self):
        return self.cost == 0


tracked_links(Course.skills.through, app_label="people", model_name="CourseSkillEvent")


# The skills map's summary (apps.people.summary): derived data that only the summary's
# SQL writes, kept out of the audit trail. Migration 0005_skills_summary creates the
# tables and the triggers that keep them fresh; these models only read them.


class SkillsSummary(models.Model):
    """A round's figures added up per skill, per category or over all its responses, for
    one slice: one organisation size (band NULL: every size), one area (0: every area)
    and one sector (0: every organisation, whatever its sectors)."""

    class Kind(models.TextChoices):
        SKILL = "skill"
        CATEGORY = "category"
        RESPONSES = "responses"
        COURSES = "courses"  # listed courses per skill, kept as round summary.COURSES

    # Every other column may repeat (band is NULL on a row for every size).
    id = models.BigAutoField(primary_key=True)
    round_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.BigIntegerField(help_text="The skill's or the category's id; 0 for responses.")
    # NULL: every size, as the summary's CUBE writes its totals.
    band = models.CharField(max_length=10, null=True)  # noqa: DJ001
    area_id = models.BigIntegerField()
    sector_id = models.BigIntegerField()
    orgs = models.BigIntegerField(help_text="Organisations (for 'courses' rows: courses).")
    staff = models.BigIntegerField(null=True)
    vacancies = models.BigIntegerField(null=True)
    difficulty_sum = models.BigIntegerField(null=True)
    n = models.BigIntegerField(null=True, help_text="Skill lines behind difficulty_sum.")
    training = models.BigIntegerField(null=True, help_text="Organisations with a training need.")
    # A skill's lowest and highest organisation id: with fewer than three organisations,
    # these are all of them (for secondary suppression).
    min_org = models.BigIntegerField(null=True)
    max_org = models.BigIntegerField(null=True)
    # Rows of kind 'responses' only.
    headcount_change = models.BigIntegerField(null=True)
    turned_away = models.BigIntegerField(null=True)
    apprentices = models.BigIntegerField(null=True)

    class Meta:
        managed = False
        db_table = "people_skills_summary"
        verbose_name_plural = "skills summary"

    def __str__(self):
        return f"{self.kind} {self.key} in round {self.round_id}"


class SkillsSummaryBuilt(models.Model):
    """The generation each round's summary was built from."""

    round_id = models.BigIntegerField(primary_key=True)
    generation = models.BigIntegerField()
    built_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "people_skills_summary_built"

    def __str__(self):
        return f"round {self.round_id} built from generation {self.generation}"


class SkillsSummaryGeneration(models.Model):
    """A counter per round, bumped by the triggers whenever the data behind the round
    changes (round 0: every round)."""

    round_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "people_skills_summary_generation"

    def __str__(self):
        return f"round {self.round_id} at generation {self.value}"
