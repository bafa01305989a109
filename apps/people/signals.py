from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.core import services as moderation
from apps.core.models import Status
from apps.people.models import SurveyResponse

ANALYST_GROUP = "Data analysts"


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


def ensure_analyst_group(sender, using="default", **kwargs):
    """A read-only staff group: analysts may view survey data and courses in the admin."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=ANALYST_GROUP)
    perms = Permission.objects.using(using).filter(
        content_type__app_label__in=["people", "profile"], codename__startswith="view_"
    )
    group.permissions.add(*perms)
