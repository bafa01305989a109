"""The core app's models: staff users, areas and the shared cache's table.

The moderation models live in apps.core.moderation.models and are imported here, so
Django registers them with this app.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from apps.core.audit import tracked, tracked_links
from apps.core.moderation.models import PendingChange  # noqa: F401 - registered with core
from apps.core.security.invitations import TwoFactorInvitation  # noqa: F401 - registered


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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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
