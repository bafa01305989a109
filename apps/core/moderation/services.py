"""The one moderation mechanism, shared by every publicly submitted model.

Views, admin actions and management commands call these; nothing else assigns
`status` on a moderated model.
"""

from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.tasks import task
from django.utils import timezone

from apps.core.emails import send_templated_email
from apps.core.moderation import links, signals, snapshots
from apps.core.moderation.models import Moderated, PendingChange, Status


def kind_of(obj):
    """What emails call the item: its `submission_kind` if it says (an organisation is a
    "directory entry" or a "landlord profile"), else its model's name."""
    return getattr(obj, "submission_kind", None) or obj._meta.verbose_name


def _public_url(obj):
    """The item's public page, for models that have one."""
    if hasattr(obj, "get_absolute_url"):
        return settings.SITE_URL + obj.get_absolute_url()
    return None


@transaction.atomic
def submission_received(*, obj):
    """Email the submitter the link that confirms their address."""
    send_templated_email(
        to=obj.contact_email,
        template="confirm_submission",
        context={
            "obj": obj,
            "kind": kind_of(obj),
            "confirm_url": links.make_url(purpose="confirm", obj=obj),
            "link_days": settings.LINK_MAX_AGE["confirm"] // 86400,
        },
    )


@transaction.atomic
def submission_confirm(*, obj):
    """Move an unconfirmed submission into the moderation queue. Returns True if it moved."""
    if obj.status != Status.UNCONFIRMED:
        return False
    now = timezone.now()
    obj.status = Status.PENDING
    obj.confirmed_at = now
    obj.last_confirmed_at = now
    obj.save(update_fields=["status", "confirmed_at", "last_confirmed_at"])
    send_templated_email(
        to=settings.STAFF_NOTIFY_EMAIL,
        template="staff_new_submission",
        context={"obj": obj, "kind": kind_of(obj)},
    )
    signals.submission_confirmed.send(sender=type(obj), instance=obj)
    return True


@transaction.atomic
def submission_reconfirm(*, obj):
    """Record that the submitter says a published item is still current. Returns True if so."""
    if obj.status != Status.PUBLISHED:
        return False
    obj.last_confirmed_at = timezone.now()
    obj.save(update_fields=["last_confirmed_at"])
    signals.submission_reconfirmed.send(sender=type(obj), instance=obj)
    return True


