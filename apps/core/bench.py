"""Benchmark data: core's areas (the demo's), and what every app's bench.py shares: made-up
text, statuses drawn by share, and many-to-many links made in bulk. The word lists are in
demo/bench.yaml."""

from functools import cache

from apps.core import demodata
from apps.core.models import Area


@cache
def words():
    """The shared word lists: places, topical words, and filler made from syllables."""
    definitions = demodata.bench("core")
    syllables, endings = definitions["syllables"], definitions["endings"]
    filler = [a + b + c for a in syllables for b in syllables for c in endings]
    return {**definitions, "filler": filler}


def place(rng):
    return rng.choice(words()["places"])


def sentence(rng, n):
    """n words, each a topical word one time in twenty-five, otherwise filler."""
    w = words()
    share, topical, filler = w["topical_share"], w["topical"], w["filler"]
    text = (rng.choice(topical) if rng.random() < share else rng.choice(filler) for _ in range(n))
    return " ".join(text).capitalize() + "."


def pick_status(rng, shares):
    """A status drawn by its share, from a mapping such as {published: 0.84, pending: 0.07}."""
    roll, total = rng.random(), 0.0
    for status, share in shares.items():
        total += share
        if roll < total:
            return status
    return next(iter(shares))


def link(relation, pairs, batch_size=5000):
    """Rows of a many-to-many field's through table, made in bulk from (owner pk, target pk)
    pairs, e.g. link(Organisation.sectors, [(org.pk, sector.pk), ...])."""
    field = relation.field
    owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    relation.through.objects.bulk_create(
        [relation.through(**{owner: a, target: b}) for a, b in pairs], batch_size=batch_size
    )


def seed(scale, rng):
    areas = Area.objects.bulk_create(Area(**row) for row in demodata.rows("core.Area"))
    return f"{len(areas)} areas"
