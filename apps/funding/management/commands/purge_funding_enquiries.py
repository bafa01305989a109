from django.core.management.base import BaseCommand

from apps.funding.services import enquiry_purge_expired


class Command(BaseCommand):
    help = "Delete funding-team enquiries older than the retention period in the privacy notice."

    def handle(self, *args, **options):
        count = enquiry_purge_expired()
        self.stdout.write(f"Deleted {count} expired funding enquiry(ies).")
