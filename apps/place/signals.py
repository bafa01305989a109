"""What place does when moderation announces something about a building or a space need.

Connected in PlaceConfig.ready(); each receiver runs inside the transaction that
changed the status (see apps.core.moderation.signals).
"""

import datetime

from django.dispatch import receiver
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.core.moderation.signals import (
    submission_confirmed,
    submission_published,
    submission_reconfirmed,
)
from apps.place import services
from apps.place.models import LISTING_DAYS, Building, Space, SpaceNeed


@receiver(submission_confirmed, sender=Building)
def confirm_new_landlord(sender, instance, **kwargs):
    """A landlord organisation created with this listing is confirmed by the same link."""
    landlord = instance.landlord
    if landlord.status == Status.UNCONFIRMED and (
        landlord.contact_email.lower() == instance.contact_email.lower()
    ):
        moderation.submission_confirm(obj=landlord)


def _list_spaces(building):
    """Every space not withdrawn or let runs for a listing period from today."""
    building.spaces.exclude(state__in=[Space.State.WITHDRAWN, Space.State.LET]).update(
        state=Space.State.LISTED,
        expires_on=timezone.localdate() + datetime.timedelta(days=LISTING_DAYS),
        reminder_sent_on=None,
    )


@receiver(submission_published, sender=Building)
def start_listing(sender, instance, **kwargs):
    """A listing runs from the day it is published; needs that match hear about it."""
    _list_spaces(instance)
    services.building_published_match(building=instance)


@receiver(submission_reconfirmed, sender=Building)
def renew_listing(sender, instance, **kwargs):
    """The landlord says the listing is current: every space runs for another period."""
    _list_spaces(instance)


@receiver(submission_confirmed, sender=SpaceNeed)
def activate_need(sender, instance, **kwargs):
    """A confirmed need goes live at once: it is private, so there is nothing to review."""
    services.space_need_activate(need=instance)
