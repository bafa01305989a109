from django.db import transaction
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.programmes.models import CohortWindow, Programme, ProgrammeChange


@transaction.atomic
def change_propose(*, programme, values):
    """Store a provider's proposed change and email the link that confirms the proposer's
    address. It waits for review like any other submission."""
    change = ProgrammeChange(programme=programme, **values)
    change.full_clean()
    change.save()
    moderation.submission_received(obj=change)
    return change


@transaction.atomic
def change_apply(*, change):
    """Apply an approved change to its programme (once): its fields replace the
    programme's, and a new cohort window is added if it names one."""
    locked = ProgrammeChange.objects.select_for_update().get(pk=change.pk)
    if locked.applied_at is not None:
        return False
    programme = Programme.objects.select_for_update().get(pk=change.programme_id)
    for name in ProgrammeChange.APPLIED_FIELDS:
        setattr(programme, name, getattr(change, name))
    programme.full_clean()
    programme.save()
    if change.has_window:
        CohortWindow.objects.create(
            programme=programme,
            label=change.window_label,
            opens_on=change.window_opens_on,
            closes_on=change.window_closes_on,
            starts_on=change.window_starts_on,
        )
    locked.applied_at = timezone.now()
    locked.save(update_fields=["applied_at"])
    change.applied_at = locked.applied_at
    return True
