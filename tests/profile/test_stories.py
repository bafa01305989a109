"""Stories: scheduled publishing, sanitised Markdown, filters, the Atom feed, the links
from organisation profiles, and the query budget."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.profile.models import Story
from tests import factories
from tests.images import image_upload
from tests.profile.factories import StoryFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(content):
    # Our own output, so the standard library parser is fine here (no defusedxml needed).
    return ET.fromstring(content)  # noqa: S314


HOUR = timezone.timedelta(hours=1)


@pytest.fixture
def mixed_stories():
    now = timezone.now()
    return {
        "live": StoryFactory(title="Live story", published_at=now - HOUR),
        "older": StoryFactory(title="Older story", published_at=now - 48 * HOUR),
        "scheduled": StoryFactory(title="Scheduled story", published_at=now + HOUR),
        "draft": StoryFactory(title="Draft story", status=Story.Status.DRAFT, published_at=None),
        "draft-dated": StoryFactory(
            title="Dated draft", status=Story.Status.DRAFT, published_at=now - HOUR
        ),
    }


def test_only_published_stories_whose_time_has_come_are_public(mixed_stories):
    now = timezone.now()
    assert sorted(s.title for s in Story.objects.published(now)) == ["Live story", "Older story"]
    later = now + 2 * HOUR
    assert "Scheduled story" in {s.title for s in Story.objects.published(later)}


def test_list_and_detail_hide_drafts_and_scheduled_stories(client, mixed_stories):
    response = client.get(reverse("stories:index"))
    assert response.status_code == 200
    assert b"Live story" in response.content
    assert b"Older story" in response.content
    for hidden in (b"Scheduled story", b"Draft story", b"Dated draft"):
        assert hidden not in response.content
    assert client.get(mixed_stories["live"].get_absolute_url()).status_code == 200
    for key in ("scheduled", "draft", "draft-dated"):
        assert client.get(mixed_stories[key].get_absolute_url()).status_code == 404


def test_the_home_page_shows_only_stories_whose_time_has_come(client, mixed_stories):
    html = client.get(reverse("home")).content.decode()
    assert html.index("Live story") < html.index("Older story")
    for hidden in ("Scheduled story", "Draft story", "Dated draft"):
        assert hidden not in html
    # The time is the request's, not the time the page's SQL was first built.
    mixed_stories["scheduled"].published_at = timezone.now() - HOUR / 2
    mixed_stories["scheduled"].save()
    assert "Scheduled story" in client.get(reverse("home")).content.decode()


def test_the_list_is_newest_first(client, mixed_stories):
    content = client.get(reverse("stories:index")).content
    assert content.index(b"Live story") < content.index(b"Older story")


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert('x')</script>", ["<script", "alert("]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:"]),
        ("<img src=x onerror=alert(1)>", ["onerror", "<img"]),
        ('<p onmouseover="alert(1)">hover</p>', ["onmouseover"]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe"]),
        ("<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["data:text"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ('<div style="position:fixed">x</div>', ["position:fixed", "style="]),
    ],
)
def test_markdown_body_is_sanitised(client, payload, forbidden):
    story = StoryFactory(title="Hostile", body=f"Intro paragraph.\n\n{payload}\n\nMarker end.")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    # Look only inside the story body: the page's own script tag is allowed.
    start = body.index('class="prose story__body"')
    rendered = body[start : body.index("Marker end.", start)].lower()
    for bad in forbidden:
        assert bad.lower() not in rendered
    assert "intro paragraph." in rendered


def test_markdown_keeps_safe_formatting(client):
    story = StoryFactory(
        body="## A heading\n\n**Bold** and [a link](https://example.com/x) and\n\n- one\n- two"
    )
    content = client.get(story.get_absolute_url()).content.decode()
    assert "<h2>A heading</h2>" in content
    assert "<strong>Bold</strong>" in content
    assert (
        '<a href="https://example.com/x" rel="noopener noreferrer nofollow">a link</a>' in content
    )
    assert "<li>one</li>" in content


def test_filters_by_kind_and_theme(client):
    StoryFactory(title="People interview", kind="interview", theme="people")
    StoryFactory(title="Place news", kind="news", theme="place")
    StoryFactory(title="Profile case study", kind="case_study", theme="profile")
    url = reverse("stories:index")

    def shown(params):
        content = client.get(url, params).content.decode()
        titles = ("People interview", "Place news", "Profile case study")
        return {t for t in titles if t in content}

    assert shown({"kind": "interview"}) == {"People interview"}
    assert shown({"theme": "place"}) == {"Place news"}
    assert shown({"kind": "case_study", "theme": "profile"}) == {"Profile case study"}
    assert shown({"kind": "news", "theme": "people"}) == set()
    # Unknown values are ignored rather than failing.
    response = client.get(url, {"kind": "rumour", "theme": "<b>", "page": "zz"})
    assert response.status_code == 200
    assert shown({"kind": "rumour"}) == {"People interview", "Place news", "Profile case study"}


def test_pagination_keeps_the_filters(client):
    for n in range(14):
        StoryFactory(title=f"People story {n:02}", theme="people")
    StoryFactory(title="Place story", theme="place")
    content = client.get(reverse("stories:index"), {"theme": "people"}).content.decode()
    assert "?theme=people&amp;page=2" in content
    page_two = client.get(reverse("stories:index"), {"theme": "people", "page": "2"})
    assert page_two.context["page_obj"].paginator.count == 14


def test_the_atom_feed_is_valid_xml_with_exactly_the_published_entries(client, mixed_stories):
    response = client.get(reverse("stories:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_feed(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Live story", "Older story"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == "http://testserver" + mixed_stories["live"].get_absolute_url()
    assert all(e.find(f"{ATOM}published") is not None for e in entries)
    assert entries[0].find(f"{ATOM}summary").text == mixed_stories["live"].summary


def test_the_feed_escapes_hostile_titles(client):
    StoryFactory(title="Tom & Jerry <script>", summary="<b>bold</b> & more")
    root = parse_feed(client.get(reverse("stories:feed")).content)
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Tom & Jerry <script>"


def test_a_profile_lists_the_public_stories_that_feature_it(client):
    organisation = factories.OrganisationFactory(name="Tyne Widgets")
    other = factories.OrganisationFactory(name="Other Co")
    StoryFactory(title="Widgets win an award", organisations=[organisation])
    StoryFactory(
        title="Widgets scheduled",
        organisations=[organisation],
        published_at=timezone.now() + HOUR,
    )
    StoryFactory(
        title="Widgets draft", organisations=[organisation], status="draft", published_at=None
    )
    StoryFactory(title="Other news", organisations=[other])
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Widgets win an award" in content
    for hidden in ("Widgets scheduled", "Widgets draft", "Other news"):
        assert hidden not in content


def test_a_story_never_links_to_an_unpublished_organisation(client):
    public = factories.OrganisationFactory(name="Public Co")
    pending = factories.OrganisationFactory(name="Pending Co", status=Status.PENDING)
    story = StoryFactory(title="Two firms", organisations=[public, pending])
    for url in (reverse("stories:index"), story.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "Public Co" in content
        assert "Pending Co" not in content


@pytest.mark.parametrize("size", [3, 30])
def test_story_list_query_count_stays_flat(client, size, django_assert_max_num_queries):
    organisations = factories.OrganisationFactory.create_batch(2)
    for n in range(size):
        StoryFactory(title=f"Story {n}", organisations=organisations)
    # 1 page of stories with their featured organisations, and 1 count for the
    # paginator only when that first page is full (at 30).
    with django_assert_max_num_queries(2):
        response = client.get(reverse("stories:index"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(size, 12)


@pytest.mark.parametrize("size", [3, 30])
def test_feed_query_count_stays_flat(client, size, django_assert_max_num_queries):
    for n in range(size):
        StoryFactory(title=f"Story {n}")
    # 1 query for the newest 20 stories.
    with django_assert_max_num_queries(1):
        response = client.get(reverse("stories:feed"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_profile_page_query_count_stays_flat(client, size, django_assert_max_num_queries):
    organisation = factories.OrganisationFactory(sectors=factories.SectorFactory.create_batch(2))
    for n in range(size):
        StoryFactory(title=f"Story {n}", organisations=[organisation])
    # 1 organisation with its area and sectors' names, 1 prefetch of public stories, 1 of
    # the buildings it lets (place's profile section), 1 of its
    # upcoming events (events' profile section), 1 of the industries it serves.
    with django_assert_max_num_queries(5):
        response = client.get(organisation.get_absolute_url())
    assert response.content.decode().count('href="/stories/story-') == size


def test_the_database_requires_alt_text_with_an_image():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(image="stories/x.png", image_alt="")


def test_the_database_requires_a_date_for_a_published_story():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(status="published", published_at=None)


class TestAdmin:
    def test_preview_shows_a_draft_to_staff_only(self, client, admin_client):
        story = StoryFactory(title="Secret draft", status="draft", published_at=None)
        url = reverse("stories:preview", args=[story.pk])
        response = admin_client.get(url)
        assert response.status_code == 200
        assert b"Secret draft" in response.content
        assert b"This is a draft" in response.content
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        anonymous = client.__class__()
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_the_change_page_links_to_the_preview(self, admin_client):
        story = StoryFactory()
        response = admin_client.get(reverse("admin:profile_story_change", args=[story.pk]))
        assert reverse("stories:preview", args=[story.pk]).encode() in response.content

    def test_staff_cannot_save_an_image_without_alt_text(self, admin_client):
        data = {
            "title": "With image",
            "slug": "with-image",
            "kind": "news",
            "theme": "place",
            "summary": "Summary.",
            "body": "Body.",
            "author": "",
            "image": image_upload("lead.png"),
            "image_alt": "",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
        }
        response = admin_client.post(reverse("admin:profile_story_add"), data)
        assert response.status_code == 200
        assert b"Describe the image" in response.content
        assert not Story.objects.exists()

        data["image"] = image_upload("lead.png")
        data["image_alt"] = "Three founders outside their Ouseburn office."
        response = admin_client.post(reverse("admin:profile_story_add"), data)
        assert response.status_code == 302
        assert Story.objects.get().image_alt.startswith("Three founders")

    def test_a_story_cannot_take_a_reserved_address(self, admin_client):
        data = {
            "title": "Feed",
            "slug": "feed",
            "kind": "news",
            "theme": "place",
            "summary": "Summary.",
            "body": "Body.",
            "status": "draft",
        }
        response = admin_client.post(reverse("admin:profile_story_add"), data)
        assert response.status_code == 200
        assert b"This address is used by the site" in response.content
        assert not Story.objects.exists()

    def test_publish_now_action(self, admin_client):
        story = StoryFactory(status="draft", published_at=None)
        admin_client.post(
            reverse("admin:profile_story_changelist"),
            {"action": "publish_now", "_selected_action": [story.pk], "confirm": "1"},
        )
        story.refresh_from_db()
        assert story.is_live

    def test_admin_smoke(self, admin_client):
        story = StoryFactory(title="Searchable")
        changelist = reverse("admin:profile_story_changelist")
        assert admin_client.get(changelist).status_code == 200
        assert admin_client.get(changelist, {"q": "search"}).status_code == 200
        assert admin_client.get(changelist, {"live": "scheduled"}).status_code == 200
        assert admin_client.get(reverse("admin:profile_story_add")).status_code == 200
        url = reverse("admin:profile_story_change", args=[story.pk])
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_story_page_query_count_stays_flat(client, size, django_assert_max_num_queries):
    story = StoryFactory(organisations=factories.OrganisationFactory.create_batch(size))
    # 1 story, 1 prefetch of its published organisations.
    with django_assert_max_num_queries(2):
        response = client.get(story.get_absolute_url())
    assert response.content.decode().count('href="/directory/company-') == size


def test_story_cards_name_published_featured_organisations_by_name(client):
    zeta = factories.OrganisationFactory(name="Zeta Works")
    acme = factories.OrganisationFactory(name="Acme Labs")
    hidden = factories.OrganisationFactory(name="Hidden Ltd", status=Status.PENDING)
    StoryFactory(title="Three firms", organisations=[zeta, hidden, acme])
    StoryFactory(title="No firms", organisations=[])
    for url in (reverse("home"), reverse("stories:index")):
        html = client.get(url).content.decode()
        card = html[html.index("Three firms") :]
        card = card[: card.index("</article>")]
        assert (
            f'Featuring <a href="{acme.get_absolute_url()}">Acme Labs</a>, '
            f'<a href="{zeta.get_absolute_url()}">Zeta Works</a></p>'
        ) in card
        assert "Hidden Ltd" not in html
        card = html[html.index("No firms") :]
        assert "Featuring" not in card[: card.index("</article>")]


class TestPreviewAccess:
    """17.10: a draft is shown only to staff who passed the second factor and may view
    stories."""

    @pytest.fixture
    def draft_url(self):
        story = StoryFactory(title="Secret draft", status="draft", published_at=None)
        return reverse("stories:preview", args=[story.pk])

    def test_a_password_only_session_is_sent_to_the_second_factor(self, client, draft_url):
        user = factories.UserFactory(username="analyst", is_staff=True, is_superuser=True)
        client.force_login(user)  # the password step only
        response = client.get(draft_url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:two_factor_verify"))
        assert b"Secret draft" not in response.content

    def test_staff_without_view_story_are_refused(self, client, staff_login, draft_url):
        user = factories.UserFactory(username="no-stories", is_staff=True)
        staff_login(client, user)
        response = client.get(draft_url)
        assert response.status_code == 403
        assert b"Secret draft" not in response.content

    def test_staff_with_view_story_and_a_second_factor_see_it(self, client, staff_login, draft_url):
        user = factories.UserFactory(username="writer", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_story"))
        staff_login(client, user)
        response = client.get(draft_url)
        assert response.status_code == 200
        assert b"Secret draft" in response.content
