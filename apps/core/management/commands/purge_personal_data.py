from django.core.management.base import BaseCommand

from apps.core.moderation import services
from apps.core.privacy import personal_data
from apps.core.web.uploads import purge_kept_uploads


class Command(BaseCommand):
    help = (
        "Delete what the privacy notice says we do not keep: submissions whose email was "
        "never confirmed (after 30 days), rows past their model's retention period "
        "(enquiries about office space after 12 months, funding-team enquiries after "
        "3 years), expired sessions and images kept for forms never sent. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.UNCONFIRMED_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        counts = services.unconfirmed_purge(older_than_days=days)
        for label, count in counts.items():
            self.stdout.write(f"{label}: deleted {count} unconfirmed submission(s)")
        for label, count in personal_data.retention_purge().items():
            self.stdout.write(f"{label}: deleted {count} past the retention period")
        self.stdout.write(f"sessions: deleted {personal_data.sessions_purge()} expired")
        self.stdout.write(f"kept uploads: deleted {purge_kept_uploads()} never sent")
