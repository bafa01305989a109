import datetime

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from apps.core.admin import (
    ModerationAdminMixin,
    ModerationStatusFilter,
    PortalImportExportAdmin,
    asks_first,
)
from apps.place import services
from apps.place.models import (
    REMINDER_DAYS,
    Amenity,
    Building,
    BuildingPhoto,
    Enquiry,
    NeedMatch,
    Space,
    SpaceNeed,
)


@admin.register(Amenity)
class AmenityAdmin(PortalImportExportAdmin):
    list_display = ["name", "building_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("buildings"))

    @admin.display(description="Buildings", ordering="n")
    def building_count(self, obj):
        return obj.n


class SpaceInline(admin.StackedInline):
    model = Space
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["monthly_price_per_desk", "reminder_sent_on", "expired_on", "created_at"]
    fields = [
        ("name", "slug", "kind"),
        ("desks_min", "desks_max", "size_sqft"),
        ("price", "price_basis", "monthly_price_per_desk"),
        ("terms", "min_months", "available_from"),
        ("state", "expires_on", "reminder_sent_on", "expired_on"),
        ("let_on", "desks_let"),
    ]


class BuildingPhotoInline(admin.TabularInline):
    model = BuildingPhoto
    extra = 0
    fields = ["image", "alt_text", "position", "approved"]


@admin.register(Building)
class BuildingAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["name", "status_badge", "area", "landlord", "space_count", "submitted_at"]
    list_filter = [ModerationStatusFilter, "area", "step_free", "epc_rating", "amenities"]
    list_select_related = ["area", "landlord"]
    search_fields = ["name", "address", "postcode", "landlord__name", "contact_email", "reference"]
    autocomplete_fields = ["landlord"]
    filter_horizontal = ["amenities"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    inlines = [SpaceInline, BuildingPhotoInline]
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
            "Building",
            {
                "fields": [
                    "name",
                    "slug",
                    "landlord",
                    "description",
                    "address",
                    "postcode",
                    "area",
                    ("latitude", "longitude"),
                    "amenities",
                    "broadband_mbps",
                    "epc_rating",
                    "step_free",
                    "access_notes",
                ]
            },
        ),
        ("Private contact", {"fields": ["contact_name", "contact_email"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_spaces=Count("spaces"))

    @admin.display(description="Spaces", ordering="n_spaces")
    def space_count(self, obj):
        return obj.n_spaces


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    """Every space, for finding expiring and expired listings; edit them on the building."""

    def dashboard_rows(self, request):
        today = timezone.localdate()
        soon = Space.objects.live(today=today).filter(
            expires_on__lte=today + datetime.timedelta(days=REMINDER_DAYS)
        )
        url = reverse("admin:place_space_changelist") + "?state__exact=listed&o=7"
        return [
            {
                "label": "Listings about to expire",
                "count": soon.count(),
                "url": url,
                "note": f"live spaces whose listing ends within {REMINDER_DAYS} days",
            }
        ]

    list_display = [
        "__str__",
        "kind",
        "desks_min",
        "desks_max",
        "monthly_price_per_desk",
        "state",
        "expires_on",
        "let_on",
        "desks_let",
        "building_status",
    ]
    list_filter = ["state", "kind", "building__status", "building__area"]
    actions = ["mark_let"]
    list_select_related = ["building"]
    search_fields = ["name", "slug", "building__name"]
    readonly_fields = ["monthly_price_per_desk", "reminder_sent_on", "expired_on", "created_at"]
    autocomplete_fields = ["building"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "expires_on"
    show_full_result_count = False

    @admin.display(description="Building status", ordering="building__status")
    def building_status(self, obj):
        return obj.building.get_status_display()

    @admin.action(
        description="Mark selected spaces as let today (all their desks)…", permissions=["change"]
    )
    @asks_first(
        title="Mark as let",
        question=(
            "These spaces will be recorded as let today, with all their desks, and taken "
            "off the public site. Spaces already let or withdrawn are left alone."
        ),
        button="Yes, mark them as let",
    )
    def mark_let(self, request, queryset):
        done = services.spaces_mark_let(spaces=queryset, on=timezone.localdate())
        self.message_user(
            request,
            f"Marked {done} space(s) as let. Spaces already let or withdrawn were left alone; "
            "to record fewer desks, edit the space.",
            messages.SUCCESS,
        )


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Enquiries are a record of what was sent: staff read them, nobody edits them."""

    def dashboard_rows(self, request):
        since = timezone.now() - datetime.timedelta(days=7)
        return [
            {
                "label": "New office-space enquiries",
                "count": Enquiry.objects.filter(created_at__gte=since).count(),
                "url": reverse("admin:place_enquiry_changelist"),
                "note": "sent to landlords in the last 7 days",
            }
        ]

    list_display = ["name", "organisation_name", "email", "space", "desks", "created_at"]
    list_filter = ["space__kind", "space__building__area", "created_at"]
    list_select_related = ["space", "space__building"]
    search_fields = ["name", "email", "organisation_name", "message", "space__building__name"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NeedMatchInline(admin.TabularInline):
    model = NeedMatch
    extra = 0
    fields = ["space", "notified_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SpaceNeed)
class SpaceNeedAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisation_name",
        "status_badge",
        "desks_min",
        "desks_max",
        "kind",
        "max_monthly_price_per_desk",
        "available_by",
        "match_count",
        "submitted_at",
    ]
    list_filter = [ModerationStatusFilter, "kind", "areas", "step_free"]
    search_fields = ["organisation_name", "contact_email", "notes", "reference"]
    filter_horizontal = ["areas"]
    inlines = [NeedMatchInline]
    date_hierarchy = "submitted_at"

    change_list_template = "admin/place/spaceneed/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_matches=Count("matches"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "demand_by_area": SpaceNeed.objects.demand_by_area(),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="Matches", ordering="n_matches")
    def match_count(self, obj):
        return obj.n_matches
