from apps.core.models import Area

AREAS = [
    ("City Centre", "newcastle"),
    ("Ouseburn", "newcastle"),
    ("Quayside", "newcastle"),
    ("Grainger Town", "newcastle"),
    ("Science Central", "newcastle"),
    ("Jesmond", "newcastle"),
    ("Heaton", "newcastle"),
    ("Gosforth", "newcastle"),
    ("Byker", "newcastle"),
    ("Elswick", "newcastle"),
    ("Gateshead Quays", "gateshead"),
    ("Team Valley", "gateshead"),
    ("Gateshead Town Centre", "gateshead"),
    ("Low Fell", "gateshead"),
    ("Metrocentre", "gateshead"),
    ("Birtley", "gateshead"),
]


def load():
    from django.utils.text import slugify

    for name, council in AREAS:
        Area.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "council": council}
        )
    return f"{len(AREAS)} areas"
