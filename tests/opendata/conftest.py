import pytest
from django.utils import timezone

from apps.core.models import Status
from tests import factories

UNPUBLISHED = [Status.UNCONFIRMED, Status.PENDING, Status.REJECTED, Status.ARCHIVED]


@pytest.fixture
def open_data(db):
    """Three published organisations and one of every unpublished status, each carrying
    private details that must never be published."""
    ouseburn = factories.AreaFactory(name="Ouseburn")
    quayside = factories.AreaFactory(name="Quayside")
    fintech = factories.SectorFactory(name="Fintech")
    games = factories.SectorFactory(name="Games")
    private = {"contact_name": "Private Person", "moderation_note": "Secret moderation note"}
    make = factories.OrganisationFactory
    now = timezone.now()
    published = [
        make(
            name="Alpha Pay",
            area=quayside,
            sectors=[fintech],
            hiring_now=True,
            kind="startup",
            employee_band="1-9",
            public_email="hello@alpha.example.org",
            contact_email="owner@private.example.com",
            reviewed_at=now,
            **private,
        ),
        make(
            name="Beta Games",
            area=ouseburn,
            sectors=[games],
            employee_band="50-249",
            reviewed_at=now,
            **private,
        ),
        make(
            name="Gamma Ledger",
            area=ouseburn,
            sectors=[fintech, games],
            hiring_now=True,
            contact_email="gamma@private.example.com",
            reviewed_at=now,
            **private,
        ),
    ]
    hidden = [
        make(
            name=f"Hidden {status}",
            slug=f"hidden-{status}",
            area=ouseburn,
            sectors=[fintech],
            status=status,
            hiring_now=True,
            public_email=f"hidden-{status}@example.org",
            contact_email=f"hidden-{status}@private.example.com",
            **private,
        )
        for status in UNPUBLISHED
    ]
    return {
        "published": published,
        "hidden": hidden,
        "areas": [ouseburn, quayside],
        "sectors": [fintech, games],
    }


@pytest.fixture
def throttle_rate(settings):
    """Set the API's anonymous rate, e.g. throttle_rate("3/minute")."""

    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": rate},
        }

    return set_rate
