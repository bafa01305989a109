from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.core import services


class Command(BaseCommand):
    help = (
        "Delete what the privacy notice says we do not keep: submissions whose email was "
        "never confirmed (after 30 days) and expired sessions. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.UNCONFIRMED_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        counts = services.unconfirmed_purge(older_than_days=days)
        for label, count in counts.items():
            self.stdout.write(f"{label}: deleted {count} unconfirmed submission(s)")
        deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"sessions: deleted {deleted} expired")
