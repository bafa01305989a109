from django.core.management.base import BaseCommand

from apps.core import emails
from apps.core.moderation import links, services
from apps.core.privacy import personal_data
from apps.core.web.uploads import purge_kept_uploads


class Command(BaseCommand):
    help = (
        "Delete what the privacy notice says we do not keep: submissions whose email was "
        "never confirmed (after 30 days), rows past their model's retention period "
        "(enquiries about office space after 12 months, funding-team enquiries after "
        "3 years), the contact details of entries withdrawn or rejected over 12 months ago, "
        "the same personal data in the audit trail's copies, expired sessions, expired email "
        "links, finished email tasks and images kept for forms never sent. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.UNCONFIRMED_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        result = personal_data.purge(unconfirmed_days=days)
        for label, count in result["unconfirmed"].items():
            self.stdout.write(f"{label}: deleted {count} unconfirmed submission(s)")
        for label, count in result["retention"].items():
            self.stdout.write(f"{label}: deleted {count} past the retention period")
        for label, count in result["closed"].items():
            self.stdout.write(
                f"{label}: removed the contact details of {count} withdrawn or rejected entry(ies)"
            )
        for label, count in result["audit_scrubbed"].items():
            self.stdout.write(f"{label}: scrubbed personal data from {count} audit record(s)")
        self.stdout.write(f"sessions: deleted {result['sessions']} expired")
        self.stdout.write(f"email links: deleted {links.purge_expired()} expired")
        self.stdout.write(f"email tasks: deleted {emails.finished_tasks_purge()} finished")
        self.stdout.write(f"kept uploads: deleted {purge_kept_uploads()} never sent")
