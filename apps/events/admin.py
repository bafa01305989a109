from django.contrib import admin

from apps.core.admin import ModerationAdminMixin, ModerationStatusFilter
from apps.events.models import Event


@admin.register(Event)
class EventAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organiser", "starts_at", "recurrence", "state", "status_badge"]
    list_filter = [ModerationStatusFilter, "state", "kind", "theme", "is_online", "is_free"]
    list_select_related = ["organiser"]
    search_fields = ["title", "summary", "reference", "contact_email", "organiser__name"]
    autocomplete_fields = ["organiser", "building", "area", "topics"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
