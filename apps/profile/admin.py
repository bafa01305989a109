from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.core.admin import (
    ModerationAdminMixin,
    ModerationStatusFilter,
    PortalImportExportAdmin,
    PortalModelAdmin,
    asks_first,
)
from apps.profile import services
from apps.profile.models import (
    BrandAsset,
    KeyFact,
    KeyMessage,
    Organisation,
    OrganisationIndustry,
    Sector,
    Story,
)


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


class OrganisationIndustryInline(admin.StackedInline):
    model = OrganisationIndustry
    extra = 0
    fields = ["industry", "case"]


@admin.register(Organisation)
class OrganisationAdmin(ModerationAdminMixin, PortalModelAdmin):
    list_display = [
        "name",
        "status_badge",
        "role",
        "kind",
        "area",
        "employee_band",
        "hiring_now",
        "submitted_at",
    ]
    list_filter = [
        ModerationStatusFilter,
        "role",
        "kind",
        "area",
        "employee_band",
        "hiring_now",
        "sectors",
    ]
    list_select_related = ["area"]
    search_fields = ["name", "summary", "contact_email", "companies_house_number", "reference"]
    autocomplete_fields = ["area"]
    # No filter_horizontal for sectors: Django's SelectFilter2 widget puts an aria-label on
    # a span without a role (axe: aria-prohibited-attr). A plain multiple select is fine.
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["same_name"]
    inlines = [OrganisationIndustryInline]
    fieldsets = [
        (
            "Moderation",
            {
                "fields": [
                    "same_name",
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
                    "role",
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

    @admin.display(description="Other entries with this name")
    def same_name(self, obj):
        # A name is no longer held until it is published, so two submitters may claim
        # one; a listing from another address gets its own landlord of the same name.
        if obj is None or obj.pk is None:
            return "–"
        others = (
            Organisation.objects.filter(name__iexact=obj.name)
            .exclude(pk=obj.pk)
            .only("name", "status", "contact_email")
            .order_by("pk")
        )
        if not others:
            return "None."
        rows = [
            {
                "other": other,
                "url": reverse("admin:profile_organisation_change", args=[other.pk]),
                "same_contact": other.contact_email.lower() == obj.contact_email.lower(),
            }
            for other in others
        ]
        return render_to_string("admin/profile/same_name.html", {"rows": rows})


class StoryLiveFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("live", "Live now"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.published(now)
        if self.value() == "scheduled":
            return queryset.filter(status=Story.Status.PUBLISHED, published_at__gt=now)
        if self.value() == "draft":
            return queryset.filter(status=Story.Status.DRAFT)
        return queryset


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "theme", "status", "published_at", "live", "is_featured"]
    list_filter = [StoryLiveFilter, "status", "kind", "theme", "is_featured"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations"]
    date_hierarchy = "published_at"
    readonly_fields = ["preview_link", "created_at", "updated_at"]
    actions = ["publish_now"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "theme", "summary", "body", "author"]}),
        ("Lead image", {"fields": ["image", "image_alt"]}),
        ("Featured organisations", {"fields": ["organisations"]}),
        (
            "Publishing",
            {
                "fields": ["preview_link", "status", "published_at", "is_featured"],
                "description": "Preview the story, then set the status to Published. A "
                "future ‘publish at’ time schedules it.",
            },
        ),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Live", boolean=True)
    def live(self, obj):
        return obj.is_live

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if obj.pk is None:
            return "Save the story as a draft to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview this story</a>'
            " (opens in a new tab)",
            reverse("stories:preview", args=[obj.pk]),
        )

    @admin.action(description="Publish selected stories now…", permissions=["change"])
    @asks_first(
        title="Publish now",
        question="These stories will be published on the public site now.",
        button="Yes, publish them now",
    )
    def publish_now(self, request, queryset):
        done = services.story_publish_now(stories=queryset)
        self.message_user(request, f"Published {done} story(ies).", messages.SUCCESS)


@admin.register(KeyMessage)
class KeyMessageAdmin(admin.ModelAdmin):
    list_display = ["title", "position"]
    list_editable = ["position"]
    search_fields = ["title", "body"]


@admin.register(KeyFact)
class KeyFactAdmin(admin.ModelAdmin):
    list_display = ["figure", "statement", "source", "as_of", "is_headline", "is_published"]
    list_filter = ["is_headline", "is_published"]
    search_fields = ["figure", "statement", "source"]


@admin.register(BrandAsset)
class BrandAssetAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "licence", "size", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "description", "licence"]
    readonly_fields = ["size"]

    @admin.display(description="File size", ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file else "–"