def _required_reason(reason):
    """The reason a submitter will read, trimmed; a blank one is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason: the submitter will see it.")
    return reason


def _review(obj, *, status, by, note):
    obj.status = status
    obj.reviewed_by = by
    obj.reviewed_at = timezone.now()
    obj.moderation_note = note
    obj.save(update_fields=["status", "reviewed_by", "reviewed_at", "moderation_note"])


@transaction.atomic
def submission_approve(*, obj, by):
    """Publish a submission, record who did it and tell the submitter.

    Raises ValidationError when the item says it may not be published
    (Moderated.approval_refusal)."""
    if obj.status == Status.PUBLISHED:
        return False
    refusal = obj.approval_refusal()
    if refusal:
        raise ValidationError(refusal)
    _review(obj, status=Status.PUBLISHED, by=by, note="")
    signals.submission_published.send(sender=type(obj), instance=obj)
    send_templated_email(
        to=obj.contact_email,
        template="submission_published",
        context={
            "obj": obj,
            "kind": kind_of(obj),
            "wording": obj.wording_for(Status.PUBLISHED),
            "public_url": _public_url(obj),
            "manage_url": settings.SITE_URL + "/manage/",
        },
    )
    return True


@transaction.atomic
def submission_reject(*, obj, by, reason):
    """Reject a submission with a reason the submitter will see."""
    reason = _required_reason(reason)
    if obj.status == Status.REJECTED and obj.moderation_note == reason:
        return False
    _review(obj, status=Status.REJECTED, by=by, note=reason)
    send_templated_email(
        to=obj.contact_email,
        template="submission_rejected",
        context={
            "obj": obj,
            "kind": kind_of(obj),
            "wording": obj.wording_for(Status.REJECTED),
            "reason": reason,
            "status_url": links.make_url(purpose="status", obj=obj),
        },
    )
    return True


@transaction.atomic
def submission_archive(*, obj, by=None, note=""):
    """Withdraw an item from the public site, keeping its history."""
    if obj.status == Status.ARCHIVED:
        return False
    _review(obj, status=Status.ARCHIVED, by=by, note=note)
    return True


WITHDRAWN_NOTE = "Withdrawn by the person who sent it."


@transaction.atomic
def submitter_withdraw(*, obj):
    """The submitter withdraws what they sent, from its status page: archived as staff
    archive an item (a published one leaves the site when this commits), and any change
    of theirs still waiting for review is set aside with it. False when the item may not
    be withdrawn in its state (Moderated.withdrawable_statuses)."""
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if not obj.submitter_can_withdraw():
        return False
    _review(obj, status=Status.ARCHIVED, by=None, note=WITHDRAWN_NOTE)
    for change in PendingChange.objects.for_object(obj).filter(status=PendingChange.Status.PENDING):
        change.status = PendingChange.Status.SUPERSEDED
        change.save(update_fields=["status"])
    return True


@transaction.atomic
def submitter_edit(*, obj, values):
    """Apply a submitter's edit made through a manage link.

    A published item keeps its live version: the edit becomes a PendingChange that
    supersedes any earlier one. An item not yet published is updated in place and,
    if it had been rejected, goes back into the queue.
    """
    # Reload and lock the row: a bound ModelForm has already written the new values onto
    # the caller's instance, which would make the diff below compare them with themselves.
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    data = snapshots.serialise_values(obj, values)
    if obj.status == Status.PUBLISHED:
        if not snapshots.diff(obj, data):
            return None
        PendingChange.objects.for_object(obj).filter(status=PendingChange.Status.PENDING).update(
            status=PendingChange.Status.SUPERSEDED
        )
        change = PendingChange.objects.create(
            target=obj, data=data, base=snapshots.snapshot(obj, list(data))
        )
        send_templated_email(
            to=settings.STAFF_NOTIFY_EMAIL,
            template="staff_new_change",
            context={"obj": obj, "kind": kind_of(obj)},
        )
        return change
    snapshots.apply_snapshot(obj, data)
    if obj.status == Status.REJECTED:
        obj.status = Status.PENDING
        obj.moderation_note = ""
        obj.save(update_fields=["status", "moderation_note"])
    return None


def change_conflicts(*, change):
    """Labels of the fields this change would set that staff have edited since it was
    sent; approving it then would undo their edit."""
    target = change.target
    if target is None:
        return []
    return snapshots.changed_since(
        target, snapshots.proposed(change.data, change.base), change.base
    )


@transaction.atomic
def change_approve(*, change, by):
    """Apply the fields a pending change changes to the live item, and only those.

    Refuses, with a ValidationError naming them, when staff have changed any of those
    fields since the change was sent: approving would silently undo their edit."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PendingChange.Status.PENDING:
        return False
    target = change.target
    obj = type(target)._default_manager.select_for_update().get(pk=target.pk)
    proposed = snapshots.proposed(change.data, change.base)
    clashes = snapshots.changed_since(obj, proposed, change.base)
    if clashes:
        raise ValidationError(
            "Not approved: %(fields)s changed after the submitter sent this change, so "
            "approving it would undo that edit. Reject it with a reason, or make the "
            "change by hand on the item.",
            code="changed_since",
            params={"fields": ", ".join(clashes)},
        )
    snapshots.apply_snapshot(obj, proposed)
    obj.last_confirmed_at = timezone.now()
    obj.save(update_fields=["last_confirmed_at"])
    change.status = PendingChange.Status.APPROVED
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    send_templated_email(
        to=obj.contact_email,
        template="change_approved",
        context={
            "obj": obj,
            "kind": kind_of(obj),
            "wording": obj.wording_for("changes_approved"),
            "public_url": _public_url(obj),
        },
    )
    return True


