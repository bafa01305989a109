"""A let space: marked by the landlord through the manage link or by staff in the admin, it
leaves the search and is counted by the strategy's "desks let" indicator."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.moderation import links
from apps.core.moderation import services as moderation
from apps.core.moderation.models import Status
from apps.core.web import pagecache
from apps.place import services
from apps.place.models import Space
from apps.strategy import services as strategy_services
from tests import factories
from tests.strategy.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return factories.SpaceFactory(name="Studio Nine", desks_min=4, desks_max=8)


def _open_manage_link(client, building):
    return client.get(links.make_url(purpose="manage", obj=building)).url


def test_a_landlord_marks_a_space_let_it_leaves_the_search_and_is_counted(
    client, space, django_capture_on_commit_callbacks
):
    edit = _open_manage_link(client, space.building)
    page = client.get(edit)
    let_url = reverse("place:let", args=[space.building.reference, space.pk])
    assert let_url.encode() in page.content
    assert b"Studio Nine" in client.get(reverse("place:search")).content
    form = client.get(let_url).content.decode()
    # A date input's value must be ISO 8601; the space's most desks is offered.
    assert f'value="{timezone.localdate().isoformat()}"' in form
    assert 'name="desks_let" value="8"' in form
    before = pagecache.generation()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(let_url, {"desks_let": "6", "let_on": yesterday.isoformat()})
    assert response.status_code == 302
    assert response.url == edit
    space.refresh_from_db()
    assert (space.state, space.let_on, space.desks_let) == (Space.State.LET, yesterday, 6)
    assert pagecache.generation() != before
    # The edit page says so (and shows the message), and offers no second "let".
    page = client.get(edit)
    assert b"is marked as let" in page.content
    assert b"Let on" in page.content
    assert let_url.encode() not in page.content
    assert b"Studio Nine" not in client.get(reverse("place:search")).content
    assert b"Studio Nine" not in client.get(reverse("place:geojson")).content
    assert client.get(space.get_absolute_url()).status_code == 404
    assert services.desks_let_total() == 6
    assert client.get(let_url).status_code == 404
    assert services.space_withdraw(space=space) is False


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"desks_let": "9"}, "desks_let", "at most 8 desks"),
        ({"desks_let": "0"}, "desks_let", "1 or more"),
        ({"let_on": "tomorrow"}, "let_on", "today or earlier"),
        ({"let_on": "2000-01-01"}, "let_on", "within the last year"),
        ({"let_on": ""}, "let_on", "Enter the day"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_writes_nothing(
    client, space, values, field, message
):
    _open_manage_link(client, space.building)
    today = timezone.localdate()
    data = {"desks_let": "5", "let_on": today.isoformat(), **values}
    if data["let_on"] == "tomorrow":
        data["let_on"] = (today + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("place:let", args=[space.building.reference, space.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert response.context["form"]["desks_let"].value() == data["desks_let"]  # kept
    space.refresh_from_db()
    assert space.state == Space.State.LISTED
    assert space.let_on is None


def test_without_a_manage_link_nobody_can_mark_a_space_let(client, space):
    other = factories.SpaceFactory()
    _open_manage_link(client, other.building)
    # Another building's space through this building's grant, and no grant at all.
    url = reverse("place:let", args=[other.building.reference, space.pk])
    assert client.post(url, {"desks_let": "4", "let_on": "2026-01-01"}).status_code == 404
    response = client.post(
        reverse("place:let", args=[space.building.reference, space.pk]),
        {"desks_let": "4", "let_on": "2026-01-01"},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:manage")
    space.refresh_from_db()
    assert space.state == Space.State.LISTED


def test_reconfirming_or_republishing_a_listing_does_not_relist_a_let_space(space):
    today = timezone.localdate()
    services.space_let(space=space, desks=8, on=today)
    moderation.submission_reconfirm(obj=space.building)
    space.refresh_from_db()
    assert space.state == Space.State.LET
    assert not Space.objects.live().exists()


def test_the_admin_bulk_action_lets_listed_spaces_in_full_and_moves_the_cache(
    admin_client, space, django_capture_on_commit_callbacks
):
    withdrawn = factories.SpaceFactory(state=Space.State.WITHDRAWN, desks_max=20)
    already = factories.SpaceFactory(desks_max=5)
    services.space_let(space=already, desks=3, on=datetime.date(2026, 1, 5))
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:place_space_changelist"),
            {
                "action": "mark_let",
                "_selected_action": [space.pk, withdrawn.pk, already.pk],
                "confirm": "1",
            },
        )
    assert response.status_code == 302
    assert pagecache.generation() != before
    space.refresh_from_db()
    withdrawn.refresh_from_db()
    already.refresh_from_db()
    assert (space.state, space.desks_let, space.let_on) == (
        Space.State.LET,
        8,
        timezone.localdate(),
    )
    assert withdrawn.state == Space.State.WITHDRAWN
    assert (already.desks_let, already.let_on) == (3, datetime.date(2026, 1, 5))
    assert services.desks_let_total() == 11


def test_staff_editing_a_space_to_let_must_give_the_date_and_desks(admin_client, space):
    url = reverse("admin:place_space_change", args=[space.pk])
    page = admin_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        building=space.building.pk,
        available_from=space.available_from.isoformat(),
        expires_on=space.expires_on.isoformat(),
        state="let",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "let_on" in response.context["adminform"].form.errors
    space.refresh_from_db()
    assert space.state == Space.State.LISTED


def test_the_snapshot_counts_desks_let_in_published_and_archived_listings_only():
    indicator = IndicatorFactory(computed_from="desks_let", unit="desks")
    today = datetime.date(2026, 12, 4)
    published = factories.SpaceFactory(desks_max=10)
    archived = factories.SpaceFactory(desks_max=10)
    pending = factories.SpaceFactory(desks_max=10, building__status=Status.PENDING)
    factories.SpaceFactory(desks_max=40)  # listed, not let
    for space, desks in [(published, 7), (archived, 2), (pending, 9)]:
        services.space_let(space=space, desks=desks, on=today)
    archived.building.status = Status.ARCHIVED
    archived.building.save()
    assert strategy_services.indicators_snapshot(today=today) == 1
    assert indicator.observations.get(observed_on=today).value == 9
