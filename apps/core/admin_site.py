from functools import update_wrapper

from django.contrib import admin
from django.db.models import Count, Min, Q
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from apps.core.moderation.models import PendingChange, Status
from apps.core.security import two_factor
from apps.core.security.roles import PORTAL_APPS

# Themes first, in the strategy's order; apps not installed yet are simply absent.
THEME_ORDER = [
    "people",
    "place",
    "profile",
    "funding",
    "strategy",
    "events",
    "programmes",
    "opendata",
    "core",
]
# Accounts, roles, devices and lockouts from several apps, shown as one section.
STAFF_APPS = {"auth", "axes", "otp_static", "otp_totp"}
STAFF_MODELS = {("core", "User"), ("core", "TwoFactorInvitation")}
APP_NAMES = {"django_tasks_database": "Background tasks", "pghistory": "Audit trail"}
MODEL_NAMES = {("pghistory", "MiddlewareEvents"): "Audit log"}


def with_portal_features(admin_class):
    """admin_class with personal-data visibility by role, the audit History page and CSV
    export mixed in, if it lacks them."""
    from apps.core.admin import AuditHistoryMixin, CsvExportMixin, PersonalDataAdminMixin

    missing = tuple(
        m
        for m in (PersonalDataAdminMixin, AuditHistoryMixin, CsvExportMixin)
        if not issubclass(admin_class, m)
    )
    if not missing:
        return admin_class
    return type(
        admin_class.__name__, (*missing, admin_class), {"__module__": admin_class.__module__}
    )


class PortalAdminSite(admin.AdminSite):
    site_header = "Newcastle Gateshead Tech: staff"
    site_title = "Newcastle Gateshead Tech staff"
    index_title = "Moderation dashboard"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every ModelAdmin of the portal's own apps gets personal-data visibility by role,
        the audit-trail History page and CSV export, whether or not it was written with
        them in mind."""
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            cls = admin_class or admin.ModelAdmin
            if model._meta.app_label in PORTAL_APPS:
                cls = with_portal_features(cls)
            super().register(model, cls, **options)

    def get_app_list(self, request, app_label=None):
        """Group the index and sidebar by theme, then site, then staff and security."""
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        staff, themes = [], []
        for app in app_list:
            if app["app_label"] in STAFF_APPS:
                staff.extend(app["models"])
                continue
            moved = [
                m for m in app["models"] if (app["app_label"], m["object_name"]) in STAFF_MODELS
            ]
            staff.extend(moved)
            app["models"] = [m for m in app["models"] if m not in moved]
            app["name"] = APP_NAMES.get(app["app_label"], app["name"])
            for m in app["models"]:
                m["name"] = MODEL_NAMES.get((app["app_label"], m["object_name"]), m["name"])
            if app["models"]:
                themes.append(app)
        themes.sort(
            key=lambda a: (
                THEME_ORDER.index(a["app_label"]) if a["app_label"] in THEME_ORDER else 99,
                a["name"],
            )
        )
        if staff:
            staff.sort(key=lambda m: m["name"])
            themes.append(
                {
                    "name": "Staff and security",
                    "app_label": "staff",
                    "app_url": next(
                        (m["admin_url"] for m in staff if m["object_name"] == "User"),
                        staff[0]["admin_url"] or "",
                    ),
                    "has_module_perms": True,
                    "models": staff,
                }
            )
        return themes

    def admin_view(self, view, cacheable=False):
        """Every admin page, besides login and logout, needs a second factor first when
        STAFF_2FA_REQUIRED is on (it is whenever DEBUG is off)."""
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if two_factor.is_required(request):
                url = reverse("admin:two_factor_verify", current_app=self.name)
                return redirect(f"{url}?next={request.get_full_path()}")
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def get_urls(self):
        def bind(view):
            # These pages show secrets (the key, backup codes): never let them be cached.
            @never_cache
            def bound(request, **kwargs):
                return view(request, self, **kwargs)

            return update_wrapper(bound, view)

        from apps.core.privacy.admin_views import personal_data_view

        return [
            path(
                "personal-data/",
                self.admin_view(lambda request: personal_data_view(request, self)),
                name="personal_data",
            ),
            path("two-factor/", bind(two_factor.verify), name="two_factor_verify"),
            path("two-factor/setup/", bind(two_factor.setup), name="two_factor_setup"),
            path(
                "two-factor/enrol/<str:token>/",
                bind(two_factor.enrol),
                name="two_factor_enrol",
            ),
            path(
                "two-factor/backup-codes/",
                bind(two_factor.backup_codes),
                name="two_factor_backup_codes",
            ),
            *super().get_urls(),
        ]

    def moderation_queue(self):
        """One row per moderated model: what waits for review and for how long, and the
        oldest item that waits, whatever its kind."""
        from apps.core.moderation.services import moderated_models

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
                    "model": model,
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
                "model": PendingChange,
            }
        )
        return rows

    def oldest_waiting(self, queue):
        """The single item that has waited longest for review, with a link to it."""
        row = min((r for r in queue if r["oldest"]), key=lambda r: r["oldest"], default=None)
        if row is None:
            return None
        model = row["model"]
        if model is PendingChange:
            item = PendingChange.objects.awaiting_review().select_related("content_type").first()
        else:
            item = model.objects.filter(status=Status.PENDING).order_by("confirmed_at").first()
        if item is None:
            return None
        opts = model._meta
        return {
            "item": item,
            "kind": opts.verbose_name,
            "since": row["oldest"],
            "url": reverse(
                f"{self.name}:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
            ),
        }

    def attention_rows(self, request):
        """Rows other apps add to the dashboard: any registered ModelAdmin may define
        `dashboard_rows(request)` returning dicts with `label`, `count`, `url` and an
        optional `note` (listings about to expire, new enquiries, ...)."""
        rows = []
        for model_admin in self._registry.values():
            hook = getattr(model_admin, "dashboard_rows", None)
            if hook is not None and model_admin.has_view_or_change_permission(request):
                rows.extend(hook(request))
        return rows

    def staff_pages(self, request):
        """Pages besides the lists that this user may open: each ModelAdmin may define
        `staff_pages(request)` returning dicts with `label`, `url` and an optional `note`,
        for the pages it adds (reports, say), checking the user's permission itself. The
        site's own pages come last."""
        pages = []
        for model_admin in self._registry.values():
            hook = getattr(model_admin, "staff_pages", None)
            if hook is not None:
                pages.extend(hook(request))
        pages.sort(key=lambda page: page["label"])
        if request.user.is_superuser:
            pages.append(
                {
                    "label": "Personal data: export or erase",
                    "url": reverse(f"{self.name}:personal_data"),
                    "note": "everything held about one email address",
                }
            )
        pages.append(
            {
                "label": "Your two-factor sign-in",
                "url": reverse(f"{self.name}:two_factor_setup"),
                "note": "set up an authenticator app",
            }
        )
        return pages

    def index(self, request, extra_context=None):
        queue = self.moderation_queue()
        extra_context = {
            **(extra_context or {}),
            "moderation_queue": queue,
            "oldest_waiting": self.oldest_waiting(queue),
            "attention_rows": self.attention_rows(request),
            "staff_pages": self.staff_pages(request),
        }
        return super().index(request, extra_context)
