"""Admin smoke tests: every place model's changelist, search, add and change pages."""

import pytest
from django.urls import reverse

from apps.place.models import Enquiry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    space = factories.SpaceFactory()
    space.building.amenities.set([factories.AmenityFactory(name="Showers")])
    enquiry = Enquiry.objects.create(
        space=space, name="Sam", email="sam@example.com", message="Hello"
    )
    need = factories.SpaceNeedFactory()
    return {
        "building": space.building,
        "space": space,
        "amenity": space.building.amenities.get(),
        "enquiry": enquiry,
        "spaceneed": need,
    }


@pytest.mark.parametrize("model", ["building", "space", "amenity", "enquiry", "spaceneed"])
def test_admin_pages_load(admin_client, rows, model):
    obj = rows[model]
    changelist = reverse(f"admin:place_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:place_{model}_change", args=[obj.pk])).status_code == 200
    )
    add = admin_client.get(reverse(f"admin:place_{model}_add"))
    assert add.status_code == (403 if model == "enquiry" else 200)


def test_enquiries_are_read_only(admin_client, rows):
    enquiry = rows["enquiry"]
    url = reverse("admin:place_enquiry_change", args=[enquiry.pk])
    admin_client.post(url, {"name": "Changed", "email": "x@example.com", "message": "Changed"})
    enquiry.refresh_from_db()
    assert enquiry.name == "Sam"


def test_the_building_change_page_shows_its_spaces_inline(admin_client, rows):
    response = admin_client.get(reverse("admin:place_building_change", args=[rows["building"].pk]))
    assert rows["space"].name.encode() in response.content
    reject = reverse("admin:place_building_reject", args=[rows["building"].pk])
    assert f'href="{reject}"'.encode() in response.content


def test_staff_see_active_demand_by_area(admin_client):
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    factories.SpaceNeedFactory(desks_min=10, desks_max=15, areas=[ouseburn, quayside])
    factories.SpaceNeedFactory(desks_min=4, desks_max=6, areas=[ouseburn])
    factories.SpaceNeedFactory(desks_min=2, desks_max=3)
    factories.SpaceNeedFactory(desks_min=50, desks_max=60, areas=[ouseburn], status="archived")
    response = admin_client.get(reverse("admin:place_spaceneed_changelist"))
    rows = {
        row["areas__name"]: (row["needs"], row["desks"])
        for row in response.context["demand_by_area"]
    }
    assert rows == {"Ouseburn": (2, 14), "Quayside": (1, 10), None: (1, 2)}
    assert b"Active demand by area" in response.content
    assert b"Anywhere" in response.content
