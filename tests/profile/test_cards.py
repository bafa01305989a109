"""Organisation and story cards: apps/profile/cards.py writes the same HTML as the
reference templates."""

import datetime

import pytest
from django.template.loader import render_to_string

from apps.profile.cards import organisation_cards_html, story_cards_html
from apps.profile.models import Organisation, Story
from tests import factories
from tests.profile.factories import StoryFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_organisation_cards_are_the_reference_templates_html():
    Band = Organisation.EmployeeBand
    tricky = factories.SectorFactory(name='Data & "AI" <ML>', slug="data-ai")
    games = factories.SectorFactory(name="Games", slug="games")
    apps = factories.SectorFactory(name="Apps 'n' things", slug="apps")
    area = factories.AreaFactory(name="Ouse & Burn")
    specs = [
        # name, logo, sectors, band, hiring
        ('Fish & "Chips" <Works>', "", [tricky, games, apps], Band.MICRO, True),
        ("solo", "logos/a b&c.png", [], Band.SMALL, False),
        ("Éclair  Labs Ltd", "logos/plain.png", [games], Band.MEDIUM, True),
        ("O'Brien's Bytes", "", [apps, tricky], Band.LARGE, False),
    ]
    for i, (name, logo, sectors, band, hiring) in enumerate(specs):
        factories.OrganisationFactory(
            name=name,
            slug=f"org-{i}",
            logo=logo,
            sectors=sectors,
            employee_band=band,
            hiring_now=hiring,
            area=area,
            summary=f"<b>{name}</b> & sons",
        )
    organisations = list(Organisation.objects.for_directory().order_by("pk"))
    assert len(organisations) == len(specs)
    reference = render_to_string("profile/includes/card.html", {"organisations": organisations})
    assert organisation_cards_html(organisations) == reference
    assert organisation_cards_html([]) == render_to_string(
        "profile/includes/card.html", {"organisations": []}
    )


def test_story_cards_are_the_reference_templates_html():
    shown = factories.OrganisationFactory(name='Acme & "Co" <Labs>', slug="acme")
    other = factories.OrganisationFactory(name="Zed's", slug="zed")
    specs = [
        # title, image, kind, theme, published at (UTC), organisations
        ('Big & "bold" <news>', "stories/a&b c.jpg", Story.Kind.NEWS, Story.Theme.PEOPLE,
         datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), [shown, other]),
        ("Plain", "", Story.Kind.CASE_STUDY, Story.Theme.PLACE,
         datetime.datetime(2026, 1, 5, 9, 7, 3, tzinfo=UTC), []),
        ("O'Hara talks", "", Story.Kind.INTERVIEW, Story.Theme.PROFILE,
         datetime.datetime(2025, 10, 26, 0, 59, tzinfo=UTC), [other]),
        ("Autumn", "stories/x.png", Story.Kind.NEWS, Story.Theme.PROFILE,
         datetime.datetime(2025, 10, 26, 1, 0, tzinfo=UTC), [shown]),
    ]  # fmt: skip
    for i, (title, image, kind, theme, published_at, organisations) in enumerate(specs):
        StoryFactory(
            title=title,
            slug=f"story-{i}",
            image=image,
            image_alt="A picture" if image else "",
            kind=kind,
            theme=theme,
            published_at=published_at,
            summary=f"<i>{title}</i> & more",
            organisations=organisations,
        )
    stories = list(Story.objects.for_cards().order_by("pk"))
    assert len(stories) == len(specs)
    reference = render_to_string("profile/stories/card.html", {"stories": stories})
    assert story_cards_html(stories) == reference
