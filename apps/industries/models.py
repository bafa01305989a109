"""Cross-sector matchmaking: the skills that matter to an industry, and "find me a
partner" requests from buyers in it, which staff refer to up to three tech businesses.

Industries and the businesses serving them belong to the profile
(apps.profile.models.Industry, OrganisationIndustry); this app draws them together with
stories, skills and programmes for a buyer, and keeps the requests.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from apps.core.audit import tracked
from apps.core.moderation.models import Moderated, ModeratedQuerySet, Status, StatusWording
from apps.core.referrals import OutcomeQuerySet, TrackedEnquiry, TrackedReferral
from apps.people.models import Skill
from apps.profile.models import Industry, Organisation


@tracked()
class IndustrySkill(models.Model):
    """A digital skill staff say matters to an industry: the industry's page lists it
    with the local courses that teach it."""

    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="industry_links")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "skill that matters"
        verbose_name_plural = "skills that matter"
        constraints = [
            models.UniqueConstraint(fields=["industry", "skill"], name="industry_skill_once"),
        ]

    def __str__(self):
        return f"{self.skill} for {self.industry}"


class PartnerRequestQuerySet(ModeratedQuerySet, OutcomeQuerySet):
    def confirmed(self):
        """Requests whose sender confirmed their address: the ones staff work on."""
        return self.filter(status__in=[Status.PENDING, Status.PUBLISHED])


@tracked()
class PartnerRequest(Moderated, TrackedEnquiry):
    """A buyer from an industry asking to be put in touch with local tech businesses.

    Private to staff. It is confirmed by an emailed link like every submission;
    "published" means staff accepted it. Staff refer it to at most three businesses.
    """

    class Outcome(models.TextChoices):
        OPEN = "open", "Open: still working on it"
        INTRODUCED = "introduced", "Introductions made"
        PARTNERED = "partnered", "Working with a business we referred"
        NO_MATCH = "no_match", "No suitable business found"
        NOT_PURSUED = "not_pursued", "Buyer decided against, or stopped replying"

    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="partner_requests"
    )
    organisation_name = models.CharField("buyer's organisation", max_length=150)
    need = models.TextField("what they need", max_length=2000)
    consent_to_share = models.BooleanField(
        "may pass details to up to three businesses",
        default=False,
        help_text="The buyer agreed that we pass their name, email and request to up to "
        "three businesses.",
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )

    objects = PartnerRequestQuerySet.as_manager()

    MAX_REFERRALS = 3

    personal_fields = (*Moderated.personal_fields, "organisation_name", "need", "staff_notes")
    # Kept 3 years, as the funding and inward-investment teams' enquiries: see the
    # privacy notice. `manage.py purge_personal_data` deletes them after that.
    personal_data_retention = ("submitted_at", datetime.timedelta(days=3 * 365))

    status_wording = {
        Status.PENDING: StatusWording(
            "Received",
            "Thank you for confirming your email address. Our team is reading your request "
            "and will introduce you to up to three local businesses, usually within five "
            "working days.",
        ),
        Status.PUBLISHED: StatusWording(
            "Accepted",
            "Our team is introducing you to local businesses. Each will get in touch with "
            "you directly.",
            link_text="See the businesses serving your industry",
        ),
        Status.REJECTED: StatusWording("Not taken forward", "We could not take it forward."),
        Status.ARCHIVED: StatusWording("Closed", "Your request is closed."),
    }

    class Meta:
        verbose_name = "partner request"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation_name} ({self.reference})"

    def get_absolute_url(self):
        return reverse("industries:detail", args=[self.industry.slug])

    @property
    def may_be_referred(self):
        """Confirmed, and the buyer agreed that we pass on their details."""
        return self.consent_to_share and self.status in (Status.PENDING, Status.PUBLISHED)


@tracked()
class PartnerReferral(TrackedReferral):
    """One business a partner request was referred to, and what came of it."""

    class Outcome(models.TextChoices):
        AWAITING = "awaiting", "Awaiting result"
        SUCCESSFUL = "successful", "Buyer and business are working together"
        UNSUCCESSFUL = "unsuccessful", "Did not lead anywhere"

    request = models.ForeignKey(PartnerRequest, on_delete=models.CASCADE, related_name="referrals")
    referred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner_referrals",
        help_text="A published tech business in the directory.",
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.AWAITING, db_index=True
    )
    notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the business was emailed."
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta(TrackedReferral.Meta):
        verbose_name = "referral"
        constraints = [
            models.UniqueConstraint(
                fields=["request", "referred_to"], name="partner_referral_once"
            ),
        ]

    def clean(self):
        business = getattr(self, "referred_to", None)
        if business is not None and not (
            business.status == Status.PUBLISHED and business.is_tech_business
        ):
            raise ValidationError(
                {"referred_to": "Refer only to a published tech business in the directory."}
            )
