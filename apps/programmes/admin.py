from django.contrib import admin

from apps.core.admin import ModerationAdminMixin, ModerationStatusFilter
from apps.programmes.models import CohortWindow, Programme, ProgrammeChange


class CohortWindowInline(admin.TabularInline):
    model = CohortWindow
    extra = 1
    fields = ["label", "opens_on", "closes_on", "starts_on"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "kind", "cost", "status", "updated_at"]
    list_filter = ["status", "kind", "cost"]
    list_select_related = ["provider"]
    search_fields = ["title", "summary", "provider__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider"]
    filter_horizontal = ["sectors"]
    inlines = [CohortWindowInline]


@admin.register(ProgrammeChange)
class ProgrammeChangeAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "status_badge", "address_check", "submitted_at"]
    list_filter = [ModerationStatusFilter]
    list_select_related = ["programme", "programme__provider"]
    search_fields = ["reference", "contact_email", "programme__title"]
    readonly_fields = ["address_check", "applied_at"]

    @admin.display(description="Sent from the provider's own address")
    def address_check(self, obj):
        if obj.contact_matches_provider:
            return "Yes"
        return "No: check with the provider before approving"
