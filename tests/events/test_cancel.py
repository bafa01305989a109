"""An organiser tells people their event is cancelled, from its status page: it stays
listed, marked cancelled with their note, and calendars get the change."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import links
from apps.events.models import Event
from tests.events.factories import EventFactory, local

pytestmark = pytest.mark.django_db


def open_status(client, event):
    client.get(links.make_url(purpose="status", obj=event).removeprefix("http://testserver"))
    return client.get(reverse("core:status", args=[event.reference]))


@pytest.fixture
def event():
    return EventFactory(
        title="Tyne data breakfast",
        starts_at=local(timezone.localdate() + datetime.timedelta(days=5), 8),
        booking_url="https://example.org/book",
    )


def test_an_organiser_marks_their_event_cancelled_with_a_note(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    public = event.get_absolute_url()
    Client().get(public)
    assert Client().get(public)["X-Page-Cache"] == "hit"
    cancel = reverse("events:cancel", args=[event.reference])
    assert f'href="{cancel}"' in open_status(client, event).content.decode()
    assert client.get(cancel).status_code == 200
    sequence = event.sequence

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(cancel, {"note": "The speaker is ill; we will set a new date."})
    assert done.url == reverse("core:status", args=[event.reference])
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    assert event.state_note == "The speaker is ill; we will set a new date."
    assert event.sequence == sequence + 1

    page = Client().get(public).content.decode()
    assert "Cancelled." in page and "The speaker is ill" in page
    assert "Book a place" not in page
    assert '"eventStatus": "https://schema.org/EventCancelled"' in page
    ics = Client().get(reverse("events:ics", args=[event.slug])).content.decode()
    assert "STATUS:CANCELLED" in ics
    # Done once: the status page no longer offers it, and the page goes back there.
    assert cancel not in open_status(client, event).content.decode()
    assert client.get(cancel).status_code == 302


def test_a_note_with_a_problem_is_shown_again_and_nothing_changes(client, event):
    open_status(client, event)
    cancel = reverse("events:cancel", args=[event.reference])
    typed = "Moved to " + "x" * 200
    response = client.post(cancel, {"note": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert 'class="error-summary' in page
    assert typed in page
    event.refresh_from_db()
    assert event.state == Event.State.SCHEDULED


def test_only_the_organisers_link_opens_it(client, event):
    cancel = reverse("events:cancel", args=[event.reference])
    assert client.get(cancel).status_code == 403
    assert client.post(cancel, {"note": ""}).status_code == 403
    event.refresh_from_db()
    assert event.state == Event.State.SCHEDULED


def test_an_event_that_is_over_or_not_published_cannot_be_marked(client):
    over = EventFactory(starts_at=local(timezone.localdate() - datetime.timedelta(days=3)))
    waiting = EventFactory(status="pending")
    for item in (over, waiting):
        assert "events/cancel" not in open_status(client, item).content.decode()
        client.post(reverse("events:cancel", args=[item.reference]), {"note": ""})
        item.refresh_from_db()
        assert item.state == Event.State.SCHEDULED
