"""precompiled(): an annotation compiled once gives what the expression gives; compiled()
statements read current rows at the request's time."""

import datetime

import pytest
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef
from django.utils import timezone

from apps.core import expressions
from apps.core.expressions import NOW, precompiled
from apps.core.models import Area
from apps.profile.models import Organisation, Story
from tests import factories
from tests.profile.factories import StoryFactory

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


def _areas_named_like_b():
    return Area.objects.filter(name__startswith="B").order_by("name").values_list("name")


def _areas_like_b():
    return Area.objects.filter(name__startswith="B").order_by("name")


def _stories_published_by_now():
    return Story.objects.filter(published_at__lte=NOW).order_by("title").values_list("title")


def _stories_of_a_fixed_day():
    return Story.objects.filter(published_at__lte=timezone.now())


def test_a_compiled_statement_reads_the_rows_of_today_not_of_when_it_was_compiled():
    factories.AreaFactory(name="Byker")
    assert expressions.rows(_areas_named_like_b) == [("Byker",)]
    factories.AreaFactory(name="Benwell")
    # Compiled once, run again: new rows appear.
    assert expressions.rows(_areas_named_like_b) == [("Benwell",), ("Byker",)]
    assert [area.name for area in expressions.objects(_areas_like_b)] == ["Benwell", "Byker"]


def test_the_request_time_takes_the_place_of_now():
    now = timezone.now()
    StoryFactory(title="Out already", published_at=now - datetime.timedelta(days=1))
    StoryFactory(title="Out tomorrow", published_at=now + datetime.timedelta(days=1))
    assert expressions.rows(_stories_published_by_now, now=now) == [("Out already",)]
    later = now + datetime.timedelta(days=2)
    assert expressions.rows(_stories_published_by_now, now=later) == [
        ("Out already",),
        ("Out tomorrow",),
    ]


def test_a_date_of_its_own_is_refused_rather_than_frozen_in_the_statement():
    with pytest.raises(ImproperlyConfigured, match="NOW or TODAY"):
        expressions.compiled(_stories_of_a_fixed_day)
