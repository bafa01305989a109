from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.emails import send_templated_email
from apps.core.moderation.models import Status
from apps.core.privacy import personal_data
from apps.core.web import pagecache
from apps.funding.models import Enquiry
from apps.profile.models import Organisation


def _matching_organisation(name, email):
    """The confirmed directory entry with exactly this name whose own contact address sent
    the enquiry, if there is one. Anyone can type a business's name; only its contact
    address links an enquiry to it (staff may link others by hand)."""
    return (
        Organisation.objects.filter(
            name__iexact=" ".join(name.split()),
            contact_email__iexact=email.strip(),
            status__in=[Status.PENDING, Status.PUBLISHED],
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def enquiry_submit(*, values):
    """Store an "ask the funding team" enquiry, tell staff and acknowledge the business.

    A business already in the directory, writing from its own contact address, is
    linked to its record; an unknown one is not
    added to the directory, because an enquiry holds too little to make a profile.
    """
    enquiry = Enquiry(**values)
    enquiry.organisation = _matching_organisation(enquiry.organisation_name, enquiry.contact_email)
    enquiry.full_clean()
    enquiry.save()
    send_templated_email(
        to=settings.STAFF_NOTIFY_EMAIL,
        template="funding_enquiry_staff",
        context={"enquiry": enquiry},
        reply_to=enquiry.contact_email,
    )
    send_templated_email(
        to=enquiry.contact_email,
        template="funding_enquiry_received",
        context={"enquiry": enquiry},
        reply_to=settings.STAFF_NOTIFY_EMAIL,
    )
    return enquiry


# The privacy notice promises this: enquiries hold personal data and are kept 3 years.
ENQUIRY_RETENTION = Enquiry.personal_data_retention[1]


@transaction.atomic
def enquiry_purge_expired(*, now=None):
    """Delete enquiries (and their referrals) older than the retention period. Returns the
    number of enquiries deleted."""
    cutoff = (now or timezone.now()) - ENQUIRY_RETENTION
    expired = Enquiry.objects.filter(submitted_at__lt=cutoff)
    count = expired.count()
    expired.delete()
    # The audit trail's copies of them (and of their referrals) lose the personal fields.
    personal_data.audit_sweep()
    return count


@transaction.atomic
def opportunity_set_status(*, opportunities, status) -> int:
    """Publish or archive opportunities in bulk (the admin's actions). A bulk update sends
    no signal, so this says the public pages changed."""
    done = opportunities.exclude(status=status).update(status=status)
    if done:
        pagecache.content_changed()
    return done
