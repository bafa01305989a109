from django.contrib import admin
from django.db.models import Count

from apps.core.admin import (
    ModerationAdminMixin,
    ModerationStatusFilter,
    PortalImportExportAdmin,
    PortalModelAdmin,
)
from apps.profile.models import Organisation, Sector


@admin.register(Sector)
class SectorAdmin(PortalImportExportAdmin):
    list_display = ["name", "organisation_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("organisations"))

    @admin.display(description="Organisations", ordering="n")
    def organisation_count(self, obj):
        return obj.n


@admin.register(Organisation)
class OrganisationAdmin(ModerationAdminMixin, PortalModelAdmin):
    list_display = [
        "name",
        "status_badge",
        "kind",
        "area",
        "employee_band",
        "hiring_now",
        "submitted_at",
    ]
    list_filter = [ModerationStatusFilter, "kind", "area", "employee_band", "hiring_now", "sectors"]
    list_select_related = ["area"]
    search_fields = ["name", "summary", "contact_email", "companies_house_number", "reference"]
    autocomplete_fields = ["area"]
    filter_horizontal = ["sectors"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    list_per_page = 50
    fieldsets = [
        (
            "Moderation",
            {
                "fields": [
                    "reference",
                    "status",
                    "moderation_note",
                    "submitted_at",
                    "confirmed_at",
                    "reviewed_by",
                    "reviewed_at",
                    "last_confirmed_at",
                ]
            },
        ),
        (
            "Directory entry",
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "summary",
                    "description",
                    "sectors",
                    "area",
                    "employee_band",
                    "stage",
                    "founded_year",
                    "website",
                    "logo",
                    "hiring_now",
                    "hiring_url",
                    "public_email",
                    "companies_house_number",
                ]
            },
        ),
        ("Private contact", {"fields": ["contact_name", "contact_email"]}),
    ]
