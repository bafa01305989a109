from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from apps.core import pagecache

        pagecache.connect_signals()
