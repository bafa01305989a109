"""Print a one-time link for a staff member to set up their authenticator app: for the
first administrator after `createsuperuser`, or whenever the admin is out of reach.
Administrators otherwise issue invitations in the admin (Two-factor invitations)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.audit import acting_as
from apps.core.security.two_factor import invitation_issue


class Command(BaseCommand):
    help = "Issue a one-time, expiring invitation to set up two-factor authentication."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not user.is_staff:
            raise CommandError(f"No active staff user called {username!r}.")
        with acting_as(None, command="invite_staff"):
            invitation, url = invitation_issue(user=user)
        self.stdout.write(
            f"Send this link to {username}; it works once, until "
            f"{invitation.expires_at:%Y-%m-%d %H:%M %Z}:\n{url}"
        )
