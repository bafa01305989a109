"""Recording staff downloads of data."""

from django.db import transaction

from apps.core.exports.models import DataExport


@transaction.atomic
def data_export_record(*, user, what: str, rows: int, kind: str, with_personal_data: bool):
    """Record a download of data by staff. The row's insert is the audit-trail event."""
    return DataExport.objects.create(
        exported_by=user if user and user.is_authenticated else None,
        kind=kind,
        model=what,
        rows=rows,
        with_personal_data=with_personal_data,
    )
