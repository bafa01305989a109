import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.core.web import search
from apps.funding.models import Opportunity
from apps.place.models import Space
from apps.profile.models import Story
from tests import factories
from tests.funding.factories import OpportunityFactory
from tests.profile.factories import StoryFactory

pytestmark = pytest.mark.django_db


def results(client, q):
    response = client.get(reverse("core:search"), {"q": q})
    assert response.status_code == 200
    return {
        source.key: [hit.title for hit in hits] for source, hits, _ in response.context["groups"]
    }


@pytest.fixture
def content():
    factories.OrganisationFactory(
        name="Kittiwake Robotics", description="Underwater drones for offshore wind farms."
    )
    StoryFactory(title="A year on the Quayside", body="Seagulls and semiconductors together.")
    OpportunityFactory(title="Green Growth Grant", eligibility="Firms cutting carbon emissions.")
    factories.SpaceFactory(
        building=factories.BuildingFactory(
            name="Lighthouse Mill", description="Exposed beams and a riverside terrace."
        )
    )
    factories.CourseFactory(title="Kubernetes Bootcamp", summary="Container orchestration basics.")
    # Never findable.
    factories.OrganisationFactory(
        name="Pending Robotics", status=Status.PENDING, description="offshore semiconductors carbon"
    )
    factories.OrganisationFactory(name="Rejected Robotics", status=Status.REJECTED)
    StoryFactory(title="Draft semiconductors", status=Story.Status.DRAFT, published_at=None)
    StoryFactory(
        title="Scheduled semiconductors", published_at=timezone.now() + timezone.timedelta(days=2)
    )
    OpportunityFactory(title="Closed Carbon Grant", closes_on=datetime.date(2020, 1, 1))
    OpportunityFactory(title="Draft Carbon Grant", status=Opportunity.Status.DRAFT)
    # Buildings are findable only while published with a live space; courses while listed.
    factories.SpaceFactory(
        building=factories.BuildingFactory(
            name="Pending Terrace Mill", status=Status.PENDING, description="terrace"
        )
    )
    factories.SpaceFactory(
        building=factories.BuildingFactory(name="Expired Terrace Mill", description="terrace"),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    factories.SpaceFactory(
        building=factories.BuildingFactory(name="Withdrawn Terrace Mill", description="terrace"),
        state=Space.State.WITHDRAWN,
    )
    factories.CourseFactory(
        title="Draft orchestration course", is_active=False, summary="orchestration"
    )
    factories.CourseFactory(
        title="Pending provider orchestration course",
        summary="orchestration",
        provider=factories.OrganisationFactory(status=Status.PENDING),
    )


@pytest.mark.parametrize(
    ("q", "key", "title"),
    [
        ("offshore", "organisations", "Kittiwake Robotics"),
        ("semiconductors", "stories", "A year on the Quayside"),
        ("carbon", "funding", "Green Growth Grant"),
        ("riverside", "spaces", "Lighthouse Mill"),
        ("container", "courses", "Kubernetes Bootcamp"),
    ],
)
def test_it_finds_each_type_by_a_word_in_its_body(client, content, q, key, title):
    assert results(client, q) == {key: [title]}


@pytest.mark.parametrize(
    ("q", "key", "title"),
    [
        ("Kitiwake Robotcs", "organisations", "Kittiwake Robotics"),
        ("Quaysde", "stories", "A year on the Quayside"),
        ("Green Grwth Grnt", "funding", "Green Growth Grant"),
        ("Lighthous Mil", "spaces", "Lighthouse Mill"),
        ("Kubernets Botcamp", "courses", "Kubernetes Bootcamp"),
        # Word similarity 0.43: found at the search's threshold (0.4), not pg_trgm's 0.6.
        ("Kitwak", "organisations", "Kittiwake Robotics"),
    ],
)
def test_it_forgives_a_misspelt_name(client, content, q, key, title):
    response = client.get(reverse("core:search"), {"q": q})
    assert response.context["fuzzy"] is True
    assert title in results(client, q)[key]


@pytest.mark.parametrize(
    "q",
    ["pending", "rejected", "draft", "scheduled", "closed", "robotics", "semiconductors", "carbon"],
)
def test_it_never_returns_unpublished_rejected_or_expired_items(client, content, q):
    found = results(client, q)
    titles = [title for hits in found.values() for title in hits]
    assert not any(
        word in title
        for title in titles
        for word in ("Pending", "Rejected", "Draft", "Scheduled", "Closed")
    )


def test_it_ranks_title_matches_above_body_matches(client):
    factories.OrganisationFactory(
        name="Other Co", summary="We mention drones once.", description="drones"
    )
    factories.OrganisationFactory(name="Drone Works", summary="Drones, drones and drones.")
    factories.OrganisationFactory(name="Drones North", summary="Survey drones.")
    assert results(client, "drones")["organisations"][-1] == "Other Co"
    assert set(results(client, "drones")["organisations"][:2]) == {"Drone Works", "Drones North"}


def test_snippets_are_highlighted_and_escaped(client):
    factories.OrganisationFactory(
        name="Evil Co", summary="<script>alert(1)</script> makes lidar sensors"
    )
    factories.OrganisationFactory(name="Amp Co", summary='R&D on "lidar" & <sonar>')
    response = client.get(reverse("core:search"), {"q": "lidar"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "R&amp;D" in html
    assert html.count("<mark>lidar</mark>") == 2


@pytest.mark.parametrize("q", ["", " ", "\x00", "a" * 10_000, "& | ! :*", "'\"<>", "))((("])
def test_odd_queries_never_fail(client, content, q):
    assert client.get(reverse("core:search"), {"q": q}).status_code == 200


def test_a_full_group_links_to_the_directory_search_for_every_match(client):
    for i in range(11):
        factories.OrganisationFactory(name=f"Widget {i}", summary="We make widgets.")
    StoryFactory(title="Widget story", body="widgets")
    page = client.get(reverse("core:search"), {"q": "widgets"}).content.decode()
    more = f"{reverse('profile:directory')}?q=widgets&amp;role="
    assert 'Businesses <span class="search-group__count">(best 10)</span>' in page
    assert (
        f'<a href="{more}">Search every organisation in the directory for “widgets”</a>'
    ) in page
    # Stories have no search of their own, and one story fills nothing.
    assert 'Stories <span class="search-group__count">(1)</span>' in page
    directory = client.get(more.replace("&amp;", "&")).content.decode()
    assert directory.count('class="org-card"') == 11

    # A group that is not full has every match already: no link.
    page = client.get(reverse("core:search"), {"q": "Widget 3"}).content.decode()
    assert "Search every organisation" not in page


@pytest.mark.parametrize("n", [3, 30])
def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    for i in range(n):
        factories.OrganisationFactory(name=f"Widget {i}", summary="widgets")
        StoryFactory(title=f"Widget story {i}", body="widgets")
        OpportunityFactory(title=f"Widget fund {i}", summary="widgets")
    # Two statements, however many rows match: one finds matching rows of every registered
    # content type (up to a cap), one searches those with a match.
    with django_assert_max_num_queries(2) as queries:
        found = results(client, "widgets")
    assert {key: len(titles) for key, titles in found.items()} == {
        "organisations": min(n, 10),
        "stories": min(n, 10),
        "funding": min(n, 10),
    }
    # 1 the first statement finds no match, so no full-text search runs, 2 the trigram
    # threshold for the transaction, 3 which sources have a title like the text, 4 one
    # trigram statement forgives the typo.
    with django_assert_max_num_queries(4) as typo_queries:
        found = results(client, "Widgte")
    assert found["organisations"]
    # Nothing is prepared on the connection, so any pooler (PgBouncer in transaction
    # mode too) can share it.
    for query in [*queries.captured_queries, *typo_queries.captured_queries]:
        assert not query["sql"].lstrip().upper().startswith(("PREPARE", "EXECUTE"))


def test_a_match_in_the_shown_text_is_ranked_however_many_rows_mention_the_word(
    client, monkeypatch
):
    # Only capped samples of the matches are ranked. Rows with the words in their title or
    # summary (what a hit shows, and what ranks highest) are sampled on their own, so the
    # business named for the words is found even when created after all the others.
    monkeypatch.setattr(search, "CANDIDATES", 3)
    for i in range(8):
        factories.OrganisationFactory(
            name=f"Firm {i}", summary="Marine work.", description="We do sonar, more sonar."
        )
    factories.OrganisationFactory(name="Sonar Systems", summary="Underwater sensing.")
    factories.OrganisationFactory(
        name="Pending Sonar", status=Status.PENDING, summary="Underwater sensing."
    )
    found = results(client, "sonar")["organisations"]
    assert found[0] == "Sonar Systems"
    assert len(found) == 4  # the shown-text match and a sample of three others
    assert "Pending Sonar" not in found


def test_each_hit_links_to_its_page(client, content):
    response = client.get(reverse("core:search"), {"q": "offshore or riverside or container"})
    urls = {source.key: [hit.url for hit in hits] for source, hits, _ in response.context["groups"]}
    assert urls["organisations"] == ["/directory/kittiwake-robotics/"]
    assert urls["spaces"] == ["/spaces/building/lighthouse-mill/"]
    # Courses link to the provider's own course page.
    assert urls["courses"][0].startswith("http")


def test_search_reads_only_the_columns_a_hit_shows(client, content):
    # The search vectors (about 2 KB each, stored out of line) are read for ranking only,
    # and descriptions and bodies stay in the database: each row sent back is a hit's
    # source, rank, title, link and snippet.
    with CaptureQueriesContext(connection) as queries:
        found = results(client, "semiconductors or offshore")
    assert found["organisations"] == ["Kittiwake Robotics"]
    assert found["stories"] == ["A year on the Quayside"]
    [_matches, sql] = [query["sql"] for query in queries.captured_queries]
    assert '"profile_organisation"."description"' not in sql
    assert '"profile_story"."body"' not in sql
    select_lists = re.findall(r"SELECT \d+ AS \"position\",(.*?)\bFROM ", sql, re.DOTALL)
    # Only the two content types with a match are searched.
    assert len(select_lists) == 2
    for selected in select_lists:
        assert re.findall(r'\bAS "(\w+)"', selected) == [
            "score",
            "hit_title",
            "hit_link",
            "hit_snippet",
        ]


def test_the_sitemap_lists_only_published_pages(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/directory/kittiwake-robotics/" in xml
    assert "/stories/a-year-on-the-quayside/" in xml
    assert "/funding/green-growth-grant/" in xml
    assert "/spaces/building/lighthouse-mill/" in xml
    for hidden in [
        "pending-robotics",
        "rejected-robotics",
        "draft-semiconductors",
        "scheduled-semiconductors",
        "closed-carbon-grant",
        "draft-carbon-grant",
    ]:
        assert hidden not in xml


def test_robots_points_to_the_sitemap_and_keeps_out_of_private_paths(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /link/" in text


def test_every_source_declares_its_shown_text_index():
    # The sample of shown-text matches is found through this index; without it every
    # search would read the whole table.
    for source in search.sources():
        wanted = search.shown_text_index(source.title_field, source.snippet_field, name="x")
        indexes = source.queryset(
            now=timezone.now(), today=timezone.localdate()
        ).model._meta.indexes
        assert any(index.expressions == wanted.expressions for index in indexes), source.key


def test_the_search_uses_the_time_of_each_search_not_of_the_first(client):
    # The date a space expires on and the time a story is published at are compared with
    # the time of the search, whichever process or connection runs it.
    today = timezone.localdate()
    factories.SpaceFactory(
        building=factories.BuildingFactory(name="Last Day Mill", description="terrace"),
        expires_on=today,
    )
    StoryFactory(title="Terrace tomorrow", published_at=timezone.now() + datetime.timedelta(days=1))
    assert results(client, "terrace") == {"spaces": ["Last Day Mill"]}
    later = timezone.now() + datetime.timedelta(days=1, hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert results(client, "terrace") == {"stories": ["Terrace tomorrow"]}


def test_a_negated_word_leaves_out_the_rows_that_have_it(client, content):
    # Kittiwake Robotics says "offshore" in its description, and "drones" too.
    assert results(client, "riverside or offshore") == {
        "organisations": ["Kittiwake Robotics"],
        "spaces": ["Lighthouse Mill"],
    }
    assert results(client, "riverside or offshore -drones") == {"spaces": ["Lighthouse Mill"]}


def test_hit_titles_and_snippets_are_escaped_with_the_matched_words_marked(client, content):
    factories.OrganisationFactory(
        name='Ampersand & "Quotes" <Ltd>', summary="Offshore <b>tags</b> & 'quotes'."
    )
    html = client.get(reverse("core:search"), {"q": "offshore"}).content.decode()
    assert "Ampersand &amp; &quot;Quotes&quot; &lt;Ltd&gt;</a>" in html
    assert "<mark>Offshore</mark>  tags  &amp; &#x27;quotes&#x27;.</p>" in html
    assert "<b>" not in html.split('search-results">')[1]


def test_a_typo_hit_shows_its_summary_escaped_and_unmarked(client):
    factories.OrganisationFactory(name="Kittiwake Robotics", summary="Drones & <sonar>.")
    html = client.get(reverse("core:search"), {"q": "Kitwake"}).content.decode()
    assert "No exact matches" in html
    assert '<p class="search-result__snippet">Drones &amp; &lt;sonar&gt;.</p>' in html


def test_rows_the_first_statement_finds_are_shown_only_if_public_at_the_time(client, monkeypatch):
    # The first statement samples matching rows of every table, public or not; with the
    # sample full of hidden rows, none of them is shown, and the public businesses
    # named for the word are still found through the shown-text sample.
    monkeypatch.setattr(search, "CANDIDATES", 3)
    for i in range(5):
        factories.OrganisationFactory(
            name=f"Pending Zephyr {i}", status=Status.PENDING, summary="Zephyr drones."
        )
    StoryFactory(title="Zephyr tomorrow", published_at=timezone.now() + datetime.timedelta(days=1))
    factories.OrganisationFactory(name="Zephyr Labs", summary="Wind tunnels.")
    assert results(client, "zephyr") == {"organisations": ["Zephyr Labs"]}


def test_a_word_only_hidden_rows_have_finds_nothing_either_way(client):
    # The first statement finds the hidden rows, the search shows none of them, and the
    # typo fallback reads public rows only too.
    factories.OrganisationFactory(name="Quokka Pending", status=Status.PENDING, summary="quokka")
    StoryFactory(title="Quokka draft", status=Story.Status.DRAFT, published_at=None)
    response = client.get(reverse("core:search"), {"q": "quokka"})
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_only_the_sources_with_a_match_are_searched(client, content):
    with CaptureQueriesContext(connection) as queries:
        assert results(client, "riverside") == {"spaces": ["Lighthouse Mill"]}
    [_matches, sql] = [query["sql"] for query in queries.captured_queries]
    # One ranked part, so no union: the other sources cost only their small first part.
    assert "UNION" not in sql
    assert '"place_building"' in sql and '"profile_organisation"' not in sql


def test_a_title_match_outranks_summary_and_body_matches_however_many_match(client, monkeypatch):
    # More rows match than are ranked in full: the title match still comes first, then
    # the summary matches, then those with the word only in the description.
    monkeypatch.setattr(search, "CANDIDATES", 3)
    for i in range(6):
        factories.OrganisationFactory(
            name=f"Body Firm {i}", summary="Marine work.", description="kelp farming"
        )
    factories.OrganisationFactory(name="Summary Firm", summary="Kelp processing.")
    factories.OrganisationFactory(name="Kelp Co", summary="Seaweed.")
    found = results(client, "kelp")["organisations"]
    assert found[:2] == ["Kelp Co", "Summary Firm"]
    assert all(title.startswith("Body Firm") for title in found[2:])
