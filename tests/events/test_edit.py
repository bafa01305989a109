"""An organiser updates their event through the link /manage/ emails them: a listed event
keeps its live version until staff approve the change; dates and times are UK time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from apps.events.models import LONDON, Event
from tests.events.factories import EventFactory, local
from tests.helpers import last_link

pytestmark = pytest.mark.django_db


def form_data(event, **changes):
    starts = timezone.localtime(event.starts_at, LONDON)
    ends = timezone.localtime(event.ends_at, LONDON)
    data = {
        "title": event.title,
        "kind": event.kind,
        "theme": event.theme,
        "summary": event.summary,
        "description": event.description,
        "date": starts.date().isoformat(),
        "start_time": starts.strftime("%H:%M"),
        "end_time": ends.strftime("%H:%M"),
        "recurrence": event.recurrence,
        "repeat_until": event.repeat_until.isoformat() if event.repeat_until else "",
        "venue": event.venue,
        "is_free": "on",
        "accessibility": event.accessibility,
        "booking_url": event.booking_url,
    }
    data.update(changes)
    return data


def open_manage_link(client, event, commit):
    with commit(execute=True):
        client.post(reverse("core:manage"), {"email": event.contact_email})
    return client.get(last_link(event.contact_email), follow=True)


def test_an_organiser_changes_a_listed_event_and_staff_approve_it(
    client, moderator, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + datetime.timedelta(days=10)
    event = EventFactory(title="Tyne data breakfast", starts_at=local(day, 8))
    page = open_manage_link(client, event, django_capture_on_commit_callbacks)
    edit = reverse("events:edit", args=[event.reference])
    assert page.redirect_chain[-1][0] == edit
    html = page.content.decode()
    assert 'value="08:00"' in html and f'value="{day.isoformat()}"' in html
    assert "Withdraw this event" in html and "Tell people it is cancelled" in html

    done = client.post(
        edit, form_data(event, title="Tyne data breakfast (new room)", start_time="08:30")
    )
    assert done.url == reverse("core:status", args=[event.reference])
    event.refresh_from_db()
    assert event.title == "Tyne data breakfast"  # live until approved
    change = PendingChange.objects.get(status=PendingChange.Status.PENDING)

    services.change_approve(change=change, by=moderator)
    event.refresh_from_db()
    assert event.title == "Tyne data breakfast (new room)"
    assert event.starts_at == local(day, 8, 30)
    assert event.organiser_id is not None


def test_a_repeating_event_under_way_keeps_its_first_date(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    event = EventFactory(
        starts_at=local(today - datetime.timedelta(days=14)),
        recurrence=Event.Recurrence.WEEKLY,
        repeat_until=today + datetime.timedelta(days=60),
    )
    open_manage_link(client, event, django_capture_on_commit_callbacks)
    done = client.post(
        reverse("events:edit", args=[event.reference]),
        form_data(event, summary="Now with pizza."),
    )
    assert done.status_code == 302
    change = PendingChange.objects.get(status=PendingChange.Status.PENDING)
    assert change.data["summary"] == "Now with pizza."


def test_a_date_moved_into_the_past_is_refused_and_what_was_typed_is_kept(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=local(timezone.localdate() + datetime.timedelta(days=4)))
    open_manage_link(client, event, django_capture_on_commit_callbacks)
    past = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("events:edit", args=[event.reference]),
        form_data(event, date=past, summary="Typed <b>text</b> kept"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The date must be today or in the future." in page
    assert 'class="error-summary' in page
    assert "Typed &lt;b&gt;text&lt;/b&gt; kept" in page
    assert not PendingChange.objects.exists()


def test_an_event_not_yet_listed_is_changed_in_place(client, django_capture_on_commit_callbacks):
    event = EventFactory(
        status=Status.PENDING, starts_at=local(timezone.localdate() + datetime.timedelta(days=4))
    )
    open_manage_link(client, event, django_capture_on_commit_callbacks)
    client.post(
        reverse("events:edit", args=[event.reference]),
        form_data(event, title="Renamed before review", end_time="21:00"),
    )
    event.refresh_from_db()
    assert event.title == "Renamed before review"
    assert timezone.localtime(event.ends_at, LONDON).time() == datetime.time(21, 0)
    assert event.status == Status.PENDING


def test_the_edit_page_needs_the_manage_link(client):
    event = EventFactory()
    response = client.get(reverse("events:edit", args=[event.reference]))
    assert response.url == reverse("core:manage")
