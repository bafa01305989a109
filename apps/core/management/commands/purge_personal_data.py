from django.core.management.base import BaseCommand

from apps.core import emails
from apps.core.moderation import links, services
from apps.core.privacy import personal_data


class Command(BaseCommand):
    help = (
        "Delete what the privacy notice says we do not keep: submissions whose email was "
        "never confirmed (after 30 days), rows past their model's retention period "
        "(enquiries about office space after 12 months, funding-team enquiries after "
        "3 years) and expired sessions. Run daily."
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
        self.stdout.write(f"email links: deleted {links.purge_expired()} expired")
        self.stdout.write(f"email tasks: deleted {emails.finished_tasks_purge()} finished")
