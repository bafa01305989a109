"""A name is held only once it is published: an unconfirmed or unreviewed submission
never blocks the real business, nor reveals itself in a refusal. A listing names its
landlord, and an organisation already held is attached only when the listing comes from
that organisation's own contact address."""

import pytest
from django.urls import reverse

from apps.core.moderation.models import Status
from apps.place.models import Building
from apps.profile.models import Organisation
from tests import factories
from tests.helpers import last_link, organisation_form_data
from tests.place.data import building_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Status.UNCONFIRMED, Status.PENDING])
def test_an_unpublished_entry_does_not_block_or_reveal_its_name(
    client, status, django_capture_on_commit_callbacks
):
    factories.OrganisationFactory(
        name="Tyne Quantum Futures", status=status, contact_email="squatter@example.org"
    )
    data = organisation_form_data(
        factories.AreaFactory(),
        [factories.SectorFactory()],
        name="tyne quantum futures",
        contact_email="founder@tqf.example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert b"already in the directory" not in response.content
    real = Organisation.objects.get(contact_email="founder@tqf.example.com")
    assert real.status == Status.UNCONFIRMED


def test_a_published_name_is_still_refused(client):
    factories.OrganisationFactory(name="Tyne Quantum Futures", status=Status.PUBLISHED)
    data = organisation_form_data(
        factories.AreaFactory(), [factories.SectorFactory()], name="Tyne Quantum Futures"
    )
    response = client.post(reverse("profile:add"), data)
    assert response.status_code == 200
    assert "already in the directory" in response.context["form"].errors["name"][0]


def test_moderators_see_entries_that_share_a_name(admin_client):
    real = factories.OrganisationFactory(name="Tyne Quantum Futures", status=Status.PENDING)
    factories.OrganisationFactory(
        name="TYNE QUANTUM FUTURES",
        slug="tqf-2",
        status=Status.UNCONFIRMED,
        contact_email="x@example.org",
    )
    page = admin_client.get(reverse("admin:profile_organisation_change", args=[real.pk]))
    html = page.content.decode()
    assert "Another entry has this name" in html
    assert "a different contact address" in html


def test_a_landlord_name_from_another_address_does_not_claim_a_business(
    client, django_capture_on_commit_callbacks
):
    business = factories.OrganisationFactory(
        name="Quayside Games", contact_email="owner@quayside.example.com"
    )
    data = building_form_data(
        factories.AreaFactory(), landlord_name="quayside games", contact_email="lee@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:add"), data)
    assert response.status_code == 302
    building = Building.objects.get()
    assert building.landlord != business
    assert building.landlord.status == Status.UNCONFIRMED
    assert building.landlord.contact_email == "lee@example.org"
    assert not business.buildings.exists()
    # Confirming the listing confirms its own landlord, never the business it named.
    with django_capture_on_commit_callbacks(execute=True):
        client.get(last_link("lee@example.org"))
    building.landlord.refresh_from_db()
    business.refresh_from_db()
    assert building.landlord.status == Status.PENDING
    assert business.status == Status.PUBLISHED and not business.buildings.exists()


def test_an_unconfirmed_landlord_from_another_address_is_not_attached(
    client, django_capture_on_commit_callbacks
):
    squatter = factories.OrganisationFactory(
        name="Ouseburn Lettings", status=Status.UNCONFIRMED, contact_email="x@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("place:add"), building_form_data(factories.AreaFactory()))
    assert Building.objects.get().landlord != squatter


def test_a_listing_from_the_business_own_address_is_attached(
    client, django_capture_on_commit_callbacks
):
    business = factories.OrganisationFactory(
        name="Quayside Games", contact_email="Owner@Quayside.example.com"
    )
    data = building_form_data(
        factories.AreaFactory(),
        landlord_name="Quayside  Games",
        contact_email="owner@quayside.example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("place:add"), data)
    assert Building.objects.get().landlord == business
    assert Organisation.objects.count() == 1
