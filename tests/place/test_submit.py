"""A landlord lists a building with its spaces: confirm, moderate, publish, update."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import PendingChange, Status
from apps.place.models import Building, BuildingPhoto, Space
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import LINK, last_link
from tests.images import image_upload, raw_upload
from tests.place.data import building_form_data, space_row

pytestmark = pytest.mark.django_db

EMAIL = "lee@lettings.example.com"


@pytest.fixture
def area():
    return factories.AreaFactory(name="Ouseburn")


def test_a_landlord_lists_a_building_and_it_goes_through_moderation(
    client, admin_client, moderator, area, django_capture_on_commit_callbacks
):
    showers = factories.AmenityFactory(name="Showers")
    data = building_form_data(
        area,
        [showers],
        spaces=[
            space_row(name="Studio 1"),
            space_row(
                name="Big floor",
                desks_min="10",
                desks_max="20",
                price="18.5",
                price_basis="sqft_year",
                size_sqft="2400",
            ),
        ],
        photo=image_upload("front.jpg", fmt="JPEG"),
        photo_alt="The brick front of the building",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:add"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    building = Building.objects.get()
    assert building.status == Status.UNCONFIRMED
    assert building.postcode == "NE1 2PQ"
    assert list(building.amenities.all()) == [showers]
    assert sorted(building.spaces.values_list("name", flat=True)) == ["Big floor", "Studio 1"]
    assert building.spaces.get(name="Big floor").monthly_price_per_desk == 185  # 18.5*2400/12/20
    photo = BuildingPhoto.objects.get()
    assert photo.alt_text == "The brick front of the building"
    assert not photo.image.name.endswith("front.jpg")  # re-encoded under a random name
    # A new landlord is created, unconfirmed, and confirmed by the same link.
    landlord = building.landlord
    assert (landlord.name, landlord.status) == ("Ouseburn Lettings", Status.UNCONFIRMED)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    space = building.spaces.get(name="Studio 1")
    assert client.get(space.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(last_link(EMAIL))
    building.refresh_from_db()
    landlord.refresh_from_db()
    assert building.status == Status.PENDING
    assert landlord.status == Status.PENDING
    assert b"In review" in client.get(response.url).content
    assert client.get(space.get_absolute_url()).status_code == 404
    assert b"Studio 1" not in client.get(reverse("place:search")).content

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:place_building_changelist"),
            {"action": "approve_selected", "_selected_action": [building.pk], "confirm": "1"},
        )
    assert response.status_code == 302
    building.refresh_from_db()
    assert (building.status, building.reviewed_by) == (Status.PUBLISHED, moderator)
    assert mail.outbox[-1].subject == f"Published: {building.name}"
    assert client.get(space.get_absolute_url()).status_code == 200
    assert b"Studio 1" in client.get(reverse("place:search")).content
    assert b"The brick front of the building" in client.get(building.get_absolute_url()).content

    # Later the landlord asks for a manage link and edits the live listing.
    editor = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("core:manage"), {"email": EMAIL})
    # One email lists a link for the landlord's directory entry and one for the building.
    body = mail.outbox[-1].body
    assert landlord.reference in body
    building_part = body.split(f"reference {building.reference}):", 1)[1]
    response = editor.get(LINK.search(building_part).group(1))
    assert response.url == reverse("place:edit", args=[building.reference])
    edit = building_form_data(area, [showers], description="Now with a roof terrace.")
    edit.pop("contact_email")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(response.url, edit)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("core:status", args=[building.reference])
    building.refresh_from_db()
    assert building.description == "A warehouse by the Ouseburn."
    change = PendingChange.objects.get()
    assert change.data["description"] == "Now with a roof terrace."

    # Withdrawing a space asks first, then takes it out of the search at once, keeping
    # the row.
    withdraw = reverse("place:withdraw", args=[building.reference, space.pk])
    assert withdraw in editor.get(reverse("place:edit", args=[building.reference])).content.decode()
    ask = editor.get(withdraw)
    assert ask.status_code == 200 and b"Yes, withdraw it" in ask.content
    back = reverse("place:edit", args=[building.reference])
    assert f'<a href="{back}">No, go back to the listing</a>' in ask.content.decode()
    space.refresh_from_db()
    assert space.state == Space.State.LISTED
    response = editor.post(withdraw)
    assert response.url == reverse("place:edit", args=[building.reference])
    space.refresh_from_db()
    assert space.state == Space.State.WITHDRAWN
    assert editor.get(withdraw).status_code == 404  # nothing left to withdraw
    assert client.get(withdraw).status_code == 302  # not without the manage link
    assert b"Studio 1" not in client.get(reverse("place:search")).content


def test_a_listing_attaches_to_a_landlord_already_in_the_directory(
    client, area, django_capture_on_commit_callbacks
):
    # Attached only because the listing comes from the landlord's own contact address
    # (tests/profile/test_name_squatting.py has the other cases).
    existing = factories.OrganisationFactory(name="Ouseburn Lettings", contact_email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("place:add"), building_form_data(area, landlord_name="  ouseburn   LETTINGS ")
        )
    assert response.status_code == 302
    assert Building.objects.get().landlord == existing
    assert Organisation.objects.count() == 1


def test_the_edit_page_needs_a_manage_link(client):
    building = factories.BuildingFactory()
    response = client.get(reverse("place:edit", args=[building.reference]))
    assert response.status_code == 302
    assert response.url == reverse("core:manage")


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "spaces", "field", "message"),
    [
        (
            {},
            [space_row(desks_min="9", desks_max="4")],
            "id_spaces-0-desks_max",
            "The most desks must be the same as or more than the fewest desks.",
        ),
        ({}, [space_row(price="-1")], "id_spaces-0-price", "Enter a price of £0 or more."),
        (
            {},
            [space_row(available_from=YESTERDAY)],
            "id_spaces-0-available_from",
            "The date the space is available must be today or later.",
        ),
        (
            {},
            [space_row(), space_row(name="Second", desks_min="0")],
            "id_spaces-1-desks_min",
            "Enter a number of desks of 1 or more.",
        ),
        ({"latitude": "91"}, None, "id_latitude", "between 54.85 and 55.10"),
        ({"latitude": "51.5"}, None, "id_latitude", "between 54.85 and 55.10"),
        ({"longitude": "-200"}, None, "id_longitude", "between -1.85 and -1.40"),
        ({"photo": "hostile"}, None, "id_photo", "not a JPEG, PNG or WebP image"),
        ({"photo": "image-without-alt"}, None, "id_photo_alt", "Describe the photo"),
        ({}, [], "space-1", "Add at least one space: fill in Space 1."),
        ({"contact_email": "not-an-email"}, None, "id_contact_email", "like name@example.com"),
        ({"address": ""}, None, "id_address", "Enter the street address."),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(
    client, area, overrides, spaces, field, message, django_capture_on_commit_callbacks
):
    overrides = dict(overrides)
    if overrides.get("photo") == "hostile":
        overrides["photo"] = raw_upload("evil.png", b"<?php system($_GET['c']); ?>")
        overrides["photo_alt"] = "A photo"
    elif overrides.get("photo") == "image-without-alt":
        overrides["photo"] = image_upload()
    data = building_form_data(area, spaces=spaces, name="Typed Building Name", **overrides)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:add"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert f'href="#{field}"' in content  # the summary links to the field
    assert "<title>Error:" in content
    assert 'value="Typed Building Name"' in content  # what was typed is kept
    assert 'value="ouseburn lettings"' in content.lower()
    assert Building.objects.count() == 0
    assert Space.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert BuildingPhoto.objects.count() == 0
    assert mail.outbox == []


def test_a_blank_extra_space_row_is_ignored(client, area, django_capture_on_commit_callbacks):
    data = building_form_data(area, spaces=[space_row()])
    assert data["spaces-TOTAL_FORMS"] == "3"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("place:add"), data).status_code == 302
    assert Space.objects.count() == 1


def test_the_form_renders_accessibly_without_javascript(client, area):
    content = client.get(reverse("place:add")).content.decode()
    assert content.count("<h1") == 1
    assert content.count('class="fieldset space-row"') == 3
    assert "<legend" in content
    assert '<label class="label" for="id_spaces-0-desks_min">' in content
    assert 'name="spaces-TOTAL_FORMS"' in content
    assert "<script>" not in content and 'style="' not in content


def test_add_another_space_keeps_what_was_typed_and_writes_nothing(client, area):
    data = building_form_data(area, spaces=[space_row(name="Typed suite")], add_space="1")
    response = client.post(reverse("place:add"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="fieldset space-row"') == 4
    assert 'value="Typed suite"' in content
    assert 'value="Lime Street Works"' in content
    assert "There is a problem" not in content  # a round trip, not a failed submission
    assert Building.objects.count() == 0

    data = building_form_data(area, spaces=[space_row()], add_space="1")
    data["spaces-TOTAL_FORMS"] = "lots"
    assert client.post(reverse("place:add"), data).status_code == 200


def test_a_listing_sent_after_adding_a_space_row_still_ignores_blank_rows(
    client, area, django_capture_on_commit_callbacks
):
    showers = factories.AmenityFactory(name="Showers")
    data = building_form_data(
        area, [showers], spaces=[space_row(name="Typed suite")], add_space="1", consent=None
    )
    content = client.post(reverse("place:add"), data).content.decode()
    # Every row is still a new, optional one: the management form says none is initial.
    assert 'name="spaces-TOTAL_FORMS" value="4"' in content
    assert 'name="spaces-INITIAL_FORMS" value="0"' in content
    assert f'name="amenities" value="{showers.pk}" id="id_amenities_0" checked' in content
    assert 'name="step_free" id="id_step_free" checked' in content
    assert 'name="consent" required id="id_consent">' in content  # left unticked
    assert "error-message" not in content

    # The page's form sent as it now is (four rows, three of them blank).
    data.pop("add_space")
    data.update({"spaces-TOTAL_FORMS": "4", "consent": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:add"), data)
    assert response.status_code == 302
    assert list(Space.objects.values_list("name", flat=True)) == ["Typed suite"]


def test_more_than_three_spaces_can_be_listed(client, area, django_capture_on_commit_callbacks):
    rows = [space_row(name=f"Suite {n}") for n in range(1, 6)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:add"), building_form_data(area, spaces=rows))
    assert response.status_code == 302
    assert Space.objects.count() == 5


def test_a_landlord_keeps_prices_and_dates_current_from_a_manage_link(
    client, area, django_capture_on_commit_callbacks
):
    building = factories.BuildingFactory(area=area, contact_email=EMAIL)
    past = timezone.localdate() - datetime.timedelta(days=30)
    space = factories.SpaceFactory(
        building=building,
        name="Studio",
        available_from=past,
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    let = factories.SpaceFactory(building=building, name="Let", state=Space.State.WITHDRAWN)
    url = reverse("place:edit_spaces", args=[building.reference])
    assert client.get(url).status_code == 302  # no manage link yet

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": EMAIL})
    client.get(last_link(EMAIL))
    page = client.get(url)
    assert page.status_code == 200
    assert b"Studio" in page.content and b"(private office)" in page.content
    assert len(page.context["spaces"].forms) == 1  # the withdrawn space is not offered

    def form_data(**overrides):
        data = {
            "spaces-TOTAL_FORMS": "1",
            "spaces-INITIAL_FORMS": "1",
            "spaces-0-id": str(space.pk),
            "spaces-0-desks_min": "4",
            "spaces-0-desks_max": "8",
            "spaces-0-size_sqft": "600",
            "spaces-0-price": "199",
            "spaces-0-price_basis": "desk_month",
            "spaces-0-terms": "licence",
            "spaces-0-min_months": "3",
            "spaces-0-available_from": past.isoformat(),  # unchanged past date is fine
        }
        data.update(overrides)
        return data

    bad = client.post(url, form_data(**{"spaces-0-desks_min": "9"}))
    assert bad.status_code == 200
    assert b"The most desks must be the same as or more than the fewest desks." in bad.content
    space.refresh_from_db()
    assert space.desks_min == 4

    moved = client.post(url, form_data(**{"spaces-0-available_from": YESTERDAY}))
    assert b"The date the space is available must be today or later." in moved.content

    # Someone else's space id is ignored: a model formset only edits its own queryset.
    other = factories.SpaceFactory(price=500)
    client.post(url, form_data(**{"spaces-0-id": str(other.pk)}))
    other.refresh_from_db()
    assert other.price == 500

    response = client.post(url, form_data())
    assert response.status_code == 302
    space.refresh_from_db()
    let.refresh_from_db()
    assert space.price == 199
    assert space.expires_on == timezone.localdate() + datetime.timedelta(days=90)
    assert let.state == Space.State.WITHDRAWN


def test_the_error_summary_follows_the_order_of_the_page(client, area):
    data = building_form_data(
        area, spaces=[space_row(kind="")], address="", landlord_name="", consent=None
    )
    content = client.post(reverse("place:add"), data).content.decode()
    summary = content.split('class="error-summary__list"', 1)[1].split("</ul>", 1)[0]
    order = [
        summary.index("Enter the street address."),
        summary.index("Space 1: Choose the kind of space."),
        summary.index("Enter the name of the landlord."),
        summary.index("Confirm that you may list this space."),
    ]
    assert order == sorted(order)
    # Each message also sits next to its field.
    assert '<p class="error-message" id="id_spaces-0-kind_error">' in content
    assert Building.objects.count() == 0
