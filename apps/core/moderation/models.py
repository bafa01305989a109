"""The moderation models: the `Moderated` base every publicly submitted model inherits,
its `Status`, and the `PendingChange` that holds a submitter's edit to a published item.

They belong to the core app (apps/core/models.py imports them so Django registers them).
"""

import secrets
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from apps.core.audit import tracked

# Unambiguous characters for reference numbers people may read out over the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference():
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Awaiting email confirmation"
    PENDING = "pending", "In review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    ARCHIVED = "archived", "Archived"


@dataclass(frozen=True)
class StatusWording:
    """What a submitter is told about one state of their submission, on the status page
    and in the emails. Plain text: templates decide the markup."""

    label: str  # the state in a word or two: "Published", "Active", "Matched"
    text: str  # a sentence or two saying what it means for them
    link_text: str = ""  # words for a link to obj.get_absolute_url(); none when blank


# The wording for a submission that becomes a public page. A type whose submissions are
# never shown, or mean something else once accepted, overrides entries in its own
# `status_wording` (keys are Status values, plus any its `status_key()` returns, and
# "changes_approved" for an approved edit).
DEFAULT_STATUS_WORDING = {
    Status.UNCONFIRMED: StatusWording(
        "Awaiting email confirmation",
        "Open the link in the email we sent you to confirm your address. "
        "We cannot review it until you do.",
    ),
    Status.PENDING: StatusWording(
        "In review",
        "Thank you for confirming your email address. Our team is checking what you sent, "
        "usually within two working days. We will email you when it is published.",
    ),
    Status.PUBLISHED: StatusWording(
        "Published", "It is live on the site.", link_text="See it on the site"
    ),
    Status.REJECTED: StatusWording("Not published", "We could not publish it."),
    Status.ARCHIVED: StatusWording("Archived", "It is no longer shown on the site."),
    "changes_approved": StatusWording(
        "Changes approved", "They are now live on the site.", link_text="See it on the site"
    ),
}


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        """Rows the public may see. Every public view, feed and download starts here."""
        return self.filter(status=Status.PUBLISHED)

    def awaiting_review(self):
        """Confirmed submissions in the moderation queue, oldest first."""
        return self.filter(status=Status.PENDING).order_by("submitted_at")

    def for_email(self, email):
        return self.filter(contact_email__iexact=email.strip())


class Moderated(models.Model):
    """The one moderation mechanism: every publicly submitted model inherits these fields.

    Status changes go through apps.core.moderation.services, never by assigning `status`
    directly.
    """

    status = models.CharField(
        max_length=20, choices=Status, default=Status.UNCONFIRMED, db_index=True
    )
    reference = models.CharField(
        max_length=12,
        unique=True,
        default=new_reference,
        editable=False,
        help_text="Reference number given to the submitter.",
    )
    contact_name = models.CharField("contact name", max_length=120, blank=True)
    contact_email = models.EmailField(
        "contact email", help_text="Private: never shown on the public site."
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(
        "reason",
        blank=True,
        help_text="Shown to the submitter when a submission is rejected.",
    )
    last_confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the submitter last confirmed these details are current.",
    )

    objects = ModeratedQuerySet.as_manager()

    # Personal data (apps.core.privacy): purged, scrubbed from the audit trail, hidden from
    # staff whose role does not need it and left out of their exports. Subclasses add theirs.
    personal_fields: tuple[str, ...] = ("contact_name", "contact_email")

    # Fields a submitter may change through an emailed link; the rest belong to staff.
    submitter_editable_fields: tuple[str, ...] = ()
    # URL name of the edit view reached from a "manage" link; it takes the reference.
    manage_url_name = ""
    # The states in which the submitter may withdraw the item from its status page
    # (services.submitter_withdraw). A proposal that becomes something else once
    # published (a programme change, a progress update) narrows this to PENDING.
    withdrawable_statuses: tuple[str, ...] = (Status.PENDING, Status.PUBLISHED)
    # The states in which its edit page (manage_url_name) takes changes. A proposal that
    # becomes something else once published narrows this to PENDING and REJECTED: a
    # rejected one, changed, goes back into the queue (services.submitter_edit).
    editable_statuses: tuple[str, ...] = (
        Status.UNCONFIRMED,
        Status.PENDING,
        Status.PUBLISHED,
        Status.REJECTED,
    )
    # What the submitter is told about each state: entries here replace those of
    # DEFAULT_STATUS_WORDING (see StatusWording). Staff screens keep the plain Status.
    status_wording: ClassVar[dict[str, StatusWording]] = {}

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def status_key(self):
        """The state the submitter is told about: the status, or a finer state a type
        defines (a space need that has been matched, say)."""
        return self.status

    @classmethod
    def wording_for(cls, key):
        return cls.status_wording.get(key) or DEFAULT_STATUS_WORDING[key]

    @property
    def submitter_status(self):
        """This item's StatusWording now, for the status page and emails."""
        key = self.status_key()
        return self.status_wording.get(key) or DEFAULT_STATUS_WORDING[self.status]

    def submitter_can_withdraw(self):
        return self.status in self.withdrawable_statuses

    def submitter_can_edit(self):
        return bool(self.manage_url_name) and self.status in self.editable_statuses

    def submitter_actions(self):
        """What else the submitter may do from the item's status page, as (label, URL)
        pairs for pages of the item's own app (an event's "cancelled" notice, say)."""
        return []

    def approval_refusal(self):
        """Why this item may not be published as it stands, or None. Approving refuses
        with this reason (apps.core.moderation.services.submission_approve)."""
        return None


class PendingChangeQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status=PendingChange.Status.PENDING).order_by("submitted_at")

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


@tracked()
class PendingChange(models.Model):
    """A submitter's edit to a published item, held until staff approve it.

    `data` holds the proposed values of the submitter-editable fields in the
    serialised form produced by apps.core.moderation.snapshots.snapshot(); `base` the
    live values of the same fields when the change was sent. Approving applies only the
    fields where the two differ, and refuses if staff changed one of those since.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Replaced by a later change"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField()
    # Empty for changes sent before it was kept: those apply every field that differs.
    base = models.JSONField(
        default=dict, blank=True, help_text="The live values when the change was sent."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField("reason", blank=True)

    objects = PendingChangeQuerySet.as_manager()

    # The proposed and the base values may include the submitter's name and addresses.
    personal_fields = ("data", "base")

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]
        constraints = [
            # At most one change per item waits for review; a newer edit supersedes it.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="pending"),
                name="one_pending_change_per_object",
            ),
        ]

    def __str__(self):
        return f"Change to {self.content_type.name} #{self.object_id}"


class EmailLink(models.Model):
    """One link sent by email (apps.core.moderation.links). The token itself is never
    stored: only its SHA-256, so a copy of the table opens nothing. The address it was
    sent to is kept as a keyed hash, so the link stops working if the address changes."""

    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    email_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    # Not audited: an audit copy would outlive the purge of expired links, and the
    # actions a link takes (confirming, editing) are audited on the item itself.
    audited = False

    class Meta:
        verbose_name = "email link"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.purpose} link, {self.created_at:%Y-%m-%d %H:%M}"
