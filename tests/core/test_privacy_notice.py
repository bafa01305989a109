"""The privacy notice covers every form that collects personal data (what, why, who sees
it, how long), and each form links to its part of the notice (issue 18 item 9)."""

import re

import pytest
from django.urls import reverse

from apps.core.moderation import links
from apps.core.privacy.personal_data import personal_data_models
from tests import factories
from tests.industries.factories import IndustryFactory
from tests.programmes.factories import ProgrammeFactory
from tests.strategy.factories import ActionFactory

pytestmark = pytest.mark.django_db

# Each model that holds personal data, and the part of the notice for the form that
# collects it. A new model with an email address fails here until the notice covers it.
SECTION_FOR_MODEL = {
    "profile.Organisation": "directory",
    "people.SurveyResponse": "skills-survey",
    "place.Building": "space-listing",
    "place.SpaceNeed": "space-need",
    "place.Enquiry": "space-enquiry",
    "funding.Enquiry": "funding",
    "strategy.InvestmentEnquiry": "invest",
    "strategy.UpdateProposal": "strategy-report",
    "events.Event": "events",
    "programmes.ProgrammeChange": "programme-change",
    "industries.PartnerRequest": "partner-request",
}
FOUR_QUESTIONS = ["What we collect", "Why", "Who sees it", "How long we keep it"]


def section(html, anchor):
    start = html.index(f'id="{anchor}"')
    end = html.find("<h3", start + 1)
    return html[start : end if end != -1 else None]


def test_every_model_with_personal_data_has_a_section_in_the_notice(client):
    html = client.get(reverse("core:privacy")).content.decode()
    labels = {model._meta.label for model, _ in personal_data_models()}
    assert labels == set(SECTION_FOR_MODEL)
    for anchor in SECTION_FOR_MODEL.values():
        assert f'id="{anchor}"' in html


@pytest.mark.parametrize(
    "anchor",
    [
        "skills-survey",
        "space-listing",
        "space-need",
        "space-enquiry",
        "invest",
        "strategy-report",
        "events",
        "programme-change",
        "partner-request",
    ],
)
def test_the_four_forms_once_missing_say_what_why_who_and_how_long(client, anchor):
    html = client.get(reverse("core:privacy")).content.decode()
    part = section(html, anchor)
    assert re.findall(r"<dt>([^<]+)</dt>", part) == FOUR_QUESTIONS
    assert "email address" in part


def _form_pages():
    factories.SurveyRoundFactory()  # open today
    factories.SkillFactory()
    space = factories.SpaceFactory()
    return {
        reverse("profile:add"): "directory",
        reverse("place:add"): "space-listing",
        reverse("place:need_add"): "space-need",
        space.get_absolute_url(): "space-enquiry",
        reverse("people:survey"): "skills-survey",
        reverse("funding:ask"): "funding",
        reverse("invest:enquiry"): "invest",
        reverse("events:add"): "events",
        reverse("strategy:report", args=[ActionFactory().slug]): "strategy-report",
        reverse("programmes:propose", args=[ProgrammeFactory().slug]): "programme-change",
        reverse("industries:find_partner", args=[IndustryFactory().slug]): "partner-request",
        reverse("core:manage"): "updating",
    }


def test_every_public_form_links_to_its_part_of_the_notice(client):
    privacy = reverse("core:privacy")
    for url, anchor in _form_pages().items():
        html = client.get(url).content.decode()
        assert "<form" in html, url
        assert f'href="{privacy}#{anchor}"' in html, url


def test_the_update_forms_link_to_the_notice_too(client):
    privacy = reverse("core:privacy")
    organisation = factories.OrganisationFactory()
    building = factories.BuildingFactory()
    for obj, anchor in [(organisation, "directory"), (building, "space-listing")]:
        url = links.make_url(purpose="manage", obj=obj).removeprefix("http://testserver")
        page = client.get(url, follow=True).content.decode()
        assert f'href="{privacy}#{anchor}"' in page