@transaction.atomic
def change_reject(*, change, by, reason):
    reason = _required_reason(reason)
    if change.status != PendingChange.Status.PENDING:
        return False
    change.status = PendingChange.Status.REJECTED
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.moderation_note = reason
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "moderation_note"])
    obj = change.target
    send_templated_email(
        to=obj.contact_email,
        template="change_rejected",
        context={"obj": obj, "kind": kind_of(obj), "reason": reason},
    )
    return True


@transaction.atomic
def submission_vouch_request(*, obj, to, organisation):
    """Ask an organisation's own contact address (`to`) whether the submitter of `obj`,
    sent from another address, may act for it. The email holds no text the submitter
    typed beyond their validated address."""
    send_templated_email(
        to=to,
        template="vouch_request",
        context={
            "obj": obj,
            "kind": kind_of(obj),
            "organisation": organisation,
            "vouch_url": links.make_url(purpose="vouch", obj=obj),
            "link_days": settings.LINK_MAX_AGE["vouch"] // 86400,
        },
    )


@transaction.atomic
def submission_vouch(*, obj):
    """The organisation's contact opened the link: announce it for the app to record."""
    signals.submission_vouched.send(sender=type(obj), instance=obj)
    return True


UNCONFIRMED_RETENTION_DAYS = 30


def moderated_models():
    return [model for model in apps.get_models() if issubclass(model, Moderated)]


@transaction.atomic
def unconfirmed_purge(*, older_than_days=UNCONFIRMED_RETENTION_DAYS, now=None):
    """Delete submissions never confirmed within the retention period, per model."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=older_than_days)
    counts = {}
    # Several passes, because an unconfirmed item may be protected by another unconfirmed
    # item that points to it (a survey response from a new organisation, say).
    for _ in range(3):
        for model in moderated_models():
            for obj in model.objects.filter(status=Status.UNCONFIRMED, submitted_at__lt=cutoff):
                try:
                    with transaction.atomic():
                        obj.delete()
                except ProtectedError:
                    continue
                counts[model._meta.label] = counts.get(model._meta.label, 0) + 1
    return counts


def manageable_models():
    """Every moderated model a submitter can update through /manage/."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Moderated) and model.manage_url_name
    ]


@transaction.atomic
def manage_links_send(*, email):
    """Email one fresh link per item held for this address: a confirmation link for an
    item whose address was never confirmed (its first email may have been lost), a
    manage link for the rest, which opens the item's edit page or, when it may no longer
    be changed (an approved proposal), its status page. Silent when there are none, so
    the form cannot be used to learn who has submitted."""
    items = []
    for model in moderated_models():
        for obj in model.objects.for_email(email).exclude(status=Status.ARCHIVED):
            purpose = "confirm" if obj.status == Status.UNCONFIRMED else "manage"
            items.append(
                {
                    "obj": obj,
                    "kind": kind_of(obj),
                    "confirm": purpose == "confirm",
                    "url": links.make_url(purpose=purpose, obj=obj),
                }
            )
    if items:
        # Reply to the address we hold, not to the spelling just typed.
        send_templated_email(
            to=items[0]["obj"].contact_email,
            template="manage_links",
            context={
                "items": items,
                "link_hours": settings.LINK_MAX_AGE["manage"] // 3600,
                "confirm_days": settings.LINK_MAX_AGE["confirm"] // 86400,
            },
        )
    return len(items)


@task
def manage_links_task(*, email):
    """The work behind /manage/, done by the task worker."""
    manage_links_send(email=email)


@transaction.atomic
def manage_links_request(*, email):
    """Queue manage_links_send for an address typed into /manage/. The request does the
    same work whether or not the address is known (one queued task), so its timing
    tells nothing (issue 17, finding 8)."""
    transaction.on_commit(partial(manage_links_task.enqueue, email=email))
