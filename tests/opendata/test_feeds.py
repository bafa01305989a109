"""Feeds listed as distributions: the events' iCalendar feed in the catalogue and its
DCAT metadata; programmes as a dataset; the filtered events page links its own feed."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from tests.events.factories import EventFactory, local
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_events_dataset_lists_the_icalendar_feed_as_a_distribution(client):
    EventFactory(title="Dynamo meetup")
    served = client.get("/data/catalog.jsonld").json()
    datasets = {d["dct:identifier"]: d for d in served["dcat:dataset"]}
    feeds = [
        d for d in datasets["events"]["dcat:distribution"] if d["dcat:mediaType"] == "text/calendar"
    ]
    assert feeds == [
        {
            "@type": "dcat:Distribution",
            "dct:title": "Tech events (iCalendar feed)",
            "dct:format": "iCalendar",
            "dcat:mediaType": "text/calendar",
            "dcat:downloadURL": {"@id": "http://testserver/events/calendar.ics"},
            "dcat:accessURL": {"@id": "http://testserver/events/calendar.ics"},
            "dct:license": feeds[0]["dct:license"],
        }
    ]
    # Only the events dataset has one.
    others = [
        d
        for name, dataset in datasets.items()
        if name != "events"
        for d in dataset["dcat:distribution"]
        if d["dcat:mediaType"] == "text/calendar"
    ]
    assert others == []
    html = client.get("/data/").content.decode()
    assert 'href="/events/calendar.ics"' in html
    feed = client.get("/events/calendar.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    assert "Dynamo meetup" in str(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")[0])


def test_programmes_are_a_dataset_in_the_catalogue_and_api(client):
    ProgrammeFactory(title="Founders programme")
    ProgrammeFactory(title="Draft programme", status="draft")
    served = client.get("/data/catalog.jsonld").json()
    assert "programmes" in {d["dct:identifier"] for d in served["dcat:dataset"]}
    titles = [row["title"] for row in client.get("/api/v1/programmes/").json()["results"]]
    assert titles == ["Founders programme"]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/programmes/founders-programme/" in sitemap
    assert "draft-programme" not in sitemap


def test_the_filtered_events_page_links_its_own_feed_which_carries_only_those_events(client):
    day = timezone.localdate() + datetime.timedelta(days=10)
    EventFactory(title="Free meetup", is_free=True, starts_at=local(day))
    EventFactory(title="Paid conference", is_free=False, price="£40", starts_at=local(day))
    html = client.get("/events/?free=on").content.decode()
    assert 'href="/events/calendar.ics?free=on"' in html
    feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics?free=on").content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Free meetup"]
