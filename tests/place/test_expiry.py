"""Listings stay current: reminders, re-confirmation from the emailed link, and expiry."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.place import services
from apps.place.models import LISTING_DAYS, REMINDER_DAYS, Space
from tests import factories
from tests.helpers import last_link

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def building():
    return factories.BuildingFactory(name="Foundry Works", contact_email="owner@example.com")


def test_it_reminds_once_before_expiry_and_expires_after(
    building, client, django_capture_on_commit_callbacks
):
    soon = factories.SpaceFactory(building=building, name="Soon", expires_on=day(REMINDER_DAYS))
    later = factories.SpaceFactory(
        building=building, name="Later", expires_on=day(REMINDER_DAYS + 1)
    )
    unpublished = factories.SpaceFactory(
        building=factories.BuildingFactory(status=Status.PENDING), expires_on=day(1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.spaces_expire(today=TODAY) == (1, 0)
    (reminder,) = mail.outbox
    assert reminder.to == ["owner@example.com"]
    assert "Soon" in reminder.body and "Later" not in reminder.body
    soon.refresh_from_db()
    unpublished.refresh_from_db()
    assert soon.reminder_sent_on == TODAY
    assert unpublished.reminder_sent_on is None

    # Run again the same day or the next: no second reminder for the same space.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.spaces_expire(today=day(1)) == (1, 0)  # now "Later" is due
    assert len(mail.outbox) == 2 and "Later" in mail.outbox[-1].body
    assert "Soon" not in mail.outbox[-1].body

    # On its last day a space is still listed; the day after, it has expired.
    assert soon in Space.objects.live(today=day(REMINDER_DAYS))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.spaces_expire(today=day(REMINDER_DAYS + 1)) == (0, 1)
    soon.refresh_from_db()
    later.refresh_from_db()
    assert (soon.state, soon.expired_on) == (Space.State.EXPIRED, day(REMINDER_DAYS + 1))
    assert later.state == Space.State.LISTED
    # Expired: out of the search and the listing page, but the row and its history stay.
    assert soon not in Space.objects.live(today=day(REMINDER_DAYS + 1))
    assert client.get(soon.get_absolute_url()).status_code == 404
    assert b"Soon" not in client.get(reverse("place:search")).content
    assert Space.objects.filter(pk=soon.pk).exists()


def test_the_reminder_link_reconfirms_the_listing(
    building, client, django_capture_on_commit_callbacks
):
    space = factories.SpaceFactory(building=building, name="Studio", expires_on=day(3))
    withdrawn = factories.SpaceFactory(
        building=building, name="Let", expires_on=day(3), state=Space.State.WITHDRAWN
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.spaces_expire(today=TODAY)
    link = last_link("owner@example.com")

    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.url == reverse("core:status", args=[building.reference])
    assert (
        b"Thank you for confirming that your listing is current."
        in client.get(response.url).content
    )
    space.refresh_from_db()
    withdrawn.refresh_from_db()
    building.refresh_from_db()
    assert space.expires_on == day(LISTING_DAYS)
    assert space.reminder_sent_on is None
    assert withdrawn.state == Space.State.WITHDRAWN  # a let space stays withdrawn
    assert withdrawn.expires_on == day(3)
    assert building.last_confirmed_at is not None


def test_reconfirming_after_expiry_lists_the_space_again(
    building, client, django_capture_on_commit_callbacks
):
    space = factories.SpaceFactory(building=building, name="Studio", expires_on=day(2))
    with django_capture_on_commit_callbacks(execute=True):
        services.spaces_expire(today=TODAY)
    link = last_link("owner@example.com")
    services.spaces_expire(today=day(3))
    space.refresh_from_db()
    assert space.state == Space.State.EXPIRED

    client.get(link)
    space.refresh_from_db()
    assert space.state == Space.State.LISTED
    assert space in Space.objects.live()


def test_a_reconfirm_link_does_nothing_for_an_archived_building(
    building, client, django_capture_on_commit_callbacks
):
    space = factories.SpaceFactory(building=building, expires_on=day(2))
    with django_capture_on_commit_callbacks(execute=True):
        services.spaces_expire(today=TODAY)
    building.status = Status.ARCHIVED
    building.save()
    client.get(last_link("owner@example.com"))
    space.refresh_from_db()
    assert space.expires_on == day(2)


def test_the_command_takes_a_date(building, django_capture_on_commit_callbacks, capsys):
    factories.SpaceFactory(building=building, expires_on=day(5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_spaces", "--today", day(10).isoformat())
    assert "Sent 0 reminder(s); expired 1 space(s)." in capsys.readouterr().out
