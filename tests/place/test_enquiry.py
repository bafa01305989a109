"""Enquiries from the listing page go to the landlord's private contact."""

import pytest
from django.core import mail
from django.core.cache import cache

from apps.core.moderation.models import Status
from apps.place.models import Enquiry
from tests import factories

pytestmark = pytest.mark.django_db


def enquiry_data(**overrides):
    data = {
        "name": "Sam Seeker",
        "email": "sam@startup.example.com",
        "organisation_name": "Tiny Startup",
        "phone": "",
        "desks": "6",
        "message": "Could we view the space next week?",
        "homepage": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def space():
    building = factories.BuildingFactory(
        name="Foundry Works", contact_email="secret-landlord@example.com"
    )
    return factories.SpaceFactory(building=building, name="Studio 1")


def test_an_enquiry_is_stored_forwarded_and_acknowledged(
    client, space, django_capture_on_commit_callbacks
):
    page = client.get(space.get_absolute_url())
    assert b"secret-landlord@example.com" not in page.content
    assert b"Ask the landlord about this space" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(space.get_absolute_url(), enquiry_data())
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.space, enquiry.desks) == (space, 6)

    to_landlord, to_sender = mail.outbox
    assert to_landlord.to == ["secret-landlord@example.com"]
    assert to_landlord.reply_to == ["sam@startup.example.com"]
    assert "Could we view the space next week?" in to_landlord.body
    assert "Tiny Startup" in to_landlord.body
    assert to_sender.to == ["sam@startup.example.com"]
    assert "secret-landlord@example.com" not in to_sender.body
    assert "Foundry Works" in to_sender.subject

    followed = client.get(response.url)
    assert b"We have sent your enquiry to the landlord" in followed.content
    assert b"secret-landlord@example.com" not in followed.content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "nope"}, "like name@example.com"),
        ({"message": ""}, "Write your message to the landlord."),
        ({"desks": "0"}, "greater than or equal to 1"),
        ({"message": "http://a.example http://b.example http://c.example"}, "web links"),
        ({"homepage": "http://spam.example"}, "We could not accept this form."),
    ],
)
def test_a_bad_enquiry_writes_nothing_and_sends_nothing(
    client, space, overrides, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(space.get_absolute_url(), enquiry_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"There is a problem" in response.content
    assert b'value="Sam Seeker"' in response.content
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_enquiries_are_rate_limited(client, space, django_capture_on_commit_callbacks):
    cache.clear()
    for _ in range(10):
        assert client.post(space.get_absolute_url(), enquiry_data()).status_code == 302
    response = client.post(space.get_absolute_url(), enquiry_data())
    assert response.status_code == 429
    assert Enquiry.objects.count() == 10


def test_you_cannot_enquire_about_a_space_that_is_not_live(client):
    building = factories.BuildingFactory(status=Status.PENDING)
    space = factories.SpaceFactory(building=building)
    response = client.post(space.get_absolute_url(), enquiry_data())
    assert response.status_code == 404
    assert Enquiry.objects.count() == 0
