"""What the strategy app does when moderation publishes a proposed progress update.

Connected in StrategyConfig.ready(); the receiver runs inside the transaction that
published the proposal (see apps.core.moderation.signals).
"""

from django.dispatch import receiver

from apps.core.moderation.signals import submission_published
from apps.strategy import services
from apps.strategy.models import UpdateProposal


@receiver(submission_published, sender=UpdateProposal)
def publish_proposed_update(sender, instance, **kwargs):
    services.update_publish_proposal(proposal=instance)
