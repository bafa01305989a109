import json

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from apps.events.models import LONDON

register = template.Library()

# As Django's json_script: nothing in the data can close the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}


@register.filter
def event_jsonld(event):
    """schema.org Event data for an event's page, as JSON safe inside a script element."""
    site = settings.SITE_URL
    start = timezone.localtime(event.starts_at, LONDON)
    end = timezone.localtime(event.ends_at, LONDON)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": site + event.get_absolute_url(),
        "startDate": start.date().isoformat() if event.all_day else start.isoformat(),
        "endDate": end.date().isoformat() if event.all_day else end.isoformat(),
        "eventStatus": _STATUS[event.state],
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": event.booking_url or site}
        if event.is_online
        else {"@type": "Place", "name": event.venue or event.building.name, "address": event.venue},
        "organizer": {
            "@type": "Organization",
            "name": event.organiser.name,
            "url": site + event.organiser.get_absolute_url(),
        },
        "isAccessibleForFree": event.is_free,
    }
    if event.booking_url:
        data["offers"] = {
            "@type": "Offer",
            "url": event.booking_url,
            "price": "0" if event.is_free else event.price,
        }
    return mark_safe(json.dumps(data).translate(_ESCAPES))  # noqa: S308 - escaped above
