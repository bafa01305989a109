from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The admin app, with the portal's own site class (moderation dashboard on the index).
    Kept apart from admin_site.py, which imports models, because INSTALLED_APPS loads it."""

    default_site = "apps.core.admin_site.PortalAdminSite"
