from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = "People: skills"

    def ready(self):
        from apps.people import signals

        post_migrate.connect(signals.ensure_analyst_group, sender=self)
