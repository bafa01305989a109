"""Occurrences for the pages, and iCalendar (RFC 5545) for the feeds, from events."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from apps.core.web.text import one_line, without_controls
from apps.events.models import LONDON, Event


@dataclass(frozen=True)
class Occurrence:
    event: Event
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, LONDON)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, LONDON)


def occurrences(events, start, end, *, newest_first=False):
    """Every occurrence of `events` overlapping [start, end), soonest first."""
    found = [
        Occurrence(event, begins, finishes)
        for event in events
        for begins, finishes in event.occurrences(start, end)
    ]
    return sorted(found, key=lambda o: (o.starts_at, o.event.pk), reverse=newest_first)


HOME_EVENTS = 3


def coming_up(now, *, count=HOME_EVENTS):
    """The next `count` occurrences of published events within a year, as /events/ lists
    them (recurring events expanded, postponed ones marked), leaving out cancelled ones:
    the home page's "What's on". One query, whatever the number of events."""
    end = now + datetime.timedelta(days=366)
    events = Event.objects.candidates(now, end).exclude(state=Event.State.CANCELLED)
    return occurrences(events, now, end)[:count]


DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _rrule(event, start):
    """The RRULE of a recurring event: the same rule as Event.rule(), in RFC 5545 terms."""
    until = datetime.datetime.combine(event.repeat_until, datetime.time(23, 59, 59), tzinfo=LONDON)
    rule = {"FREQ": "WEEKLY", "UNTIL": until.astimezone(datetime.UTC)}
    if event.recurrence == Event.Recurrence.MONTHLY_NTH:
        rule.update(FREQ="MONTHLY", BYDAY=f"{(start.day - 1) // 7 + 1}{DAYS[start.weekday()]}")
    elif event.recurrence == Event.Recurrence.MONTHLY_LAST:
        rule.update(FREQ="MONTHLY", BYDAY=f"-1{DAYS[start.weekday()]}")
    return rule


def _vevent(event):
    item = icalendar.Event()
    start = timezone.localtime(event.starts_at, LONDON)
    end = timezone.localtime(event.ends_at, LONDON)
    item.add("uid", f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}")
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("sequence", event.sequence)
    if event.all_day:
        item.add("dtstart", start.date())
        item.add("dtend", end.date() + datetime.timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", end)
    item.add("summary", one_line(event.title))
    description = event.summary
    if event.state_note:
        description = f"{event.get_state_display()}: {event.state_note}\n\n{description}"
    item.add("description", without_controls(description))
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    item.add("location", "Online" if event.is_online else one_line(event.venue))
    item.add(
        "organizer",
        settings.SITE_URL + event.organiser.get_absolute_url(),
        parameters={"cn": one_line(event.organiser.name)},
    )
    item.add("categories", [event.get_kind_display(), event.get_theme_display()])
    status = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(event.state, "CONFIRMED")
    item.add("status", status)
    if event.recurrence:
        item.add("rrule", _rrule(event, start))
    return item


def calendar(events, *, name):
    """A VCALENDAR of `events`, with the Europe/London time zone the times are in."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", "Europe/London")
    events = list(events)
    for event in events:
        cal.add_component(_vevent(event))
    cal.add_missing_timezones()
    return cal.to_ical()
