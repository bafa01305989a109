"""CSV export escapes formulas; CSV import previews, reports per-row errors and is
all-or-nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.models import Area
from apps.profile.models import Sector
from tests import factories
from tests.helpers_admin import export_csv

pytestmark = pytest.mark.django_db


def upload(client, url, text):
    return client.post(
        url,
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("sectors.csv", text.encode(), "text/csv"),
        },
    )


GOOD = "name,slug,description\nGames,games,Studios and tools\nHealth tech,health-tech,\n"
ONE_BAD = GOOD + ",no-name,A row without a name\n"


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(admin_client):
    before = Sector.objects.count()
    response = upload(admin_client, reverse("admin:profile_sector_import"), ONE_BAD)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert "name" in invalid.field_specific_errors
    page = response.content.decode()
    assert "This field cannot be blank." in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Sector.objects.count() == before


def test_a_good_file_is_previewed_then_imported_on_confirmation(admin_client):
    response = upload(admin_client, reverse("admin:profile_sector_import"), GOOD)
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert not Sector.objects.filter(slug__in=["games", "health-tech"]).exists()  # preview only
    data = {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial}
    done = admin_client.post(reverse("admin:profile_sector_process_import"), data)
    assert done.status_code == 302
    assert set(Sector.objects.values_list("slug", flat=True)) >= {"games", "health-tech"}


def test_reimporting_updates_by_slug(admin_client):
    factories.SectorFactory(name="Old name", slug="games")
    response = upload(admin_client, reverse("admin:profile_sector_import"), GOOD)
    confirm = response.context["confirm_form"]
    data = {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial}
    admin_client.post(reverse("admin:profile_sector_process_import"), data)
    assert Sector.objects.get(slug="games").name == "Games"
    assert Sector.objects.filter(slug="games").count() == 1


def test_areas_import_too(admin_client):
    text = "name,slug,council\nByker,byker,newcastle\nLow Fell,low-fell,nowhere\n"
    response = upload(admin_client, reverse("admin:core_area_import"), text)
    assert response.context["result"].has_validation_errors()
    assert not Area.objects.filter(slug__in=["byker", "low-fell"]).exists()


def test_export_neutralises_spreadsheet_formulas(admin_client):
    factories.SectorFactory(name='=HYPERLINK("http://evil.example")', slug="evil")
    factories.SectorFactory(name="+SUM(A1:A9)", slug="plus")
    factories.SectorFactory(name="Plain", slug="plain", description="-12")
    response = export_csv(admin_client, reverse("admin:profile_sector_export"))
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert not rows["evil"]["name"].startswith("=")
    assert rows["plus"]["name"] == "'+SUM(A1:A9)"
    assert rows["plain"]["name"] == "Plain"
    assert rows["plain"]["description"] == "-12"  # a number stays a number


def test_export_follows_the_list_filters(admin_client):
    factories.OrganisationFactory(name="Gateshead Games", hiring_now=True)
    factories.OrganisationFactory(name="Jesmond Labs", hiring_now=False)
    response = export_csv(
        admin_client, reverse("admin:profile_organisation_export"), hiring_now__exact="1"
    )
    body = response.content.decode()
    assert "Gateshead Games" in body
    assert "Jesmond Labs" not in body
    assert "search_vector" not in body.splitlines()[0]


def test_a_content_editor_imports_but_a_moderator_cannot(role_client, client):
    editor = role_client("Content editor")
    assert editor.get(reverse("admin:profile_sector_import")).status_code == 200
    editor.logout()
    moderator = role_client("Moderator")
    assert moderator.get(reverse("admin:profile_sector_import")).status_code == 403


def _import(client, label, text):
    """Upload, check the preview is clean, confirm; returns the preview response."""
    app, model = label.split(".")
    response = upload(client, reverse(f"admin:{app}_{model}_import"), text)
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None, response.context["result"].invalid_rows
    data = {name: confirm.initial[name] for name in confirm.fields if name in confirm.initial}
    assert client.post(reverse(f"admin:{app}_{model}_process_import"), data).status_code == 302
    return response


def test_the_skills_taxonomy_imports_with_categories_by_slug(admin_client):
    from apps.people.models import Skill, SkillCategory

    _import(
        admin_client,
        "people.skillcategory",
        "name,slug,description,position\nQuantum,quantum,Quantum computing,90\n",
    )
    _import(
        admin_client,
        "people.skill",
        "name,slug,category,sfia_code,esco_uri,is_active,position\nQiskit,qiskit,quantum,,,1,1\n",
    )
    assert Skill.objects.get(slug="qiskit").category == SkillCategory.objects.get(slug="quantum")


def test_courses_import_with_provider_and_skills_by_slug(admin_client):
    from apps.people.models import Course

    provider = factories.OrganisationFactory(name="Tyne College", slug="tyne-college")
    skills = [factories.SkillFactory(slug="python-x"), factories.SkillFactory(slug="sql-x")]
    header = "title,slug,provider,summary,skills,level,mode,cost,duration,next_start,url,is_active"
    row = (
        'Data basics,data-basics,tyne-college,SQL and Python,"python-x,sql-x",'
        "introductory,online,0,6 weeks,2027-01-11,https://tyne.example.com/data,1"
    )
    _import(admin_client, "people.course", f"{header}\n{row}\n")
    course = Course.objects.get(slug="data-basics")
    assert course.provider == provider
    assert set(course.skills.all()) == set(skills)


def test_a_course_sheet_with_an_unknown_provider_imports_nothing(admin_client):
    from apps.people.models import Course

    header = "title,slug,provider,summary,skills,level,mode,cost,duration,next_start,url,is_active"
    rows = (
        "Good,good-course,nobody-by-that-slug,,,introductory,online,0,1 day,,"
        "https://x.example.com,1\n"
    )
    response = upload(admin_client, reverse("admin:people_course_import"), f"{header}\n{rows}")
    assert (
        response.context["result"].has_validation_errors()
        or response.context["result"].has_errors()
    )
    assert not Course.objects.filter(slug="good-course").exists()


def test_amenities_and_funding_opportunities_import(admin_client):
    from apps.funding.models import Opportunity
    from apps.place.models import Amenity

    _import(admin_client, "place.amenity", "name,slug\nRoof terrace,roof-terrace\n")
    assert Amenity.objects.filter(slug="roof-terrace").exists()
    assert admin_client.get(reverse("admin:funding_opportunity_import")).status_code == 200
    assert Opportunity.objects.count() == 0
