"""Form data for the place tests."""

import datetime

from django.utils import timezone


def space_rows(rows, *, total=3):
    """Formset data for `rows` (dicts of field values), padded with blank rows to `total`."""
    data = {
        "spaces-TOTAL_FORMS": str(max(total, len(rows))),
        "spaces-INITIAL_FORMS": "0",
        "spaces-MIN_NUM_FORMS": "1",
        "spaces-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"spaces-{index}-{key}"] = value
    return data


def space_row(**overrides):
    row = {
        "name": "Suite 1",
        "kind": "private_office",
        "desks_min": "4",
        "desks_max": "8",
        "size_sqft": "650",
        "price": "275",
        "price_basis": "desk_month",
        "terms": "licence",
        "min_months": "3",
        "available_from": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    row.update(overrides)
    return row


def building_form_data(area, amenities=(), spaces=None, **overrides):
    data = {
        "name": "Lime Street Works",
        "description": "A warehouse by the Ouseburn.",
        "address": "10 Lime Street, Newcastle upon Tyne",
        "postcode": "ne1 2pq",
        "area": area.pk,
        "latitude": "54.973500",
        "longitude": "-1.595000",
        "amenities": [a.pk for a in amenities],
        "broadband_mbps": "900",
        "epc_rating": "B",
        "step_free": "on",
        "access_notes": "Lift to all floors.",
        "landlord_name": "Ouseburn Lettings",
        "landlord_kind": "sme",
        "landlord_size": "1-9",
        "photo_alt": "",
        "contact_name": "Lee Landlord",
        "contact_email": "lee@lettings.example.com",
        "consent": "on",
        "homepage": "",
    }
    data.update(space_rows(spaces if spaces is not None else [space_row()]))
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
