"""Landlords add, replace, describe and remove their building's photos through their manage
link. Removals apply at once; on a live listing, new and changed photos wait for a
moderator. A photo survives a form error like every other upload."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.moderation import links
from apps.core.moderation.models import Status
from apps.place.models import BuildingPhoto
from tests import factories
from tests.images import image_upload

pytestmark = pytest.mark.django_db


def management(total, initial):
    return {
        "photos-TOTAL_FORMS": str(total),
        "photos-INITIAL_FORMS": str(initial),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "8",
    }


@pytest.fixture
def building():
    return factories.BuildingFactory(name="Lime Street Works")


def open_photos(client, building):
    client.get(links.make_url(purpose="manage", obj=building))
    return reverse("place:edit_photos", args=[building.reference])


def photo(building, alt="The front", position=0, approved=True):
    return BuildingPhoto.objects.create(
        building=building,
        image=image_upload("front.png"),
        alt_text=alt,
        position=position,
        approved=approved,
    )


def test_the_update_page_links_to_the_photos_and_the_photos_need_a_manage_link(client, building):
    url = reverse("place:edit_photos", args=[building.reference])
    assert client.get(url).url == reverse("core:manage")
    open_photos(client, building)
    html = client.get(reverse("place:edit", args=[building.reference])).content.decode()
    assert f'href="{url}"' in html
    assert "Add, replace or remove photos" in html


def test_a_landlord_adds_two_photos_to_a_live_listing_and_they_wait_for_review(
    client, building, django_capture_on_commit_callbacks
):
    url = open_photos(client, building)
    data = {
        **management(1, 0),
        "photos-0-image": image_upload("front.png"),
        "photos-0-alt_text": "The brick front",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    # The page now offers the first photo and a new blank row: add a second.
    form = client.get(url).context["photos"]
    assert len(form.forms) == 2
    first = BuildingPhoto.objects.get()
    data = {
        **management(2, 1),
        "photos-0-id": str(first.pk),
        "photos-0-alt_text": "The brick front",
        "photos-1-image": image_upload("desks.jpg", fmt="JPEG"),
        "photos-1-alt_text": "Rows of desks by tall windows",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    photos = list(building.photos.order_by("position"))
    assert [(p.alt_text, p.position, p.approved) for p in photos] == [
        ("The brick front", 0, False),
        ("Rows of desks by tall windows", 1, False),
    ]
    # Not public until a moderator approves them; staff were told.
    public = client.__class__()
    assert "Rows of desks" not in public.get(building.get_absolute_url()).content.decode()
    assert [m.subject for m in mail.outbox] == [
        "Photos to review: Lime Street Works",
        "Photos to review: Lime Street Works",
    ]
    BuildingPhoto.objects.update(approved=True)
    html = public.get(building.get_absolute_url()).content.decode()
    assert 'alt="Rows of desks by tall windows"' in html and 'alt="The brick front"' in html


def test_a_landlord_replaces_and_removes_photos(
    client, building, django_capture_on_commit_callbacks
):
    kept, gone = photo(building, "Old front"), photo(building, "Old desks", position=1)
    old_name = kept.image.name
    url = open_photos(client, building)
    data = {
        **management(3, 2),
        "photos-0-id": str(kept.pk),
        "photos-0-image": image_upload("new-front.jpg", fmt="JPEG"),
        "photos-0-alt_text": "The new front",
        "photos-1-id": str(gone.pk),
        "photos-1-alt_text": "Old desks",
        "photos-1-DELETE": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert list(building.photos.values_list("pk", flat=True)) == [kept.pk]
    kept.refresh_from_db()
    assert kept.image.name != old_name and kept.image.name.endswith(".jpg")
    assert (kept.alt_text, kept.approved) == ("The new front", False)


def test_photos_of_a_listing_not_yet_published_need_no_second_review(
    client, django_capture_on_commit_callbacks
):
    building = factories.BuildingFactory(status=Status.PENDING)
    url = open_photos(client, building)
    data = {
        **management(1, 0),
        "photos-0-image": image_upload(),
        "photos-0-alt_text": "The lobby",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert BuildingPhoto.objects.get().approved is True
    assert mail.outbox == []


def test_a_photo_survives_a_missing_description_and_is_saved_next_time(
    client, building, django_capture_on_commit_callbacks
):
    url = open_photos(client, building)
    data = {**management(1, 0), "photos-0-image": image_upload(), "photos-0-alt_text": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Photo 1: Describe the photo, so everyone can understand it." in html
    token = re.search(r'name="photos-0-image-kept" value="([^"]+)"', html).group(1)
    assert BuildingPhoto.objects.count() == 0
    data = {**management(1, 0), "photos-0-image-kept": token, "photos-0-alt_text": "The lobby"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert BuildingPhoto.objects.get().image.read().startswith(b"\x89PNG")


def test_a_description_without_a_photo_is_an_error(client, building):
    url = open_photos(client, building)
    data = {**management(1, 0), "photos-0-alt_text": "A photo I forgot"}
    response = client.post(url, data)
    assert "Choose a photo to add, or leave this row blank." in response.content.decode()
    assert BuildingPhoto.objects.count() == 0


def test_another_buildings_photo_cannot_be_changed_or_removed(
    client, building, django_capture_on_commit_callbacks
):
    other = photo(factories.BuildingFactory(name="Elsewhere"), "Not yours")
    url = open_photos(client, building)
    data = {
        **management(1, 1),
        "photos-0-id": str(other.pk),
        "photos-0-alt_text": "Hijacked",
        "photos-0-DELETE": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    other.refresh_from_db()
    assert (other.alt_text, other.approved) == ("Not yours", True)


def test_at_most_eight_photos(client, building):
    url = open_photos(client, building)
    data = management(9, 0)
    for index in range(9):
        data[f"photos-{index}-image"] = image_upload()
        data[f"photos-{index}-alt_text"] = f"Photo {index}"
    response = client.post(url, data)
    assert "Add 8 photos at most." in response.content.decode()
    assert BuildingPhoto.objects.count() == 0
