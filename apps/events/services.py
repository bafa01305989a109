from django.db import transaction

from apps.core.moderation import services as moderation
from apps.events.models import Event
from apps.profile.services import unique_slug


@transaction.atomic
def event_submit(*, values):
    """Store an event from the public form and email the link that confirms the address."""
    values = dict(values)
    topics = values.pop("topics", [])
    event = Event(**values)
    event.slug = unique_slug(event.title, model=Event)
    event.full_clean(exclude=["topics"])
    event.save()
    event.topics.set(topics)
    moderation.submission_received(obj=event)
    return event


@transaction.atomic
def event_mark_cancelled(*, event, note, now):
    """The organiser says the event is off, from its status page: it stays listed, marked
    cancelled with their note, so people who meant to go find out, and calendars that
    subscribed replace their copy (the save raises its SEQUENCE). Takes effect at once,
    as staff marking it would: it adds no claim to check. False when it is not published,
    is cancelled already or is over."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.can_be_marked_cancelled(now):
        return False
    event.state = Event.State.CANCELLED
    event.state_note = note
    event.save()
    return True
