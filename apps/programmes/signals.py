"""What the programmes app does when moderation publishes a proposed change.

Connected in ProgrammesConfig.ready(); the receiver runs inside the transaction that
published the proposal (see apps.core.moderation.signals).
"""

from django.dispatch import receiver

from apps.core.moderation.signals import submission_published
from apps.programmes import services
from apps.programmes.models import ProgrammeChange


@receiver(submission_published, sender=ProgrammeChange)
def apply_proposed_change(sender, instance, **kwargs):
    services.change_apply(change=instance)
