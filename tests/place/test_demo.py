import pytest

from apps.core import demodata
from apps.place.models import Building, NeedMatch, Space, SpaceNeed

pytestmark = pytest.mark.django_db


def test_demo_space_loads_twice_without_duplicates():
    first = demodata.load(["core", "profile", "place"])
    counts = (Building.objects.count(), Space.objects.count(), SpaceNeed.objects.count())
    matches = list(NeedMatch.objects.values_list("pk", "need__contact_email", "space__slug"))
    assert demodata.load(["core", "profile", "place"]) == first
    assert (Building.objects.count(), Space.objects.count(), SpaceNeed.objects.count()) == counts
    # The recorded matches are the same rows, not deleted and made again.
    assert (
        list(NeedMatch.objects.values_list("pk", "need__contact_email", "space__slug")) == matches
    )
    assert Space.objects.live().count() >= 15
    areas = set(Building.objects.published().values_list("area__slug", flat=True))
    assert {"ouseburn", "quayside", "grainger-town", "science-central"} <= areas
    assert {"gateshead-quays", "team-valley"} <= areas
    assert Building.objects.filter(status="pending").count() == 1
    assert Space.objects.get(slug="toffee-wharf-studios-desk-12").state == Space.State.WITHDRAWN
