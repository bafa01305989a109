import datetime

from django.core.management.base import BaseCommand

from apps.place import services


class Command(BaseCommand):
    help = (
        "Remind landlords before their spaces expire and expire spaces past their date. "
        "Run daily (cron or a scheduler); running twice in a day does no harm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Act as if it were this date (YYYY-MM-DD); for testing and catching up.",
        )

    def handle(self, *args, today=None, **options):
        reminded, expired = services.spaces_expire(today=today)
        self.stdout.write(f"Sent {reminded} reminder(s); expired {expired} space(s).")
