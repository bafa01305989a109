"""Benchmark data for core: the areas (the same ones as the demo)."""

from django.utils.text import slugify

from apps.core.demo import AREAS
from apps.core.models import Area


def seed(scale, rng):
    Area.objects.bulk_create(
        [Area(name=name, slug=slugify(name), council=council) for name, council in AREAS]
    )
    return f"{len(AREAS)} areas"
