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
