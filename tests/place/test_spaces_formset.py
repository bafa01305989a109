"""The landlord's space-facts formset, sent with a tampered form count."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.place.models import Space
from tests import factories
from tests.helpers import last_link

pytestmark = pytest.mark.django_db

EMAIL = "lee@lettings.example.com"


def test_a_tampered_form_count_creates_no_space_and_no_server_error(
    django_capture_on_commit_callbacks,
):
    building = factories.BuildingFactory(contact_email=EMAIL)
    space = factories.SpaceFactory(building=building, name="Studio", price=250)
    client = Client(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:manage"), {"email": EMAIL})
    client.get(last_link(EMAIL))
    row = {
        "desks_min": "4",
        "desks_max": "8",
        "size_sqft": "600",
        "price_basis": "desk_month",
        "terms": "licence",
        "min_months": "3",
        "available_from": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    data = {"spaces-TOTAL_FORMS": "2", "spaces-INITIAL_FORMS": "1", "spaces-0-id": space.pk}
    data |= {f"spaces-0-{k}": v for k, v in row.items()} | {"spaces-0-price": "199"}
    # A second row the page never offered: edit_only must keep it from becoming a space.
    data |= {f"spaces-1-{k}": v for k, v in row.items()} | {"spaces-1-price": "1"}
    response = client.post(reverse("place:edit_spaces", args=[building.reference]), data)
    assert response.status_code == 302
    assert Space.objects.count() == 1
    space.refresh_from_db()
    assert space.price == 199
