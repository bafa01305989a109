from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "apps.profile"
    label = "profile"
    verbose_name = "Profile"

    def ready(self):
        from apps.profile import signals  # noqa: F401
