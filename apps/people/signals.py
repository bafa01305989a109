from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.people.models import SurveyResponse


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
