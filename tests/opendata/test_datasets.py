"""The datasets of the theme apps: funding, stories, place and people. Each filters as its
public page does and publishes only what the page shows."""

import csv
import datetime
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from apps.funding.models import Opportunity
from apps.opendata import registry
from apps.opendata.datasets import day_start
from apps.people import skills_map
from apps.profile.models import Story

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response):
    return [row["slug"] for row in rows(response)]


def page_slugs(response):
    assert response.status_code == 200
    return [obj.slug for obj in response.context["page_obj"].object_list]


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    ("page", "api", "params"),
    [
        ("funding:index", "funding-opportunities", {}),
        ("funding:index", "funding-opportunities", {"kind": "grant"}),
        ("funding:index", "funding-opportunities", {"stage": "early"}),
        ("funding:index", "funding-opportunities", {"amount": "500"}),
        ("funding:index", "funding-opportunities", {"open_now": "on"}),
        ("funding:index", "funding-opportunities", {"open_now": "true", "stage": "growth"}),
        ("stories:index", "stories", {}),
        ("stories:index", "stories", {"kind": "interview"}),
        ("stories:index", "stories", {"theme": "profile"}),
        ("place:search", "spaces", {}),
        ("place:search", "spaces", {"area": "ouseburn"}),
        ("place:search", "spaces", {"kind": "hot_desk"}),
        ("place:search", "spaces", {"desks": "2"}),
        ("place:search", "spaces", {"max_price": "300"}),
        ("place:search", "spaces", {"amenities": "wifi"}),
        ("place:search", "spaces", {"step_free": "on"}),
        ("place:search", "spaces", {"sort": "size_desc"}),
        ("people:courses", "courses", {}),
        ("people:courses", "courses", {"skill": "python"}),
        ("people:courses", "courses", {"cost": "paid"}),
        ("people:courses", "courses", {"mode": "online"}),
    ],
)
def test_filters_give_the_same_rows_as_the_public_page(client, open_data, page, api, params):
    expected = page_slugs(client.get(reverse(page), params))
    assert slugs(client.get(f"/api/v1/{api}/", params)) == expected


def test_funding_lists_open_and_future_opportunities_only(client, open_data):
    assert slugs(client.get("/api/v1/funding-opportunities/")) == [
        "future-fund",
        "open-fund",
        "rolling-fund",
    ]
    row = client.get("/api/v1/funding-opportunities/open-fund/").json()
    assert row["stages"] == ["early", "growth"]
    assert row["sectors"] == ["fintech"]
    assert row["area"] == "ouseburn"
    assert row["apply_url"] == "https://funder.example.com/apply"
    assert row["url"] == "http://testserver/funding/open-fund/"
    # The open_now filter uses today's date, as the page does.
    assert "future-fund" not in slugs(
        client.get("/api/v1/funding-opportunities/", {"open_now": "true"})
    )


def test_an_opportunity_leaves_the_day_after_it_closes_which_dates_the_change(client, open_data):
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Opportunity.objects.update(updated_at=long_ago)
    dataset = registry.get("funding-opportunities")
    # "Hidden closed fund" closed yesterday, so the list changed at the start of today.
    assert dataset.last_updated() == day_start(today)
    Opportunity.objects.filter(slug="hidden-closed-fund").update(
        closes_on=today - datetime.timedelta(days=10)
    )
    assert dataset.last_updated() == day_start(today - datetime.timedelta(days=9))
    # Closing today, it is still listed; closed yesterday, it is gone.
    Opportunity.objects.filter(slug="open-fund").update(closes_on=today)
    assert "open-fund" in slugs(client.get("/api/v1/funding-opportunities/"))
    Opportunity.objects.filter(slug="open-fund").update(
        closes_on=today - datetime.timedelta(days=1)
    )
    assert "open-fund" not in slugs(client.get("/api/v1/funding-opportunities/"))
    assert client.get("/api/v1/funding-opportunities/open-fund/").status_code == 404
    assert dataset.last_updated() == day_start(today)


def test_stories_publish_the_sanitised_html_not_the_markdown_source(client, open_data):
    row = client.get("/api/v1/stories/launch-story/").json()
    assert row["body_html"] == "<h2>Launch</h2>\n<p>A <strong>big</strong> day.</p>\n"
    assert "body" not in row
    # Only published featured organisations are named.
    assert row["organisations"] == ["alpha-pay"]
    assert slugs(client.get("/api/v1/stories/")) == ["interview-story", "launch-story"]


