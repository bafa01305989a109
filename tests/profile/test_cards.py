"""Organisation and story cards (the partials in profile/includes/card.html and
profile/stories/card.html) as the directory, home and stories pages show them."""

import datetime

import pytest
from django.urls import reverse

from apps.core.moderation.models import Status
from apps.profile.models import Story
from tests import factories
from tests.profile.factories import StoryFactory

pytestmark = pytest.mark.django_db

DIRECTORY_AND_HOME = [reverse("profile:directory"), reverse("home")]
STORY_PAGES = [reverse("stories:index"), reverse("home")]


def card(html, text, cls):
    """The card (`<article class="{cls}">`) that holds `text`."""
    end = html.index(text)
    start = html.rindex(f'<article class="{cls}">', 0, end)
    return html[start : html.index("</article>", end)]


@pytest.mark.parametrize("url", DIRECTORY_AND_HOME)
def test_an_organisation_card_escapes_what_the_business_wrote(client, url):
    factories.OrganisationFactory(
        name='Fish & "Chips" <script>alert(1)</script>',
        slug="fish-chips",
        summary="<b>Bold</b> & proud",
        sectors=[factories.SectorFactory(name='Data & "AI" <ML>')],
        area=factories.AreaFactory(name="Ouse & <Burn>"),
    )
    html = client.get(url).content.decode()
    assert "<script>alert(1)" not in html and "<b>Bold" not in html and "<ML>" not in html
    org = card(html, "Fish &amp;", "org-card")
    assert (
        '<a href="/directory/fish-chips/">Fish &amp; &quot;Chips&quot; '
        "&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    ) in org
    assert '<p class="org-card__summary">&lt;b&gt;Bold&lt;/b&gt; &amp; proud</p>' in org
    assert '<li class="tag tag--muted">Data &amp; &quot;AI&quot; &lt;ML&gt;</li>' in org
    assert '<p class="org-card__meta">Ouse &amp; &lt;Burn&gt; · 10 to 49 people' in org


@pytest.mark.parametrize("url", DIRECTORY_AND_HOME)
def test_an_organisation_card_shows_the_logo_or_else_the_initials(client, url):
    factories.OrganisationFactory(name="Logo Labs", logo="logos/logo labs.png")
    factories.OrganisationFactory(name="tyne byte works")
    html = client.get(url).content.decode()
    logo = card(html, ">Logo Labs<", "org-card")
    assert '<img class="org-card__logo" src="/media/logos/logo%20labs.png" alt=""' in logo
    assert "org-card__logo--initials" not in logo
    initials = card(html, ">tyne byte works<", "org-card")
    assert '<span class="org-card__logo org-card__logo--initials" aria-hidden="true">TB</span>' in (
        initials
    )
    assert "<img" not in initials


@pytest.mark.parametrize("url", DIRECTORY_AND_HOME)
def test_only_a_business_that_is_hiring_has_the_hiring_tag(client, url):
    factories.OrganisationFactory(name="Hiring Ltd", hiring_now=True)
    factories.OrganisationFactory(name="Quiet Ltd", hiring_now=False)
    html = client.get(url).content.decode()
    hiring_tag = ' · <strong class="tag tag--success">Hiring now</strong></p>'
    assert hiring_tag in card(html, ">Hiring Ltd<", "org-card")
    assert "Hiring now" not in card(html, ">Quiet Ltd<", "org-card")


def test_the_directory_and_home_page_show_only_published_businesses(client):
    factories.OrganisationFactory(name="Listed Ltd")
    factories.OrganisationFactory(name="Pending Ltd", status=Status.PENDING)
    for url in DIRECTORY_AND_HOME:
        html = client.get(url).content.decode()
        assert html.count('<article class="org-card">') == 1
        assert ">Listed Ltd<" in html and "Pending Ltd" not in html


@pytest.mark.parametrize("url", STORY_PAGES)
def test_a_story_card_escapes_the_story_and_shows_its_labels_and_local_date(client, url):
    StoryFactory(
        title='Big & "bold" <script>news</script>',
        slug="big-news",
        summary="<i>Short</i> & sweet",
        kind=Story.Kind.CASE_STUDY,
        theme=Story.Theme.PLACE,
        # An hour later in the site's time zone (British Summer Time): the next day.
        published_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC),
    )
    html = client.get(url).content.decode()
    assert "<script>news" not in html and "<i>Short" not in html
    story = card(html, "Big &amp;", "story-card")
    assert (
        '<strong class="tag tag--story-place">Place</strong> Case study · '
        '<time datetime="2026-07-01T00:30:00+0100">1 July 2026</time>'
    ) in story
    assert (
        '<a href="/stories/big-news/">Big &amp; &quot;bold&quot; '
        "&lt;script&gt;news&lt;/script&gt;</a>"
    ) in story
    assert "<p>&lt;i&gt;Short&lt;/i&gt; &amp; sweet</p>" in story


@pytest.mark.parametrize("url", STORY_PAGES)
def test_a_story_card_shows_the_lead_image_only_when_there_is_one(client, url):
    StoryFactory(title="Pictured", image="stories/a b.jpg", image_alt="A quay")
    StoryFactory(title="Words only")
    html = client.get(url).content.decode()
    assert '<img class="story-card__image" src="/media/stories/a%20b.jpg" alt=""' in card(
        html, ">Pictured<", "story-card"
    )
    assert "<img" not in card(html, ">Words only<", "story-card")


@pytest.mark.parametrize("url", STORY_PAGES)
def test_a_story_card_escapes_its_featured_organisations_names(client, url):
    acme = factories.OrganisationFactory(name='Acme & "Co" <Labs>', slug="acme")
    StoryFactory(title="Featured", organisations=[acme])
    html = client.get(url).content.decode()
    assert (
        '<p class="story-card__orgs">Featuring <a href="/directory/acme/">'
        "Acme &amp; &quot;Co&quot; &lt;Labs&gt;</a></p>"
    ) in card(html, ">Featured<", "story-card")
