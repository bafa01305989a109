"""/events/: listings, filters, feeds, the submission form and what never leaks."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.events.models import Event
from tests import factories
from tests.events.factories import EventFactory, local
from tests.helpers import last_link

pytestmark = pytest.mark.django_db

HIDDEN = "Zanzibar"


def soon(days, hour=18):
    return local(timezone.localdate() + datetime.timedelta(days=days), hour)


def titles(response):
    return [o.event.title for o in response.context["page_obj"].object_list]


@pytest.fixture
def season():
    ouseburn = factories.AreaFactory(name="Ouseburn")
    return {
        "meetup": EventFactory(title="Meetup", starts_at=soon(2), area=ouseburn),
        "paid": EventFactory(
            title="Conference",
            kind="conference",
            theme="people",
            is_free=False,
            price="£10",
            starts_at=soon(20),
        ),
        "online": EventFactory(title="Webinar", is_online=True, venue="", starts_at=soon(4)),
        "past": EventFactory(title="Last month", starts_at=soon(-30)),
        "area": ouseburn,
    }


def test_upcoming_first_and_past_in_the_archive(client, season):
    assert titles(client.get("/events/")) == ["Meetup", "Webinar", "Conference"]
    assert titles(client.get("/events/past/")) == ["Last month"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("when=week", ["Meetup", "Webinar"]),
        ("free=on", ["Meetup", "Webinar"]),
        ("online=on", ["Webinar"]),
        ("kind=conference", ["Conference"]),
        ("theme=people", ["Conference"]),
        ("area=ouseburn", ["Meetup"]),
        ("kind=nonsense", ["Meetup", "Webinar", "Conference"]),
    ],
)
def test_every_filter(client, season, query, expected):
    assert titles(client.get(f"/events/?{query}")) == expected


def test_a_custom_date_range(client, season):
    day = timezone.localdate()
    after, before = day + datetime.timedelta(days=3), day + datetime.timedelta(days=21)
    response = client.get(f"/events/?after={after}&before={before}")
    assert titles(response) == ["Webinar", "Conference"]
    backwards = client.get(f"/events/?after={before}&before={after}")
    assert "before" in backwards.context["filter"].form.errors


def test_a_repeating_event_shows_once_per_occurrence_and_is_entered_once(client):
    EventFactory(
        title="Weekly breakfast",
        starts_at=soon(1, 8),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert titles(client.get("/events/")) == ["Weekly breakfast"] * 3
    assert Event.objects.count() == 1


def test_the_filtered_page_links_its_own_feed_and_the_feed_is_filtered(client, season):
    page = client.get("/events/?online=on").content.decode()
    assert 'href="/events/calendar.ics?online=on"' in page
    feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics?online=on").content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Webinar"]
    whole = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
    assert len(whole.walk("VEVENT")) == 3


def test_an_event_page_carries_schema_org_json_ld_and_its_ics(client, season):
    event = season["paid"]
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert (
        '"@type": "Event"' in html and '"eventStatus": "https://schema.org/EventScheduled"' in html
    )
    ics = client.get(reverse("events:ics", args=[event.slug]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_hostile_text_is_escaped_in_the_page_and_the_json_ld(client):
    event = EventFactory(title="</script><script>alert(1)</script>", starts_at=soon(3))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_unconfirmed_pending_rejected_and_over_events_never_appear(client):
    visible = EventFactory(title="Visible", starts_at=soon(3))
    hidden = [
        EventFactory(title=f"{HIDDEN} {status}", status=status, starts_at=soon(3))
        for status in ("unconfirmed", "pending", "rejected", "archived")
    ]
    over = EventFactory(title="Over and done", starts_at=soon(-400))
    for path in [
        "/events/",
        "/events/past/",
        "/events/calendar.ics",
        "/sitemap.xml",
        visible.organiser.get_absolute_url(),
    ]:
        assert HIDDEN not in client.get(path).content.decode(), path
    found = client.get(f"/search/?q={HIDDEN}").content.decode()
    assert not any(event.slug in found for event in hidden)
    for event in hidden:
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get(reverse("events:ics", args=[event.slug])).status_code == 404
    assert HIDDEN not in client.get("/sitemap.xml").content.decode()
    assert over.slug not in client.get("/events/").content.decode()


def test_the_organisers_page_lists_its_upcoming_events(client):
    organiser = factories.OrganisationFactory(name="Campus North")
    EventFactory(title="Founders' hack day", organiser=organiser, starts_at=soon(5))
    EventFactory(title="Long gone", organiser=organiser, starts_at=soon(-60))
    html = client.get(organiser.get_absolute_url()).content.decode()
    assert "Founders" in html and "Long gone" not in html


def test_the_list_runs_the_same_queries_for_3_and_30_events(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/events/").status_code == 200
        return len(queries)

    topic = factories.SectorFactory()
    for days in range(3):
        EventFactory(starts_at=soon(days + 1), topics=[topic])
    small = count()
    for days in range(27):
        EventFactory(starts_at=soon(days + 5), topics=[topic])
    assert count() == small


def _form(organiser, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "title": "Data for good meetup",
        "organiser_slug": organiser.slug,
        "kind": "meetup",
        "theme": "people",
        "summary": "Charities and data people meet.",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "recurrence": "",
        "venue": "The Core, Newcastle",
        "is_free": "on",
        "booking_url": "https://example.com/book",
        "contact_name": "Ada",
        "contact_email": "ada@example.com",
        **overrides,
    }


def test_an_organisation_submits_an_event_it_is_approved_and_listed(
    client, django_capture_on_commit_callbacks
):
    organiser = factories.OrganisationFactory(name="Digital Union")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:add"), _form(organiser))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == "unconfirmed"
    assert timezone.localtime(event.starts_at).hour == 18
    assert "Data for good" not in client.get("/events/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link("ada@example.com"), follow=True)
    event.refresh_from_db()
    assert event.status == "pending"
    assert moderation.submission_approve(obj=event, by=None)
    assert "Data for good meetup" in client.get("/events/?theme=people").content.decode()
    assert b"Data for good meetup" in client.get("/events/calendar.ics?theme=people").content
    assert "Data for good meetup" in client.get(organiser.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_time": "20:00", "end_time": "18:00"}, "end_time"),
        ({"date": "2001-01-01"}, "date"),
        ({"booking_url": "javascript:alert(1)"}, "booking_url"),
        ({"recurrence": "weekly"}, "repeat_until"),
        ({"recurrence": "weekly", "repeat_until": "2001-01-01"}, "repeat_until"),
        ({"recurrence": "weekly", "repeat_until": "2099-01-01"}, "repeat_until"),
        ({"venue": ""}, "venue"),
        ({"is_free": "", "price": ""}, "price"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(client, overrides, field):
    organiser = factories.OrganisationFactory()
    response = client.post(reverse("events:add"), _form(organiser, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert "Data for good meetup" in response.content.decode()
    assert not Event.objects.exists()


def test_a_fifth_weekday_cannot_repeat_monthly_on_that_weekday(client):
    organiser = factories.OrganisationFactory()
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.day < 29:
        day += datetime.timedelta(days=1)
    response = client.post(
        reverse("events:add"),
        _form(
            organiser,
            date=day.isoformat(),
            recurrence="monthly_nth",
            repeat_until=(day + datetime.timedelta(days=90)).isoformat(),
        ),
    )
    assert "recurrence" in response.context["form"].errors
    assert not Event.objects.exists()
