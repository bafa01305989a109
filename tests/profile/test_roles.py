"""An organisation's role is explicit: the directory and its counts are tech businesses
unless a visitor asks for another role; a landlord's page lists its buildings; a landlord
is told about its "landlord profile", without sectors; the open data gives the role
(issue 18 item 6)."""

import importlib
import io

import pytest
from django.apps import apps as global_apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from apps.core.moderation import links, services
from apps.core.moderation.models import Status
from apps.place.services import landlord_for
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
Role = Organisation.Role


@pytest.fixture
def mixed():
    sector = factories.SectorFactory(name="Fintech")
    return {
        "tech": factories.OrganisationFactory(name="Alpha Pay", sectors=[sector]),
        "landlord": factories.OrganisationFactory(
            name="Quayside Estates", role=Role.LANDLORD, sectors=[]
        ),
        "education": factories.OrganisationFactory(
            name="Tyne University", role=Role.EDUCATION, kind="university"
        ),
        "investor": factories.OrganisationFactory(name="North Fund", role=Role.INVESTOR),
    }


def names(response):
    return sorted(o.name for o in response.context["page_obj"].object_list)


def test_the_home_page_counts_and_shows_only_tech_businesses(client, mixed):
    response = client.get(reverse("home"))
    assert response.context["published_count"]() == 1  # the template calls it
    assert [o.name for o in response.context["latest"]] == ["Alpha Pay"]
    assert "1 tech business listed" in response.content.decode()


def test_the_directory_lists_tech_businesses_unless_asked_for_another_role(client, mixed):
    url = reverse("profile:directory")
    default = client.get(url)
    assert names(default) == ["Alpha Pay"]
    assert "1 tech business" in default.content.decode()
    assert '<option value="tech" selected>' in default.content.decode()
    assert names(client.get(url, {"role": "landlord"})) == ["Quayside Estates"]
    assert names(client.get(url, {"role": "education"})) == ["Tyne University"]
    assert names(client.get(url, {"role": ""})) == [
        "Alpha Pay",
        "North Fund",
        "Quayside Estates",
        "Tyne University",
    ]
    # A role that does not exist is ignored, as every list page ignores a bad filter.
    assert len(names(client.get(url, {"role": "<script>"}))) == 4


def test_a_landlord_s_page_lists_its_published_buildings(client, mixed):
    landlord = mixed["landlord"]
    live = factories.BuildingFactory(name="Foundry Works", landlord=landlord)
    factories.SpaceFactory(building=live)
    factories.BuildingFactory(name="Secret House", landlord=landlord, status=Status.PENDING)
    html = client.get(landlord.get_absolute_url()).content.decode()
    assert "Buildings Quayside Estates lets" in html
    assert f'href="{live.get_absolute_url()}"' in html
    assert "1 space to let" in html
    assert "Secret House" not in html
    assert ">Landlord in " in html
    assert "<dt>Sectors</dt>" not in html  # a landlord has none, and is not asked
    tech = client.get(mixed["tech"].get_absolute_url()).content.decode()
    assert "Buildings" not in tech


def test_a_landlord_s_email_and_edit_form_are_about_a_landlord_not_a_directory_entry(
    client, mixed, django_capture_on_commit_callbacks
):
    landlord = mixed["landlord"]
    with django_capture_on_commit_callbacks(execute=True):
        services.manage_links_send(email=landlord.contact_email)
    body = mail.outbox[-1].body
    assert "Quayside Estates (landlord profile, reference" in body
    assert "directory entry" not in body
    url = links.make_url(purpose="manage", obj=landlord).removeprefix("http://testserver")
    form = client.get(url, follow=True).context["form"]
    assert "sectors" not in form.fields
    tech_url = links.make_url(purpose="manage", obj=mixed["tech"])
    tech_form = client.get(tech_url.removeprefix("http://testserver"), follow=True)
    assert "sectors" in tech_form.context["form"].fields


def test_a_new_landlord_from_the_space_form_is_a_landlord():
    landlord = landlord_for(
        name="Grainger Lettings",
        kind="sme",
        employee_band="1-9",
        area=factories.AreaFactory(),
        contact_name="Lee",
        contact_email="lee@example.com",
    )
    assert landlord.role == Role.LANDLORD


def test_a_new_directory_entry_takes_its_role_from_its_kind():
    from apps.profile.services import organisation_submit

    area = factories.AreaFactory()
    common = {
        "summary": "x",
        "employee_band": "1-9",
        "area": area,
        "contact_email": "a@example.com",
    }
    uni = organisation_submit(values={"name": "Uni", "kind": "university", **common})
    firm = organisation_submit(values={"name": "Firm", "kind": "startup", **common})
    assert (uni.role, firm.role) == (Role.EDUCATION, Role.TECH)


def test_the_migrations_classify_existing_rows():
    by_kind = importlib.import_module("apps.profile.migrations.0011_organisation_role")
    landlords = importlib.import_module("apps.place.migrations.0006_classify_landlords")
    network = factories.OrganisationFactory(kind="network")
    investor = factories.OrganisationFactory(kind="investor")
    startup = factories.OrganisationFactory(kind="startup")
    letting = factories.OrganisationFactory(kind="sme")
    factories.BuildingFactory(landlord=letting)
    Organisation.objects.update(role=Role.TECH)  # as every row was before the field
    by_kind.classify(global_apps, None)
    landlords.classify_landlords(global_apps, None)
    roles = dict(Organisation.objects.values_list("pk", "role"))
    assert roles[network.pk] == Role.SUPPORT
    assert roles[investor.pk] == Role.INVESTOR
    assert roles[startup.pk] == Role.TECH
    assert roles[letting.pk] == Role.LANDLORD


def test_the_open_data_gives_the_role_and_filters_by_it(client, mixed):
    rows = client.get("/api/v1/organisations/").json()["results"]
    assert {row["name"]: row["role"] for row in rows} == {
        "Alpha Pay": "tech",
        "Quayside Estates": "landlord",
        "Tyne University": "education",
        "North Fund": "investor",
    }
    landlords = client.get("/api/v1/organisations/", {"role": "landlord"}).json()["results"]
    assert [row["name"] for row in landlords] == ["Quayside Estates"]
    csv = b"".join(client.get("/data/organisations.csv").streaming_content).decode()
    assert "role" in csv.splitlines()[0].split(",")


def test_the_demo_landlords_are_landlords_and_the_home_page_shows_businesses(client, settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    letting = Organisation.objects.filter(buildings__isnull=False).distinct()
    assert letting.exists()
    assert set(letting.values_list("role", flat=True)) == {Role.LANDLORD}
    latest = client.get(reverse("home")).context["latest"]
    assert latest and all(o.role == Role.TECH for o in latest)
    assert all(o.sector_list for o in latest)
