"""The home page's "What's on" (the next few events) and "Programmes open for
applications", added by the events and programmes apps (profile's HomeSection)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from apps.events.models import Event
from apps.programmes.models import Programme
from tests.events.factories import EventFactory, local
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def home_html(client=None):
    response = (client or Client()).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_the_next_events_with_repeats_expanded_and_nothing_hidden():
    today = timezone.localdate()
    weekly = EventFactory(
        title="Weekly breakfast",
        starts_at=local(today + DAY, 8),
        ends_at=local(today + DAY, 9),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=today + 60 * DAY,
    )
    EventFactory(title="Far conference", starts_at=local(today + 40 * DAY))
    EventFactory(title="Pending meetup", status="pending", starts_at=local(today + 2 * DAY))
    EventFactory(title="Rejected meetup", status="rejected", starts_at=local(today + 2 * DAY))
    EventFactory(
        title="Cancelled meetup", state=Event.State.CANCELLED, starts_at=local(today + 2 * DAY)
    )
    EventFactory(title="Past meetup", starts_at=local(today - 3 * DAY))
    html = home_html()
    assert "What’s on" in html
    # The three soonest occurrences are all the weekly breakfast, a week apart.
    assert html.count(weekly.get_absolute_url()) == 3
    for week in range(3):
        day = today + DAY + 7 * week * DAY
        assert f'datetime="{local(day, 8).isoformat()}"' in html
    for hidden in ["Far conference", "Pending", "Rejected", "Cancelled", "Past meetup"]:
        assert hidden not in html
    assert 'href="/events/"' in html


def test_home_shows_programmes_open_now_and_a_closed_window_drops_out_the_next_day(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    today = timezone.localdate()
    ProgrammeFactory(title="Closes today", windows=[(today - 10 * DAY, today)])
    ProgrammeFactory(title="Rolling mentoring", windows=[(today - 10 * DAY, None)])
    ProgrammeFactory(title="Opens next month", windows=[(today + 30 * DAY, today + 60 * DAY)])
    ProgrammeFactory(title="Closed last week", windows=[(today - 30 * DAY, today - 7 * DAY)])
    ProgrammeFactory(title="Draft programme", status=Programme.Status.DRAFT)
    ProgrammeFactory(title="Hidden provider", provider__status="pending")
    html = home_html()
    assert "Programmes open for applications" in html
    assert "Closes today" in html and "Rolling mentoring" in html
    for hidden in ["Opens next month", "Closed last week", "Draft programme", "Hidden provider"]:
        assert hidden not in html
    second = Client().get("/")
    assert second["X-Page-Cache"] == "hit"  # served from the shared page cache
    # Tomorrow the date in the key is new: the page is made again, without the closed one.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + DAY)
    tomorrow = Client().get("/")
    assert tomorrow["X-Page-Cache"] != "hit"
    assert "Closes today" not in tomorrow.content.decode()
    assert "Rolling mentoring" in tomorrow.content.decode()


def test_publishing_an_event_moves_the_cache_and_shows_on_the_next_request(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    event = EventFactory(title="Hack day on the Quayside", status="pending")
    assert "Hack day" not in home_html()
    assert Client().get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        event.status = "published"
        event.save()
    response = Client().get("/")
    assert response["X-Page-Cache"] != "hit"
    assert "Hack day on the Quayside" in response.content.decode()


def test_home_query_count_does_not_grow_with_events_and_programmes(django_assert_max_num_queries):
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            EventFactory(
                title=f"Meetup {n}-{i}",
                starts_at=local(today + (i + 1) * DAY),
                recurrence=Event.Recurrence.WEEKLY if i % 2 else "",
                repeat_until=today + 90 * DAY if i % 2 else None,
            )
            ProgrammeFactory(title=f"Programme {n}-{i}")

    add(2)
    with django_assert_max_num_queries(40) as small:
        home_html()
    add(12)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        home_html()
    assert len(large.captured_queries) == len(small.captured_queries)
