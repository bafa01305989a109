from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "apps.opendata"
    verbose_name = "Open data"

    def ready(self):
        # Registers every dataset; the API, downloads and catalogue read the registry.
        from apps.opendata import datasets  # noqa: F401
