"""The core app's models: staff users, areas and the shared cache's table.

The moderation models live in apps.core.moderation.models and are imported here, so
Django registers them with this app.
"""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.db import models

from apps.core.audit import tracked, tracked_links
from apps.core.moderation.models import PendingChange  # noqa: F401 - registered with core


# Logins would fill the trail with noise; password hashes never leave their table.
@tracked(exclude=["last_login"])
class User(AbstractUser):
    """A member of council staff. The public has no accounts."""

    class Meta:
        verbose_name = "staff user"


# Who gave whom which role.
tracked_links(User.groups.through, app_label="core", model_name="UserRoleEvent")


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
