"""Moderation announces each change of status with a signal, sent inside the transaction
that saved it, so the theme apps act on it without core calling them."""

from contextlib import contextmanager

import pytest

from apps.core.moderation import services
from apps.core.moderation.models import Status
from apps.core.moderation.signals import (
    submission_confirmed,
    submission_published,
    submission_reconfirmed,
)
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@contextmanager
def listening(signal, receiver=None):
    heard = []

    def record(sender, instance, **kwargs):
        # What the database holds when the receiver runs.
        heard.append((sender, instance, Organisation.objects.get(pk=instance.pk).status))
        if receiver is not None:
            receiver(sender, instance)

    signal.connect(record)
    try:
        yield heard
    finally:
        signal.disconnect(record)


def test_confirming_announces_the_item_once_its_new_status_is_saved():
    organisation = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    with listening(submission_confirmed) as heard:
        assert services.submission_confirm(obj=organisation)
        assert not services.submission_confirm(obj=organisation)
    assert heard == [(Organisation, organisation, Status.PENDING)]


def test_publishing_and_reconfirming_are_announced():
    organisation = factories.OrganisationFactory(status=Status.PENDING)
    with listening(submission_published) as published, listening(submission_reconfirmed) as again:
        services.submission_approve(obj=organisation, by=None)
        services.submission_approve(obj=organisation, by=None)
        services.submission_reconfirm(obj=organisation)
    assert published == [(Organisation, organisation, Status.PUBLISHED)]
    assert again == [(Organisation, organisation, Status.PUBLISHED)]


def test_a_receiver_that_fails_rolls_the_change_back():
    organisation = factories.OrganisationFactory(status=Status.PENDING)

    def fail(sender, instance):
        raise RuntimeError("a receiver failed")

    with listening(submission_published, fail), pytest.raises(RuntimeError):
        services.submission_approve(obj=organisation, by=None)
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING
