"""The moderation models: the `Moderated` base every publicly submitted model inherits,
its `Status`, and the `PendingChange` that holds a submitter's edit to a published item.

They belong to the core app (apps/core/models.py imports them so Django registers them).
"""

import secrets

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

    # Fields a submitter may change through an emailed link; the rest belong to staff.
    submitter_editable_fields: tuple[str, ...] = ()
    # URL name of the edit view reached from a "manage" link; it takes the reference.
    manage_url_name = ""

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

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
