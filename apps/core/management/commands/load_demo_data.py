from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.core import demodata

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "tyne-bridge-demo"  # noqa: S105 - printed for local development only
# One demo login per staff role, to try what each can and cannot do.
DEMO_ROLE_USERS = {
    "demo-moderator": "Moderator",
    "demo-editor": "Content editor",
    "demo-analyst": "Data analyst",
    "demo-funding": "Funding team",
}


def _set_demo_password(user):
    # Only when it differs: a new hash each run would be a "password changed" audit event.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = (
        "Load realistic Newcastle and Gateshead demo data. Safe to run again: it updates "
        "rather than duplicates. Each app's data is in its demo/ folder (see apps.core.demodata)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even when DEBUG is off."
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo data with DEBUG off; pass --allow-production if you mean it."
            )
        with transaction.atomic():
            for app, summary in demodata.load().items():
                self.stdout.write(f"  {app}: {summary}")
            self._demo_user()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Staff login at /admin/: {DEMO_USERNAME} / {DEMO_PASSWORD}"
            )
        )
        self.stdout.write(
            f"  Role logins, same password: {', '.join(DEMO_ROLE_USERS)} "
            "(moderator, content editor, data analyst, funding team)"
        )

    def _demo_user(self):
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "email": "demo.staff@example.org",
                "first_name": "Demo",
                "last_name": "Moderator",
            },
        )
        user.is_staff = True
        user.is_superuser = True
        _set_demo_password(user)
        user.save()
        self._role_users()

    def _role_users(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from apps.core.security.roles import sync_roles

        sync_roles()
        for username, role in DEMO_ROLE_USERS.items():
            user, _ = get_user_model().objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": role},
            )
            user.is_staff = True
            _set_demo_password(user)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
