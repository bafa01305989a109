"""Staff two-factor set-up invitations (a model of the core app, imported by
apps.core.models so that Django registers it there)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.audit import tracked


class TwoFactorInvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at=None, expires_at__gt=timezone.now())


# Who invited whom, and when it was used; the token's hash stays out of the trail.
@tracked(exclude=["token_hash"])
class TwoFactorInvitation(models.Model):
    """A one-time, expiring invitation for a staff member to set up their first
    authenticator app (apps.core.security.two_factor). An administrator issues it; the
    link carries a random token, of which only the SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = TwoFactorInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "two-factor invitation"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Two-factor invitation for {self.user}"
