from django.core.management.base import BaseCommand

from apps.core.security.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Create the staff role groups and give each exactly the permissions in "
        "apps/core/security/roles.py."
    )

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
