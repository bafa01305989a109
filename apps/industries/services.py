from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.emails import send_templated_email
from apps.core.moderation import services as moderation
from apps.industries.models import PartnerReferral, PartnerRequest


@transaction.atomic
def partner_request_submit(*, values):
    """Store a buyer's "find me a partner" request and email the link that confirms their
    address. Staff see it once it is confirmed; nothing of it is ever public."""
    partner_request = PartnerRequest(**values)
    partner_request.full_clean()
    partner_request.save()
    moderation.submission_received(obj=partner_request)
    return partner_request


@transaction.atomic
def partner_referral_add(*, partner_request, business, note="", referred_on=None, outcome=None):
    """Refer a confirmed request to a published tech business and email the business the
    buyer's request. Refuses a fourth referral, and a request whose sender has not
    confirmed their address or not agreed that we pass their details on."""
    locked = PartnerRequest.objects.select_for_update().get(pk=partner_request.pk)
    if not locked.may_be_referred:
        raise ValidationError(
            "This request cannot be referred: the buyer has not confirmed their address "
            "or not agreed that we pass on their details."
        )
    if locked.referrals.count() >= PartnerRequest.MAX_REFERRALS:
        raise ValidationError(
            f"A request goes to {PartnerRequest.MAX_REFERRALS} businesses at most."
        )
    referral = PartnerReferral(request=locked, referred_to=business, note=note)
    if referred_on is not None:
        referral.referred_on = referred_on
    if outcome:
        referral.outcome = outcome
    referral.full_clean()
    referral.save()
    partner_referral_notify(referral=referral)
    return referral


@transaction.atomic
def partner_referral_notify(*, referral):
    """Email the referred business the buyer's request (once). Sent by the task queue
    when the transaction commits; a refused consent or unconfirmed request sends nothing."""
    locked = PartnerReferral.objects.select_for_update().get(pk=referral.pk)
    partner_request = locked.request
    if locked.notified_at is not None or not partner_request.may_be_referred:
        return False
    business = locked.referred_to
    send_templated_email(
        to=business.contact_email,
        template="partner_referral",
        context={"request": partner_request, "business": business},
        reply_to=partner_request.contact_email,
    )
    locked.notified_at = timezone.now()
    locked.save(update_fields=["notified_at"])
    referral.notified_at = locked.notified_at
    return True
