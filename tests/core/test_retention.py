import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.core.moderation.models import Status
from apps.profile.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_purges_only_old_unconfirmed_submissions():
    old = timezone.now() - timezone.timedelta(days=31)
    stale = factories.OrganisationFactory(status=Status.UNCONFIRMED, submitted_at=old)
    fresh = factories.OrganisationFactory(status=Status.UNCONFIRMED)
    published = factories.OrganisationFactory(submitted_at=old)
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    remaining = set(Organisation.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, published.pk}
    assert stale.pk not in remaining