def test_a_scheduled_story_appears_when_its_time_comes(client, open_data):
    scheduled = Story.objects.get(slug="hidden-scheduled-story")
    assert client.get(f"/api/v1/stories/{scheduled.slug}/").status_code == 404
    first = client.get("/api/v1/stories/")
    Story.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    again = client.get("/api/v1/stories/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert scheduled.slug in slugs(again)


def test_buildings_are_those_with_space_to_let(client, open_data):
    buildings = {row["slug"]: row for row in rows(client.get("/api/v1/buildings/"))}
    assert list(buildings) == ["mill-yard", "quay-house"]
    assert buildings["quay-house"]["spaces_to_let"] == 1  # not its expired or withdrawn ones
    assert buildings["quay-house"]["landlord"] == "alpha-pay"
    assert buildings["quay-house"]["amenities"] == ["wifi"]
    # An unconfirmed landlord's name is on the building page; its directory entry is not.
    assert buildings["mill-yard"]["landlord_name"] == "Unlisted Landlord"
    assert buildings["mill-yard"]["landlord"] is None


def test_spaces_are_live_spaces_with_their_building_and_geojson(client, open_data):
    assert slugs(client.get("/api/v1/spaces/")) == ["mill-yard-hot-desks", "quay-house-suite-a"]
    document = json.loads(body(client.get("/data/spaces.geojson")))
    assert document["type"] == "FeatureCollection"
    features = {f["id"]: f for f in document["features"]}
    assert features["mill-yard-hot-desks"]["geometry"] == {
        "type": "Point",
        "coordinates": [-1.59, 54.975],
    }
    assert features["quay-house-suite-a"]["properties"]["building"] == "quay-house"
    buildings = json.loads(body(client.get("/data/buildings.geojson")))
    assert [f["id"] for f in buildings["features"]] == ["mill-yard", "quay-house"]


def test_courses_are_listed_courses_of_published_providers(client, open_data):
    assert slugs(client.get("/api/v1/courses/")) == ["intro-to-python", "data-with-sql"]
    row = client.get("/api/v1/courses/data-with-sql/").json()
    assert row["provider"] == "beta-games"
    assert row["cost"] == 450
    assert row["skills"] == ["sql"]


def test_the_skills_taxonomy_includes_retired_skills_marked_inactive(client, open_data):
    skills = {row["slug"]: row for row in rows(client.get("/api/v1/skills/?page_size=500"))}
    assert skills["cobol"]["active"] is False
    assert skills["python"]["active"] is True
    categories = slugs(client.get("/api/v1/skill-categories/?page_size=500"))
    assert {skill["category"] for skill in skills.values()} <= set(categories)


def test_the_skills_map_has_the_figures_of_the_page_csv_and_its_suppression(client, open_data):
    """Every figure as the /skills/ CSV shows it: a hidden figure there ("fewer than 3",
    "withheld") is null here, a number there is the same number here."""
    survey_round = open_data["survey_round"]
    api = rows(client.get("/api/v1/skills-map/?page_size=500"))
    assert {row["round"] for row in api} == {survey_round.slug}  # not the future round
    page = client.get(reverse("people:skills_map"), {"round": survey_round.slug, "format": "csv"})
    header, *page_rows = list(csv.reader(io.StringIO(page.content.decode())))
    assert len(api) == len(page_rows)
    columns = ["organisations", "staff", "vacancies", "mean_difficulty", "training_need_share"]
    for ours, theirs in zip(api, page_rows, strict=True):
        assert ours["row_type"] == ("category" if theirs[1] == skills_map.ALL_SKILLS else "skill")
        for name, text in zip(columns, theirs[2:7], strict=True):
            value = ours[name]
            if text in skills_map.TEXT.values():
                assert value is None, (ours, name)
            elif name == "training_need_share":
                assert f"{value:.0%}" == text
            elif name == "mean_difficulty":
                assert f"{value:.1f}" == text
            else:
                assert f"{value:,}" == text
        if ours["row_type"] == "skill":
            assert str(ours["courses"]) == theirs[-1]

    by_skill = {row["skill"]: row for row in api}
    assert by_skill["python"]["organisations"] == 3
    assert by_skill["rust"]["suppressed"] == "few"
    assert by_skill["rust"]["staff"] is None
    category = next(
        r for r in api if r["row_type"] == "category" and r["category"] == "software-engineering"
    )
    # Its total less Python would reveal Rust's single organisation: Python, the smallest
    # visible skill, is withheld, and the category's own total stays.
    assert by_skill["python"]["suppressed"] == "withheld"
    assert by_skill["python"]["staff"] is None
    assert category["suppressed"] is None
    assert category["staff"] >= 10 + 11 + 12  # published responses only (and Rust's)


def test_the_skills_map_is_list_only_and_documented(client, open_data):
    dataset = registry.get("skills-map")
    assert dataset.lookup_field is None
    meanings = {name: meaning for name, _type, meaning in dataset.fields()}
    assert "fewer than 3 organisations" in meanings["suppressed"]
    assert "withheld" in meanings["suppressed"]
    html = client.get("/data/skills-map/").content.decode()
    assert "fewer than 3 organisations is suppressed" in html


@pytest.mark.parametrize("name", [d.name for d in registry.all_datasets()])
def test_every_dataset_downloads_the_rows_of_its_api(client, open_data, name):
    api = rows(client.get(f"/api/v1/{name}/?page_size=500"))
    document = json.loads(body(client.get(f"/data/{name}.json")))
    assert document["rows"] == api
    assert api
    table = list(csv.DictReader(io.StringIO(body(client.get(f"/data/{name}.csv")))))
    assert len(table) == len(api)
    assert list(table[0]) == list(api[0])
