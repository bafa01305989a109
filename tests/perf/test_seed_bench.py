"""seed_bench: deterministic, proportional, idempotent, and careful about which database."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.core import demodata
from apps.core.models import Area
from apps.core.moderation.models import Status
from apps.funding.models import Opportunity
from apps.people.models import Course, SkillLine, SurveyResponse
from apps.place.models import Amenity, Space
from apps.profile.models import KeyFact, Organisation, Sector


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


def _demo(label, field):
    return {row[field] for row in demodata.rows(label)}


@pytest.mark.django_db(transaction=False)
def test_it_multiplies_the_demo_definitions_rather_than_its_own():
    _seed()
    assert set(Area.objects.values_list("slug", flat=True)) == _demo("core.Area", "slug")
    assert set(Sector.objects.values_list("slug", flat=True)) == _demo("profile.Sector", "slug")
    assert set(Amenity.objects.values_list("name", flat=True)) == _demo("place.Amenity", "name")
    assert set(KeyFact.objects.values_list("figure", flat=True)) <= _demo(
        "profile.KeyFact", "figure"
    )
    titles = {o.title.rsplit(" ", 1)[0] for o in Opportunity.objects.all()}
    assert titles <= _demo("funding.Opportunity", "title")
    assert set(Course.objects.values_list("duration", flat=True)) <= _demo(
        "people.Course", "duration"
    )
    # Names are built from the shared word lists in core's demo/bench.yaml.
    places = set(demodata.bench("core")["places"])
    assert all(o.name.split()[0] in places for o in Organisation.objects.all())


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
