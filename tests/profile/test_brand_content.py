"""Issue 18 item 11: the brand guidelines PDF is made from the toolkit's own content, key
facts are computed from the portal's data with their source and date, the demo's stories
each have their own illustration, every organisation the strategy names is in the demo
directory, and /brand/ is linked from every page."""

import datetime
import hashlib
import io
import re
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse
from PIL import Image

from apps.core import artwork, demodata
from apps.profile import brand, facts
from apps.profile.models import BrandAsset, KeyFact, KeyMessage, Organisation, Story
from tests import factories

pytestmark = pytest.mark.django_db
CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()


def pdf_text(content):
    """The text drawn on the PDF's pages, as a reader extracts it (through the embedded
    font's character map), with runs of white space as one space."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_guidelines_pdf_is_made_from_the_toolkit_content(client):
    KeyMessage.objects.create(title="Talent that stays", body="Two universities feed us.")
    KeyFact.objects.create(
        figure="30%", statement="growth forecast", source="A study", as_of=datetime.date(2018, 1, 1)
    )
    factories.OrganisationFactory(
        kind=Organisation.Kind.SME, sectors=[factories.SectorFactory(name="Games")]
    )
    response = client.get(reverse("brand:guidelines"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for expected in (
        "Brand guidelines",
        "The logo",
        "Keep clear space",
        "Colours",
        "Tyne teal",
        "#00505C",
        "Type",
        "Tone of voice",
        "Key messages",
        "Talent that stays",
        "Two universities feed us.",
        "Key facts",
        "30%",
        "Source: A study, as of January 2018.",
        "tech businesses in Newcastle and Gateshead listed in the directory",
    ):
        assert expected in text, expected
    assert int(re.search(rb"/Count (\d+)", content).group(1)) >= 4  # pages


def test_the_pdf_keeps_text_beyond_latin_1_as_it_was_typed(client):
    # PDF's built-in Helvetica stops at Latin-1: these came out as question marks.
    KeyMessage.objects.create(
        title="Łódź and Gdańsk partners ‘welcome’",
        body="A €2m fund — for Ŵales too… Ελλάδα, Україна.",
    )
    content = client.get(reverse("brand:guidelines")).content
    text = pdf_text(content)
    assert "Łódź and Gdańsk partners ‘welcome’" in text
    assert "A €2m fund — for Ŵales too… Ελλάδα, Україна." in text
    assert "?" not in text
    assert b"/FontFile2" in content  # the font is embedded, not assumed


def test_the_toolkit_page_shows_the_same_colours_type_and_logo_rules_and_links_the_pdf(client):
    content = client.get(reverse("brand:index")).content.decode()
    assert f'href="{reverse("brand:guidelines")}"' in content
    for colour in brand.COLOURS:
        assert colour.name in content and colour.hex.upper() in content
        assert f"swatch__chip--{colour.css[2:]}" in content
    for rule in brand.LOGO_RULES:
        assert rule.replace("\u2019", "&#x27;")[:20] in content or rule[:20] in content


def test_the_brand_colours_are_the_stylesheet_colours():
    for colour in brand.COLOURS:
        found = re.search(rf"{re.escape(colour.css)}:\s*(#[0-9a-fA-F]{{6}})", CSS)
        assert found and found.group(1).lower() == colour.hex, colour
        assert f".swatch__chip--{colour.css[2:]} " in CSS


def test_key_facts_are_computed_from_the_directory_with_source_and_date(client):
    software = factories.SectorFactory(name="Software")
    for band in ("1-9", "10-49", "50-249"):
        factories.OrganisationFactory(
            kind=Organisation.Kind.SME, employee_band=band, sectors=[software]
        )
    # Not tech businesses, by their role: education, a public body and a landlord.
    Role = Organisation.Role
    factories.OrganisationFactory(kind=Organisation.Kind.UNIVERSITY, role=Role.EDUCATION)
    factories.OrganisationFactory(kind=Organisation.Kind.PUBLIC_BODY, role=Role.PUBLIC_BODY)
    factories.OrganisationFactory(kind=Organisation.Kind.SME, role=Role.LANDLORD, sectors=[])
    factories.OrganisationFactory(kind=Organisation.Kind.SME, sectors=[software], status="pending")
    today = datetime.date(2026, 12, 4)
    found = {f.statement: f for f in facts.computed(today)}
    businesses = found["tech businesses in Newcastle and Gateshead listed in the directory"]
    assert businesses.figure == "3"
    assert businesses.as_of == today and businesses.source_url == reverse("profile:directory")
    people = next(f for s, f in found.items() if s.startswith("people employed"))
    assert people.figure == "61+"  # 1 + 10 + 50

    content = client.get(reverse("brand:index")).content.decode()
    assert "tech businesses in Newcastle and Gateshead listed in the directory" in content
    assert "Source: <a" in content


def test_survey_facts_are_quoted_only_with_enough_respondents(client):
    survey_round = factories.SurveyRoundFactory(title="Skills survey 2026")
    skill = factories.SkillFactory()
    responses = []
    for n in range(3):
        response = factories.SurveyResponseFactory(round=survey_round, headcount_change=n)
        factories.SkillLineFactory(response=response, skill=skill, vacancies=4)
        responses.append(response)
        statements = [f.statement for f in facts.computed()]
        vacancies = [s for s in statements if s.startswith("vacancies needing digital skills")]
        if n < 2:
            assert vacancies == [], "quoted from fewer than 3 businesses"
    assert vacancies == [
        "vacancies needing digital skills expected over the next 12 months at the 3 "
        "businesses answering the Skills survey 2026, counted per skill"
    ]
    fact = next(f for f in facts.computed() if f.statement == vacancies[0])
    assert fact.figure == "12" and fact.source.startswith("Skills survey 2026")
    assert "+3" in [f.figure for f in facts.computed()]  # 0 + 1 + 2


def test_the_home_page_headlines_computed_facts_beside_staff_ones(client):
    KeyFact.objects.create(
        figure="30%",
        statement="growth forecast",
        source="A study",
        as_of=datetime.date(2018, 1, 1),
        is_headline=True,
    )
    factories.OrganisationFactory(
        kind=Organisation.Kind.SME, sectors=[factories.SectorFactory(name="Games")]
    )
    content = client.get("/").content.decode()
    assert "growth forecast" in content
    assert "listed in the directory" in content


def test_brand_is_linked_from_every_page(client):
    content = client.get(reverse("core:about")).content.decode()
    footer = content[content.index("<footer") :]
    assert f'href="{reverse("brand:index")}"' in footer
    header = content[: content.index("</header>")]
    assert f'href="{reverse("brand:index")}"' in header


def test_each_motif_is_a_distinct_real_picture():
    seen = set()
    for motif in artwork.MOTIFS:
        data = artwork.scene(motif=motif)
        image = Image.open(io.BytesIO(data))
        assert image.size == (1280, 720)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 8, f"{motif} is nearly blank"
        digest = hashlib.sha256(image.convert("RGB").tobytes()).hexdigest()
        assert digest not in seen, f"{motif} repeats another motif"
        seen.add(digest)


def test_the_demo_has_real_artwork_per_story_and_the_strategy_organisations(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demodata.load(["core", "profile"])
    stories = list(Story.objects.all())
    assert stories and all(story.image for story in stories)
    digests = set()
    for story in stories:
        with story.image.open("rb") as f:
            digests.add(hashlib.sha256(f.read()).hexdigest())
        assert story.image_alt and "placeholder" not in story.image_alt.lower()
    assert len(digests) == len(stories), "two stories share their artwork"

    photo = BrandAsset.objects.get(title="Tyne bridges at dusk")
    assert "placeholder" not in photo.description.lower()
    with photo.file.open("rb") as f:
        assert Image.open(f).format == "JPEG"
    assert not BrandAsset.objects.published().filter(kind=BrandAsset.Kind.GUIDELINES).exists()
    assert not KeyFact.objects.published().filter(figure__in=["2", "3"]).exists()

    named = [
        "invest-newcastle",
        "ignite",
        "dynamo-north-east",
        "digital-union",
        "campus-north",
        "newcastle-city-council",
        "gateshead-council",
        "newcastle-university",
        "northumbria-university",
    ]
    published = set(Organisation.objects.published().values_list("slug", flat=True))
    assert set(named) <= published, set(named) - published
