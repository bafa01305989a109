"""A field that belongs to one answer of a choice (GOV.UK's conditional reveal) is
ignored when another answer is chosen: no error, and its value is not kept. The rule is
on the server, so it holds with JavaScript and without it."""

import pytest
from django.urls import reverse

from apps.people.models import SurveyResponse
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import organisation_form_data
from tests.people.test_survey import URL, survey_data

pytestmark = pytest.mark.django_db


def new_business(area, sector, **overrides):
    return {
        "org-name": "Brand New Ltd",
        "org-kind": "startup",
        "org-summary": "We make new things.",
        "org-sectors": [sector.pk],
        "org-area": area.pk,
        "org-employee_band": "1-9",
        **overrides,
    }


def test_the_survey_ignores_a_typed_business_name_when_no_is_chosen(
    client, django_capture_on_commit_callbacks
):
    survey_round = factories.SurveyRoundFactory()
    skill = factories.SkillFactory()
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    data = survey_data(
        survey_round,
        [(skill, 4, 2, 5, True)],
        who="new",
        **new_business(area, sector),
    )
    # Typed first, then the respondent changed their mind: not a listed name.
    data["organisation"] = "Not In The Directory Ltd"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    response_row = SurveyResponse.objects.get()
    assert response_row.organisation.name == "Brand New Ltd"


def test_the_survey_still_checks_the_name_when_yes_is_chosen(client):
    survey_round = factories.SurveyRoundFactory()
    skill = factories.SkillFactory()
    data = survey_data(survey_round, [(skill, 4, 2, 5, True)])
    data |= {"who": "existing", "organisation": "Not In The Directory Ltd"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_the_directory_form_ignores_a_jobs_page_when_not_hiring(
    client, django_capture_on_commit_callbacks
):
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    data = organisation_form_data(area, [sector], hiring_now="", hiring_url="not a web address")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    organisation = Organisation.objects.get(name="Tyne Widgets")
    assert organisation.hiring_url == ""


def test_the_directory_form_still_checks_the_jobs_page_when_hiring(client):
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    data = organisation_form_data(area, [sector], hiring_now="on", hiring_url="not a web address")
    response = client.post(reverse("profile:add"), data)
    assert response.status_code == 200
    assert "hiring_url" in response.context["form"].errors
