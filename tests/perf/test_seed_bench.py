"""seed_bench: deterministic, proportional, idempotent, and careful about which database."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.core.moderation.models import Status
from apps.people.models import SkillLine, SurveyResponse
from apps.place.models import Space
from apps.profile.models import Organisation


def _seed(scale=0.005):
    call_command("seed_bench", "--scale", str(scale), "--force", stdout=io.StringIO())


def test_it_refuses_a_database_not_named_bench(db, monkeypatch):
    # Only the name the command checks changes; the connection stays where it is.
    monkeypatch.setitem(connection.settings_dict, "NAME", "test_strategy_portal")
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_bench", "--scale", "0.005")


@pytest.mark.django_db(transaction=False)
def test_it_seeds_a_proportional_city_with_a_moderation_tail():
    _seed()
    assert Organisation.objects.count() == 50
    statuses = set(Organisation.objects.values_list("status", flat=True))
    assert Status.PUBLISHED in statuses and len(statuses) > 1
    assert SurveyResponse.objects.count() == 100
    assert SkillLine.objects.count() == 1000
    assert Space.objects.count() == 30
    # bulk_create skips the signal; the command fills the search and filter columns itself.
    assert not Organisation.objects.filter(sector_names="").exists()
    organisation = Organisation.objects.order_by("pk").first()
    assert organisation.sector_ids == sorted(organisation.sectors.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=False)
def test_running_it_again_replaces_rather_than_adds_and_is_deterministic():
    _seed()
    first = list(Organisation.objects.order_by("pk").values_list("name", "status"))
    _seed()
    assert list(Organisation.objects.order_by("pk").values_list("name", "status")) == first


@pytest.mark.django_db(transaction=False)
def test_the_pages_render_over_seeded_data(client):
    _seed()
    for url in ["/", "/directory/?q=data", "/spaces/", "/skills/", "/search/?q=cloud"]:
        assert client.get(url).status_code == 200, url
