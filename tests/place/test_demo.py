import pytest

from apps.core import demo as core_demo
from apps.place import demo
from apps.place.models import Building, Space, SpaceNeed
from apps.profile import demo as profile_demo

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates():
    core_demo.load()
    profile_demo.load()
    first = demo.load()
    counts = (Building.objects.count(), Space.objects.count(), SpaceNeed.objects.count())
    assert demo.load() == first
    assert (Building.objects.count(), Space.objects.count(), SpaceNeed.objects.count()) == counts
    assert Space.objects.live().count() >= 15
    areas = set(Building.objects.published().values_list("area__slug", flat=True))
    assert {"ouseburn", "quayside", "grainger-town", "science-central"} <= areas
    assert {"gateshead-quays", "team-valley"} <= areas
