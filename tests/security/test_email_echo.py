"""Emails to an address the sender typed carry no text the sender wrote (issue 17,
finding 12): otherwise any form becomes a way to put someone's words, links and all, in
a stranger's inbox under the portal's name."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.moderation.models import Status
from tests import factories
from tests.helpers import organisation_form_data

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.net"
PAYLOAD = "Claim your refund at http://evil.example/pay"


def _to_victim():
    messages = [m for m in mail.outbox if m.to == [VICTIM]]
    assert messages, [m.to for m in mail.outbox]
    return messages


def assert_no_echo(*texts):
    for message in _to_victim():
        for text in texts:
            assert text not in message.subject
            assert text not in message.body


def test_the_office_space_enquiry_acknowledgement(client, django_capture_on_commit_callbacks):
    space = factories.SpaceFactory(building=factories.BuildingFactory(name="Foundry Works"))
    data = {
        "name": "Refund Desk " + PAYLOAD,
        "email": VICTIM,
        "organisation_name": "HMRC " + PAYLOAD,
        "phone": "",
        "desks": "2",
        "message": "Urgent. " + PAYLOAD,
        "homepage": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(space.get_absolute_url(), data)
    assert response.status_code == 302
    assert_no_echo("evil.example", "Refund Desk", "HMRC", "Urgent")
    # What the landlord gets (the address we hold) still has the message.
    assert any("evil.example" in m.body for m in mail.outbox if m.to != [VICTIM])


def test_the_funding_enquiry_acknowledgement(client, django_capture_on_commit_callbacks):
    data = {
        "organisation_name": "HMRC Refunds Office",
        "need": "Urgent. " + PAYLOAD,
        "amount": "40000",
        "stage": "early",
        "contact_name": "Refund Desk",
        "contact_email": VICTIM,
        "consent": "on",
        "homepage": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:ask"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert_no_echo("evil.example", "Refund Desk", "HMRC", "Urgent")


def test_the_confirmation_email_of_a_submission(client, django_capture_on_commit_callbacks):
    area, sector = factories.AreaFactory(), factories.SectorFactory()
    data = organisation_form_data(
        area,
        [sector],
        name="Refund Desk Claim Now",
        summary="Urgent refund owed to you.",
        contact_name="HMRC Officer",
        contact_email=VICTIM,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), data)
    assert response.status_code == 302
    assert_no_echo("Refund Desk", "Claim Now", "Urgent", "HMRC")
    [message] = _to_victim()
    assert "/link/?t=" in message.body


def test_a_new_link_for_an_unconfirmed_item_names_only_its_reference(
    client, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory(
        name="Refund Desk Claim Now", contact_email=VICTIM, status=Status.UNCONFIRMED
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": VICTIM})
    assert_no_echo("Refund Desk", "Claim Now")
    [message] = _to_victim()
    assert organisation.reference in message.body
