"""precompiled(): an annotation compiled once gives what the expression gives."""

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from apps.core.expressions import precompiled
from apps.core.models import Area
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _names():
    return ArraySubquery(
        Organisation.objects.filter(area=OuterRef("pk")).order_by("name").values("name")
    )


def test_a_precompiled_subquery_gives_the_subquerys_rows():
    busy, empty = factories.AreaFactory(name="Busy"), factories.AreaFactory(name="Empty")
    for name in ["Zeta", "Alpha", "Mu"]:
        factories.OrganisationFactory(name=name, area=busy)
    factories.OrganisationFactory(name="Elsewhere")

    def rows(**annotations):
        areas = Area.objects.filter(pk__in=[busy.pk, empty.pk]).annotate(**annotations)
        return list(areas.order_by("name").values_list("name", "names"))

    compiled = precompiled(Area, names=_names())
    assert rows(**compiled) == rows(names=_names())
    assert rows(**compiled) == [("Busy", ["Alpha", "Mu", "Zeta"]), ("Empty", [])]
    # The same compiled expression serves any number of querysets.
    assert Area.objects.annotate(**compiled).get(pk=busy.pk).names == ["Alpha", "Mu", "Zeta"]
