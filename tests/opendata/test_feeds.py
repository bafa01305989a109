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


def test_every_published_indicator_is_a_dataset_in_the_catalogue_and_the_api(client):
    from tests.strategy.factories import IndicatorFactory, observe

    employment = IndicatorFactory(name="Tech employment")
    observe(employment, datetime.date(2025, 6, 1), 110)
    other = IndicatorFactory(name="Desks let")
    observe(other, datetime.date(2025, 6, 1), 5)
    hidden = IndicatorFactory(name="Draft indicator", is_published=False)
    observe(hidden, datetime.date(2025, 6, 1), 7)
    served = client.get("/data/catalog.jsonld").json()
    parts = {d["dct:identifier"]: d for d in served["dcat:dataset"] if "dct:isPartOf" in d}
    assert set(parts) == {
        "indicator-observations/tech-employment",
        "indicator-observations/desks-let",
    }
    part = parts["indicator-observations/tech-employment"]
    assert part["dct:isPartOf"]["@id"] == "http://testserver/data/#indicator-observations"
    urls = {d["dcat:accessURL"]["@id"] for d in part["dcat:distribution"]}
    assert urls == {
        "http://testserver/strategy/indicators/tech-employment.csv",
        "http://testserver/strategy/indicators/tech-employment.json",
        "http://testserver/api/v1/indicator-observations/?indicator=tech-employment",
    }
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
    rows = client.get("/api/v1/indicator-observations/?indicator=tech-employment").json()
    assert [row["indicator"] for row in rows["results"]] == ["tech-employment"]
    # A draft indicator is no choice at all: the API answers as for any unknown slug.
    refused = client.get("/api/v1/indicator-observations/?indicator=draft-indicator")
    assert refused.status_code == 404
    assert b"Draft indicator" not in refused.content
    assert 'href="/data/indicator-observations/#parts"' in client.get("/data/").content.decode()
    html = client.get("/data/indicator-observations/").content.decode()
    assert 'id="indicator-observations/tech-employment"' in html
    assert 'href="/strategy/indicators/tech-employment.csv"' in html
    assert "Draft indicator" not in html and "draft-indicator" not in html
