"""What people does when a survey response is confirmed or published.

Imported by PeopleConfig.ready(), which connects the receivers.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.core.moderation.signals import (
    submission_confirmed,
    submission_published,
    submission_vouched,
)
from apps.people.models import SurveyResponse
from apps.people.tasks import skills_summary_refresh


@receiver(post_save, sender=SurveyResponse)
def confirm_new_organisation(sender, instance, update_fields=None, **kwargs):
    """A response may bring a new, unconfirmed organisation with it. Confirming the
    response's email confirms the organisation too, so the business gets one link, not two."""
    if not update_fields or "status" not in update_fields or instance.status != Status.PENDING:
        return
    organisation = instance.organisation
    if (
        organisation.status == Status.UNCONFIRMED
        and organisation.contact_email.lower() == instance.contact_email.lower()
    ):
        moderation.submission_confirm(obj=organisation)


@receiver(submission_published, sender=SurveyResponse)
def refresh_skills_summary(sender, instance, **kwargs):
    """The database triggers have already marked the round's skills-map summary as stale;
    rebuild it once this commits rather than on the next visit."""
    transaction.on_commit(partial(skills_summary_refresh.enqueue, round_id=instance.round_id))


@receiver(submission_confirmed, sender=SurveyResponse)
def ask_the_business(sender, instance, **kwargs):
    """A response for a listed business sent from another address: ask the business's own
    contact address whether the sender may answer for it. Until it says so, the response
    cannot replace answers that came from another address (SurveyResponse.approval_refusal)."""
    if instance.confirmed_by_business() or instance.organisation.status != Status.PUBLISHED:
        return
    moderation.submission_vouch_request(
        obj=instance, to=instance.organisation.contact_email, organisation=instance.organisation
    )


@receiver(submission_vouched, sender=SurveyResponse)
def record_business_confirmation(sender, instance, **kwargs):
    if instance.business_confirmed_at is None:
        instance.business_confirmed_at = timezone.now()
        instance.save(update_fields=["business_confirmed_at"])
