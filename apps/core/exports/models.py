"""The record of every download of the portal's data by staff (issue 17): who, when,
which model and how many rows. Each row's insert is an audit-trail event as well."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.audit import tracked


@tracked()
class DataExport(models.Model):
    """One download of the portal's data by a member of staff: who, when, which model and
    how many rows. Written by apps.core.services.data_export_record; never edited."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV export from a list"
        SUBJECT_ACCESS = "subject_access", "Personal data of one person (subject access)"

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="data_exports"
    )
    exported_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    model = models.CharField("what", max_length=100)
    rows = models.PositiveIntegerField()
    with_personal_data = models.BooleanField(
        default=False, help_text="Whether the file held any declared personal field."
    )

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self):
        return f"{self.model}: {self.rows} row(s)"
