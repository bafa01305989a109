import base64
import hashlib
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import links
from apps.core.moderation.models import EmailLink, Status
from apps.core.security.logging import redact
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
    token = links.make_token(purpose="confirm", obj=organisation)
    EmailLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(links.path_for(token))
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "x" + t,
        lambda t: t[:20],
        lambda t: "not-a-token",
        lambda t: "",
    ],
)
def test_a_tampered_link_is_refused(client, mangle):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="confirm", obj=organisation)
    response = client.get(links.path_for(mangle(token)))
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


def test_an_old_signed_link_in_the_path_is_refused_politely(client):
    response = client.get("/link/eyJwIjoiY29uZmlybSJ9:1tX:abc/")
    assert response.status_code == 400
    assert b"This link does not work" in response.content


def test_a_link_made_for_another_purpose_cannot_confirm(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="status", obj=organisation)
    client.get(links.path_for(token))
    organisation.refresh_from_db()
    assert organisation.status == Status.UNCONFIRMED


def test_a_link_stops_working_when_the_contact_address_changes(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    token = links.make_token(purpose="confirm", obj=organisation)
    organisation.contact_email = "new-owner@example.com"
    organisation.save()
    assert client.get(links.path_for(token)).status_code == 400


# Finding 9 of issue 17: links were signed tokens carrying the address, reusable for
# their whole lifetime in any browser, and whole in the access log.


def test_a_token_is_opaque_random_and_stored_only_as_a_hash(client):
    organisation = factories.OrganisationFactory(
        status=Status.UNCONFIRMED, contact_email="secret.person@example.com"
    )
    url = links.make_url(purpose="confirm", obj=organisation)
    token = parse_qs(urlsplit(url).query)["t"][0]
    assert len(token) >= 40 and token.isalnum()
    # Nothing in the link decodes to the address, the item or the purpose.
    for text in (url.removeprefix("http://testserver"), _decoded(token)):
        # (No single characters: random bytes decode to "@" now and then.)
        assert "secret" not in text and "example.com" not in text
        assert "confirm" not in text and "profile" not in text
        assert organisation.reference not in text
    assert "@" not in url
    row = EmailLink.objects.get()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(EmailLink.objects.values()))
    assert "secret.person" not in str(list(EmailLink.objects.values()))


def _decoded(token):
    """Whatever a base64 decoding of the token gives (a signed token decoded to JSON)."""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("latin-1")
    except ValueError:
        return ""


def test_a_confirm_link_works_once_and_not_in_another_browser(client):
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    path = links.path_for(links.make_token(purpose="confirm", obj=organisation))
    assert client.get(path).status_code == 302
    # The same browser may open it again while its grant lasts: straight to the status.
    again = client.get(path)
    assert again.status_code == 302
    assert again.url == reverse("core:status", args=[organisation.reference])
    other = Client()
    response = other.get(path)
    assert response.status_code == 400
    assert b"This link has already been used" in response.content
    assert other.get(reverse("core:status", args=[organisation.reference])).status_code == 403


def test_a_manage_link_opens_one_browser_only(client):
    organisation = factories.OrganisationFactory(status=Status.PUBLISHED)
    path = links.path_for(links.make_token(purpose="manage", obj=organisation))
    edit = reverse("profile:edit", args=[organisation.reference])
    first = client.get(path)
    assert first.status_code == 302 and first.url == edit
    assert client.get(edit).status_code == 200
    other = Client()
    assert other.get(path).status_code == 400
    assert other.get(edit).status_code == 302  # back to /manage/


def test_the_editing_session_a_manage_link_opens_is_short(client, monkeypatch):
    organisation = factories.OrganisationFactory(status=Status.PUBLISHED)
    client.get(links.path_for(links.make_token(purpose="manage", obj=organisation)))
    edit = reverse("profile:edit", args=[organisation.reference])
    assert client.get(edit).status_code == 200
    assert links.GRANT_SECONDS["manage"] <= 60 * 60
    later = time.time() + links.GRANT_SECONDS["manage"] + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(edit).status_code == 302


def test_opening_a_link_starts_a_new_session_key(client, settings):
    client.get(reverse("core:manage"))
    session = client.session
    session["planted"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    client.get(links.path_for(links.make_token(purpose="confirm", obj=organisation)))
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_expired_links_are_purged(client):
    organisation = factories.OrganisationFactory()
    links.make_token(purpose="manage", obj=organisation)
    links.make_token(purpose="status", obj=organisation)
    assert links.purge_expired(now=timezone.now() + timedelta(days=1, seconds=1)) == 1
    assert EmailLink.objects.get().purpose == "status"


def test_log_redaction_covers_a_token_in_the_query_string():
    line = '"GET /link/?t=Abc123xyz HTTP/1.1" 302'
    assert redact(line) == '"GET /link/?t=[redacted] HTTP/1.1" 302'
    assert redact("/x/?a=1&t=Abc123") == "/x/?a=1&t=[redacted]"


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


def test_reopening_a_used_manage_link_does_not_stretch_the_editing_session(client, monkeypatch):
    organisation = factories.OrganisationFactory(status=Status.PUBLISHED)
    path = links.path_for(links.make_token(purpose="manage", obj=organisation))
    edit = reverse("profile:edit", args=[organisation.reference])
    start = time.time()
    client.get(path)
    monkeypatch.setattr(time, "time", lambda: start + links.GRANT_SECONDS["manage"] - 60)
    assert client.get(path).url == edit  # the same browser, within its hour
    monkeypatch.setattr(time, "time", lambda: start + links.GRANT_SECONDS["manage"] + 1)
    assert client.get(edit).status_code == 302
    assert client.get(path).status_code == 400
