"""Time zones, all-day and recurring events, and the iCalendar output parsed back by a
real iCalendar library (icalendar), on real PostgreSQL."""

import datetime

import icalendar
import pytest

from apps.events import calendar
from apps.events.models import LONDON, Event
from tests.events.factories import EventFactory, local

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def window(first, last):
    return local(first, 0), local(last, 23, 59)


def test_a_weekly_event_keeps_its_local_time_across_the_clocks_changing():
    # UK clocks go forward on Sunday 28 March 2027: 18:00 is 18:00 GMT before, 17:00 UTC after.
    event = EventFactory(
        starts_at=local(datetime.date(2027, 3, 23)),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=datetime.date(2027, 4, 6),
    )
    found = event.occurrences(*window(datetime.date(2027, 3, 1), datetime.date(2027, 4, 30)))
    assert [s.astimezone(UTC).strftime("%d %H:%M") for s, _ in found] == [
        "23 18:00",
        "30 17:00",
        "06 17:00",
    ]
    assert all(s.astimezone(LONDON).hour == 18 for s, _ in found)
    assert all(e - s == datetime.timedelta(hours=2) for s, e in found)


def test_first_tuesday_and_last_friday_of_the_month():
    first_tuesday = EventFactory(
        starts_at=local(datetime.date(2027, 1, 5)),  # a Tuesday, the first of the month
        recurrence=Event.Recurrence.MONTHLY_NTH,
        repeat_until=datetime.date(2027, 4, 30),
    )
    last_friday = EventFactory(
        starts_at=local(datetime.date(2027, 1, 29)),  # the last Friday of January
        recurrence=Event.Recurrence.MONTHLY_LAST,
        repeat_until=datetime.date(2027, 4, 30),
    )
    span = window(datetime.date(2027, 1, 1), datetime.date(2027, 4, 30))
    assert [s.date().isoformat() for s, _ in first_tuesday.occurrences(*span)] == [
        "2027-01-05",
        "2027-02-02",
        "2027-03-02",
        "2027-04-06",
    ]
    assert [s.date().isoformat() for s, _ in last_friday.occurrences(*span)] == [
        "2027-01-29",
        "2027-02-26",
        "2027-03-26",
        "2027-04-30",
    ]


def test_a_running_event_counts_in_a_window_that_starts_after_it_began():
    event = EventFactory(
        starts_at=local(datetime.date(2027, 5, 10), 9),
        ends_at=local(datetime.date(2027, 5, 12), 17),
    )
    assert event.occurrences(
        local(datetime.date(2027, 5, 11), 12), local(datetime.date(2027, 6, 1))
    )


def _parse(body):
    cal = icalendar.Calendar.from_ical(body)
    return cal, list(cal.walk("VEVENT"))


def test_the_ical_feed_parses_back_field_by_field():
    event = EventFactory(
        title="Data meetup",
        summary="Talks; food, and drinks",
        starts_at=local(datetime.date(2027, 3, 2), 18, 30),
        ends_at=local(datetime.date(2027, 3, 2), 20, 30),
        recurrence=Event.Recurrence.MONTHLY_NTH,
        repeat_until=datetime.date(2027, 12, 31),
        booking_url="https://example.com/book",
    )
    cal, (vevent,) = _parse(calendar.calendar([event], name="Events"))
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    assert str(vevent["SUMMARY"]) == "Data meetup"
    assert str(vevent["DESCRIPTION"]) == "Talks; food, and drinks"
    assert vevent["DTSTART"].dt == datetime.datetime(2027, 3, 2, 18, 30, tzinfo=LONDON)
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent["DTEND"].dt == datetime.datetime(2027, 3, 2, 20, 30, tzinfo=LONDON)
    assert vevent["RRULE"]["FREQ"] == ["MONTHLY"] and vevent["RRULE"]["BYDAY"] == ["1TU"]
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert str(vevent["URL"]).endswith(f"/events/{event.slug}/")
    assert [str(c["TZID"]) for c in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_all_day_and_cancelled_events_in_the_feed():
    event = EventFactory(
        starts_at=local(datetime.date(2027, 6, 1), 0),
        ends_at=local(datetime.date(2027, 6, 2), 23, 59),
        all_day=True,
        state=Event.State.CANCELLED,
        state_note="The venue flooded.",
    )
    _, (vevent,) = _parse(calendar.calendar([event], name="Events"))
    assert vevent["DTSTART"].dt == datetime.date(2027, 6, 1)
    assert vevent["DTEND"].dt == datetime.date(2027, 6, 3)  # exclusive, RFC 5545
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "The venue flooded." in str(vevent["DESCRIPTION"])


def test_hostile_text_cannot_break_out_of_its_property():
    event = EventFactory(
        title="Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        summary="a,b;c\\d\nline two",
    )
    body = calendar.calendar([event], name="Events")
    _, vevents = _parse(body)
    assert len(vevents) == 1
    assert str(vevents[0]["DESCRIPTION"]) == "a,b;c\\d\nline two"
    assert b"\r\nBEGIN:VEVENT\r\nSUMMARY:Injected" not in body


def test_editing_an_event_raises_its_sequence_so_calendars_update():
    event = EventFactory()
    before = event.sequence
    event.state = Event.State.POSTPONED
    event.save()
    _, (vevent,) = _parse(calendar.calendar([event], name="Events"))
    assert int(vevent["SEQUENCE"]) == before + 1
    assert str(vevent["STATUS"]) == "TENTATIVE"
