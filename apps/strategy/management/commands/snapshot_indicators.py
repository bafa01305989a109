from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.core.audit import acting_as
from apps.strategy import services


class Command(BaseCommand):
    help = (
        "Measure the strategy's computed indicators from the portal's own data and keep "
        "today's values. Run daily; running it twice in a day keeps one value per day."
    )

    def handle(self, *args, **options):
        with acting_as(None, command="snapshot_indicators"):
            measured = services.indicators_snapshot(today=timezone.localdate())
        self.stdout.write(f"Measured {measured} indicator(s).")
