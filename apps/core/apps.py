from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from apps.core.models import CacheEntry
        from apps.core.moderation.models import EmailLink, PendingChange
        from apps.core.web import pagecache

        # A proposed change is public only once approved, which saves the object itself.
        # Email links are never public.
        pagecache.private_models(PendingChange, CacheEntry, EmailLink)
        from apps.core import checks  # noqa: F401
        from apps.core.security.roles import sync_roles_after_migrate

        # Groups gain the permissions of apps merged after the roles migration ran.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.sync_roles")
        pagecache.connect_signals(core_config=self)
