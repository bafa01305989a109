import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from apps.core.moderation import links
from apps.core.moderation.models import Status
from tests import factories
from tests.helpers import last_link

pytestmark = pytest.mark.django_db


def test_a_confirm_link_confirms_once_and_leads_to_the_status_page(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    url = links.make_url(purpose="confirm", obj=organisation).removeprefix("http://testserver")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("core:status", args=[organisation.reference])
    assert response.headers["Referrer-Policy"] == "no-referrer"
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
    confirmed_at = organisation.confirmed_at
    client.get(url)  # opening it again changes nothing
    organisation.refresh_from_db()
    assert organisation.confirmed_at == confirmed_at


def test_an_expired_link_is_refused(client, settings):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    settings.LINK_MAX_AGE = {**settings.LINK_MAX_AGE, "confirm": 60}
    # A token signed two minutes ago.
    signer = signing.TimestampSigner(salt="apps.core.links")
    old = signer.timestamp
    signer.timestamp = lambda: signing.b62_encode(int(time.time()) - 120)
    try:
        token = signer.sign_object(
            {
                "p": "confirm",
                "m": "profile.organisation",
                "pk": organisation.pk,
                "e": organisation.contact_email,
            },
            compress=True,
        )
    finally:
        signer.timestamp = old
    response = client.get(reverse("core:link", args=[token]))
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "x" + t,
        lambda t: t.split(":")[0],
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_link_is_refused(client, mangle):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="confirm", obj=organisation)
    response = client.get(reverse("core:link", args=[mangle(token)]))
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


def test_a_link_signed_for_another_purpose_cannot_be_reused(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="status", obj=organisation)
    client.get(reverse("core:link", args=[token]))
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


def test_a_link_stops_working_when_the_contact_address_changes(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="confirm", obj=organisation)
    organisation.contact_email = "new-owner@example.com"
    organisation.save()
    assert client.get(reverse("core:link", args=[token])).status_code == 400


def test_an_edit_page_needs_a_manage_link_opened_in_this_browser(client):
    organisation = factories.OrganisationFactory()
    response = client.get(reverse("profile:edit", args=[organisation.reference]))
    assert response.status_code == 302
    assert response.url == reverse("core:manage")
    status = client.get(reverse("core:status", args=[organisation.reference]))
    assert status.status_code == 403


def test_manage_does_not_reveal_whether_an_address_is_known(
    client, django_capture_on_commit_callbacks
):
    factories.OrganisationFactory(contact_email="known@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("core:manage"), {"email": "unknown@example.com"}, follow=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("core:manage"), {"email": "known@example.com"}, follow=True)
    assert len(mail.outbox) == 1
    assert unknown.status_code == known.status_code == 200
    assert unknown.templates[0].name == known.templates[0].name == "core/manage_sent.html"


def test_manage_sends_one_link_per_item_and_skips_archived_ones(
    client, django_capture_on_commit_callbacks
):
    factories.OrganisationFactory(name="One", contact_email="owner@example.com")
    factories.OrganisationFactory(
        name="Two", contact_email="owner@example.com", status=Status.REJECTED
    )
    factories.OrganisationFactory(
        name="Gone", contact_email="owner@example.com", status=Status.ARCHIVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": "owner@example.com"})
    body = mail.outbox[0].body
    assert body.count("/link/") == 2
    assert "One" in body and "Two" in body and "Gone" not in body
    assert last_link("owner@example.com")


def test_manage_with_a_bad_address_shows_the_error(client):
    response = client.post(reverse("core:manage"), {"email": "not an email"})
    assert response.status_code == 200
    assert b"<title>Error: " in response.content
    assert b"not an email" in response.content
