"""The core app's models: staff users, areas and the shared cache's table.

The moderation models live in apps.core.moderation.models, and the record of staff's data
exports in apps.core.exports.models; both are imported here, so Django registers them
with this app.
"""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.audit import password_changes, tracked, tracked_elsewhere, tracked_links
from apps.core.exports.models import DataExport  # noqa: F401 - registered with core
from apps.core.moderation.models import EmailLink, PendingChange  # noqa: F401 - registered with core
from apps.core.security.invitations import TwoFactorInvitation  # noqa: F401 - registered


# Logins would fill the trail with noise; password hashes never leave their table, but a
# change of password is recorded (who changed it, when) as a "password_change" event.
@tracked(exclude=["last_login"], also=[password_changes()])
class User(AbstractUser):
    """A member of council staff. The public has no accounts."""

    class Meta:
        verbose_name = "staff user"


# Who gave whom which role, and which permissions a user or a role holds.
tracked_links(User.groups.through, app_label="core", model_name="UserRoleEvent")
tracked_links(User.user_permissions.through, app_label="core", model_name="UserPermissionEvent")
tracked_links(Group.permissions.through, app_label="core", model_name="GroupPermissionEvent")
# Roles themselves (created, renamed, deleted).
tracked_elsewhere(Group, model_name="GroupEvent")

# Staff's second-factor devices: added, confirmed, renamed or removed. The secret keys and
# tokens are never copied, nor the counters every sign-in changes.
_DEVICE_NOISE = ["throttling_failure_timestamp", "throttling_failure_count", "last_used_at"]
tracked_elsewhere(
    TOTPDevice, exclude=["key", "drift", "last_t", *_DEVICE_NOISE], model_name="TOTPDeviceEvent"
)
tracked_elsewhere(StaticDevice, exclude=_DEVICE_NOISE, model_name="StaticDeviceEvent")
tracked_elsewhere(StaticToken, exclude=["token"], model_name="StaticTokenEvent")


@tracked()
class Area(models.Model):
    """A neighbourhood or district of Newcastle or Gateshead used to place things on the map."""

    class Council(models.TextChoices):
        NEWCASTLE = "newcastle", "Newcastle"
        GATESHEAD = "gateshead", "Gateshead"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    council = models.CharField(max_length=20, choices=Council.choices)
    # Where a listing goes on the map when its postcode cannot be looked up.
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    # The middle of Newcastle (Grey's Monument), for an area without a centre of its own.
    REGION_CENTRE = (Decimal("54.973900"), Decimal("-1.613200"))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def centre(self):
        """(latitude, longitude) of the area's centre, or of the region if it has none."""
        if self.latitude is None or self.longitude is None:
            return self.REGION_CENTRE
        return (self.latitude, self.longitude)


class CacheEntry(models.Model):
    """A row of the shared cache (Django's database cache backend, the default CACHES).

    A model, so that `migrate` makes the table with no extra step and the schema can be
    read from the models; the cache backend reads and writes it with its own SQL."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    # Not audited: pages and counters, no one's data.
    audited = False

    class Meta:
        db_table = "portal_cache"
        verbose_name_plural = "cache entries"

    def __str__(self):
        return self.cache_key
