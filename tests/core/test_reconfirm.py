"""The generic "reconfirm" link purpose works for any moderated model."""

import pytest
from django.urls import reverse

from apps.core.moderation import links
from apps.core.moderation.models import Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_reconfirm_link_records_that_a_published_item_is_current(client):
    organisation = factories.OrganisationFactory()
    assert organisation.last_confirmed_at is None
    response = client.get(links.path_for(links.make_token(purpose="reconfirm", obj=organisation)))
    assert response.status_code == 302
    assert response.url == reverse("core:status", args=[organisation.reference])
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at is not None


def test_a_reconfirm_link_changes_nothing_for_an_unpublished_item(client):
    organisation = factories.OrganisationFactory(status=Status.REJECTED)
    client.get(links.path_for(links.make_token(purpose="reconfirm", obj=organisation)))
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at is None
    assert organisation.status == Status.REJECTED
