"""Standing space needs: confirmed by email, matched against newly published spaces."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.place import services
from apps.place.models import NeedMatch, Space, SpaceNeed
from tests import factories
from tests.helpers import last_link

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def ouseburn():
    return factories.AreaFactory(name="Ouseburn")


@pytest.fixture
def quayside():
    return factories.AreaFactory(name="Quayside")


def test_a_business_registers_a_need_and_hears_about_spaces_that_already_match(
    client, ouseburn, quayside, django_capture_on_commit_callbacks
):
    fits = factories.SpaceFactory(
        building=factories.BuildingFactory(name="Foundry Works", area=ouseburn),
        name="Studio 5",
        desks_min=10,
        desks_max=14,
        price=Decimal("280"),
    )
    factories.SpaceFactory(  # too dear
        building=fits.building, name="Penthouse", desks_min=10, desks_max=14, price=Decimal("400")
    )
    factories.SpaceFactory(  # wrong area
        building=factories.BuildingFactory(name="Quay House", area=quayside),
        name="Quay suite",
        desks_min=10,
        desks_max=14,
    )
    data = {
        "organisation_name": "Tyne Robotics",
        "desks_min": "10",
        "desks_max": "15",
        "areas": [ouseburn.pk],
        "kind": "",
        "max_monthly_price_per_desk": "300",
        "available_by": (TODAY + datetime.timedelta(days=90)).isoformat(),
        "notes": "",
        "contact_name": "Robin",
        "contact_email": "robin@robotics.example.com",
        "consent": "on",
        "homepage": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:need_add"), data)
    assert response.status_code == 302
    need = SpaceNeed.objects.get()
    assert need.status == Status.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [["robin@robotics.example.com"]]
    assert NeedMatch.objects.count() == 0  # nothing is sent before the address is confirmed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(last_link("robin@robotics.example.com"))
    need.refresh_from_db()
    assert need.status == Status.PUBLISHED
    match_email = mail.outbox[-1]
    assert match_email.to == ["robin@robotics.example.com"]
    assert "Studio 5" in match_email.body
    assert "Penthouse" not in match_email.body and "Quay suite" not in match_email.body
    assert list(need.matched_spaces.all()) == [fits]
    assert client.get(response.url).status_code == 200  # the status page
    # The "it is active" email links to the search filtered like the need.
    active_email = next(m for m in mail.outbox if m.subject.startswith("Active"))
    assert "/spaces/?desks=10&max_price=300.00" in active_email.body

    # Matching is remembered: the same space is never sent twice.
    assert services.need_match(need=need) == []


def test_publishing_a_building_tells_only_the_needs_it_meets(
    admin_client, ouseburn, quayside, django_capture_on_commit_callbacks
):
    wants_ouseburn = factories.SpaceNeedFactory(
        desks_min=5, desks_max=10, areas=[ouseburn], contact_email="a@example.com"
    )
    wants_cheap = factories.SpaceNeedFactory(
        desks_min=1,
        desks_max=50,
        max_monthly_price_per_desk=Decimal("100"),
        contact_email="b@example.com",
    )
    wants_quayside = factories.SpaceNeedFactory(areas=[quayside], contact_email="c@example.com")
    wants_lab = factories.SpaceNeedFactory(kind=Space.Kind.LAB, contact_email="d@example.com")
    wants_step_free = factories.SpaceNeedFactory(step_free=True, contact_email="e@example.com")
    wants_soon = factories.SpaceNeedFactory(
        available_by=TODAY + datetime.timedelta(days=10), contact_email="f@example.com"
    )
    stopped = factories.SpaceNeedFactory(status=Status.ARCHIVED, contact_email="g@example.com")

    building = factories.BuildingFactory(area=ouseburn, status=Status.PENDING, step_free=False)
    factories.SpaceFactory(
        building=building,
        name="Studio 9",
        desks_min=8,
        desks_max=12,
        price=Decimal("250"),
        available_from=TODAY + datetime.timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:place_building_changelist"),
            {"action": "approve_selected", "_selected_action": [building.pk], "confirm": "1"},
        )
    told = {m.to[0] for m in mail.outbox if "match" in m.subject}
    assert told == {"a@example.com"}
    assert NeedMatch.objects.get().need == wants_ouseburn
    for need in [wants_cheap, wants_quayside, wants_lab, wants_step_free, wants_soon, stopped]:
        assert not need.matches.exists()


@pytest.mark.parametrize(
    ("need_desks", "space_desks", "matches"),
    [
        ((10, 15), (4, 9), False),  # the space tops out below the need
        ((10, 15), (4, 10), True),  # touches at the need's minimum
        ((10, 15), (15, 30), True),  # touches at the need's maximum
        ((10, 15), (16, 30), False),  # starts above the need
        ((10, 15), (12, 12), True),
    ],
)
def test_desk_ranges_overlap_at_the_edges(need_desks, space_desks, matches):
    need = factories.SpaceNeedFactory(desks_min=need_desks[0], desks_max=need_desks[1])
    space = factories.SpaceFactory(desks_min=space_desks[0], desks_max=space_desks[1])
    assert (space in Space.objects.matching(need)) is matches


def test_an_unpublished_space_never_matches():
    need = factories.SpaceNeedFactory(desks_min=1, desks_max=100)
    factories.SpaceFactory(building=factories.BuildingFactory(status=Status.PENDING))
    factories.SpaceFactory(state=Space.State.EXPIRED)
    assert list(Space.objects.matching(need)) == []


def test_a_need_with_min_above_max_is_refused(client, django_capture_on_commit_callbacks):
    data = {
        "organisation_name": "Tyne Robotics",
        "desks_min": "20",
        "desks_max": "10",
        "contact_email": "robin@robotics.example.com",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("place:need_add"), data)
    assert response.status_code == 200
    assert b"The most desks must be the same as or more than the fewest desks." in response.content
    assert SpaceNeed.objects.count() == 0
    assert mail.outbox == []


def test_the_business_can_stop_a_need_from_a_manage_link(
    client, django_capture_on_commit_callbacks
):
    need = factories.SpaceNeedFactory(contact_email="robin@robotics.example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": need.contact_email})
    response = client.get(last_link(need.contact_email))
    assert response.url == reverse("place:need_edit", args=[need.reference])
    client.post(response.url)
    need.refresh_from_db()
    assert need.status == Status.ARCHIVED
    space = factories.SpaceFactory(
        building=factories.BuildingFactory(status=Status.PENDING), desks_min=5, desks_max=10
    )
    assert moderation.submission_approve(obj=space.building, by=None)
    assert not need.matches.exists()
