from django.contrib import admin
from django.db.models import Count, Min, Q
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from apps.core.models import PendingChange, Status


class PortalAdminSite(admin.AdminSite):
    site_header = "Newcastle Gateshead Tech: staff"
    site_title = "Newcastle Gateshead Tech staff"
    index_title = "Moderation dashboard"

    def moderation_queue(self):
        """One row per moderated model: what waits for review and for how long."""
        from apps.core.services import moderated_models

        now = timezone.now()
        rows = []
        for model in moderated_models():
            if model not in self._registry:
                continue
            stats = model.objects.aggregate(
                pending=Count("pk", filter=Q(status=Status.PENDING)),
                unconfirmed=Count("pk", filter=Q(status=Status.UNCONFIRMED)),
                oldest=Min("confirmed_at", filter=Q(status=Status.PENDING)),
            )
            opts = model._meta
            try:
                url = reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_changelist")
            except NoReverseMatch:
                continue
            rows.append(
                {
                    "label": opts.verbose_name_plural.capitalize(),
                    "pending": stats["pending"],
                    "unconfirmed": stats["unconfirmed"],
                    "oldest": stats["oldest"],
                    "waiting": now - stats["oldest"] if stats["oldest"] else None,
                    "url": f"{url}?status={Status.PENDING}",
                }
            )
        changes = PendingChange.objects.awaiting_review().aggregate(
            n=Count("pk"), oldest=Min("submitted_at")
        )
        rows.append(
            {
                "label": "Changes to published items",
                "pending": changes["n"],
                "unconfirmed": None,
                "oldest": changes["oldest"],
                "waiting": now - changes["oldest"] if changes["oldest"] else None,
                "url": reverse(f"{self.name}:core_pendingchange_changelist") + "?status=pending",
            }
        )
        return rows

    def get_urls(self):
        from apps.core.privacy_admin import personal_data_view

        return [
            path(
                "personal-data/",
                self.admin_view(lambda request: personal_data_view(request, self)),
                name="personal_data",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "moderation_queue": self.moderation_queue()}
        return super().index(request, extra_context)
