"""A submitter withdraws what they sent from its status page, which their emailed link
opens: any type (an event, a directory entry, a proposed change), through one shared
page and service, asking first."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.core.moderation import services
from apps.core.moderation.models import PendingChange, Status
from tests import factories
from tests.events.factories import EventFactory
from tests.helpers import last_link
from tests.programmes.factories import ProgrammeChangeFactory
from tests.strategy.factories import UpdateProposalFactory

pytestmark = pytest.mark.django_db


def open_link_from_manage(client, email, commit):
    """Ask /manage/ for links, as the submitter would, and open the newest one."""
    with commit(execute=True):
        client.post(reverse("core:manage"), {"email": email})
    return client.get(last_link(email), follow=True)


def test_an_organiser_withdraws_their_event_from_the_link_manage_sends(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    event = EventFactory(title="Tyne Data Meetup", contact_email="organiser@example.com")
    public = event.get_absolute_url()
    Client().get(public)
    assert Client().get(public)["X-Page-Cache"] == "hit"

    edit = open_link_from_manage(
        client, "organiser@example.com", django_capture_on_commit_callbacks
    )
    assert "Tyne Data Meetup" in mail.outbox[-1].body
    withdraw = reverse("core:withdraw", args=[event.reference])
    # The link opens the event's edit page, which offers the withdrawal; so does its
    # status page.
    assert edit.redirect_chain[-1][0] == reverse("events:edit", args=[event.reference])
    assert f'href="{withdraw}"' in edit.content.decode()
    status = client.get(reverse("core:status", args=[event.reference])).content.decode()
    assert f'href="{withdraw}"' in status

    ask = client.get(withdraw)
    assert ask.status_code == 200
    assert "Withdraw your event?" in ask.content.decode()
    back = reverse("core:status", args=[event.reference])
    assert f'<a href="{back}">No, go back to its status</a>' in ask.content.decode()
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(withdraw, follow=True)
    assert done.redirect_chain[-1][0] == reverse("core:status", args=[event.reference])
    assert "Your event has been withdrawn." in done.content.decode()
    assert ">Archived<" in done.content.decode()
    event.refresh_from_db()
    assert event.status == Status.ARCHIVED
    assert event.moderation_note == services.WITHDRAWN_NOTE
    # Off the site at once, whatever the page cache held.
    assert Client().get(public).status_code == 404
    assert "Tyne Data Meetup" not in Client().get(reverse("events:index")).content.decode()


def test_withdrawing_needs_the_submitters_own_link(client):
    event = EventFactory()
    withdraw = reverse("core:withdraw", args=[event.reference])
    assert client.get(withdraw).status_code == 403
    assert client.post(withdraw).status_code == 403
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED


def _granted(client, obj):
    from apps.core.moderation import links

    client.get(links.make_url(purpose="status", obj=obj).removeprefix("http://testserver"))


def test_a_proposed_change_can_be_withdrawn_only_while_it_waits(client):
    waiting = ProgrammeChangeFactory(status=Status.PENDING)
    applied = UpdateProposalFactory(status=Status.PUBLISHED)
    for obj in (waiting, applied):
        _granted(client, obj)
    page = client.get(reverse("core:status", args=[applied.reference])).content.decode()
    assert reverse("core:withdraw", args=[applied.reference]) not in page
    refused = client.post(reverse("core:withdraw", args=[applied.reference]))
    assert refused.url == reverse("core:status", args=[applied.reference])
    applied.refresh_from_db()
    assert applied.status == Status.PUBLISHED

    client.post(reverse("core:withdraw", args=[waiting.reference]))
    waiting.refresh_from_db()
    assert waiting.status == Status.ARCHIVED


def test_withdrawing_a_directory_entry_sets_its_waiting_changes_aside(client):
    organisation = factories.OrganisationFactory(name="Quayside Pixel")
    change = PendingChange.objects.create(
        target=organisation, data={"summary": "New words."}, base={}
    )
    _granted(client, organisation)
    client.post(reverse("core:withdraw", args=[organisation.reference]))
    organisation.refresh_from_db()
    change.refresh_from_db()
    assert organisation.status == Status.ARCHIVED
    assert change.status == PendingChange.Status.SUPERSEDED
    # Nothing left to withdraw: the page goes back to the status.
    assert client.get(reverse("core:withdraw", args=[organisation.reference])).status_code == 302
    assert not services.submitter_withdraw(obj=organisation)
