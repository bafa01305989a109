"""Every CSV the portal writes uses the one rule in apps/core/web/spreadsheet.py: a text
cell starting with =, +, -, @, tab or carriage return gets a quote in front, so a
spreadsheet shows it instead of running it; a plain signed number stays a number."""

import csv
import io

import pytest
from django.urls import reverse

from apps.core.web.spreadsheet import csv_cell, neutralise
from apps.profile.models import Organisation
from tests import factories
from tests.helpers_admin import export_csv
from tests.strategy.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

# One cell for each character a spreadsheet reads as the start of a formula.
FORMULAE = ["=1+1", "+1+cmd", "-1+cmd", "@SUM(A1)", "\tcmd", "\rcmd"]


def rows(content):
    return list(csv.reader(io.StringIO(content.decode(), newline="")))


def cells(content):
    return {cell for row in rows(content) for cell in row}


def test_the_rule_quotes_formulae_and_leaves_numbers_and_text():
    for value in FORMULAE:
        assert neutralise(value) == "'" + value
        assert csv_cell(value) == "'" + value
    for number in ["-12", "+2", "-1,234.5", "+5%", "-1e-05", "-0.5"]:
        assert neutralise(number) == number
    assert neutralise("-3+cmd") == "'-3+cmd"
    assert neutralise("safe = text") == "safe = text"
    assert neutralise(-5) == -5


@pytest.mark.parametrize("value", FORMULAE)
def test_the_open_data_download(client, value):
    factories.OrganisationFactory(name=value, slug="formula")
    download = client.get("/data/organisations.csv")
    assert "'" + value in cells(b"".join(download.streaming_content))


@pytest.mark.parametrize("value", FORMULAE)
def test_the_indicator_download(client, value):
    indicator = IndicatorFactory(baseline_source=value)
    download = client.get(f"/strategy/indicators/{indicator.slug}.csv")
    assert "'" + value in cells(download.content)


@pytest.mark.parametrize("value", FORMULAE)
def test_both_skills_map_downloads(client, value):
    current = factories.SurveyRoundFactory()
    skill = factories.SkillFactory(name=value)
    for _ in range(3):  # enough organisations for the figures to be shown
        response = factories.SurveyResponseFactory(
            round=current, organisation__employee_band=Organisation.EmployeeBand.MEDIUM
        )
        factories.SkillLineFactory(
            response=response, skill=skill, staff=1, vacancies=4, difficulty=3
        )
    for fmt in ["csv", "heatmap-csv"]:
        download = client.get(reverse("people:skills_map"), {"format": fmt})
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        assert "'" + value in cells(download.content), fmt
        assert value not in cells(download.content), fmt


@pytest.mark.parametrize("value", FORMULAE)
def test_the_admin_export(admin_client, value):
    factories.SectorFactory(name=value, slug="formula", description="-12")
    download = export_csv(admin_client, reverse("admin:profile_sector_export"))
    (row,) = list(csv.DictReader(io.StringIO(download.content.decode(), newline="")))
    assert row["name"] == "'" + value
    assert row["description"] == "-12"  # a number stays a number
