from django.contrib import admin
from django.db.models import Count, Q
from django.template.loader import render_to_string

from apps.core.admin import ModerationAdminMixin, ModerationStatusFilter, PortalImportExportAdmin
from apps.core.moderation.models import Status
from apps.people.models import Course, Skill, SkillCategory, SkillLine, SurveyResponse, SurveyRound


class SkillInline(admin.TabularInline):
    model = Skill
    fields = ["name", "slug", "sfia_code", "esco_uri", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0


@admin.register(SkillCategory)
class SkillCategoryAdmin(PortalImportExportAdmin):
    list_display = ["name", "position", "skill_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("skills"))

    @admin.display(description="Skills", ordering="n")
    def skill_count(self, obj):
        return obj.n


@admin.register(Skill)
class SkillAdmin(PortalImportExportAdmin):
    list_display = ["name", "category", "sfia_code", "esco_uri", "is_active"]
    list_filter = ["category", "is_active"]
    list_select_related = ["category"]
    search_fields = ["name", "sfia_code", "esco_uri"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "published_responses", "awaiting_review"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                published=Count("responses", filter=Q(responses__status=Status.PUBLISHED)),
                pending=Count("responses", filter=Q(responses__status=Status.PENDING)),
            )
        )

    @admin.display(description="Published responses", ordering="published")
    def published_responses(self, obj):
        return obj.published

    @admin.display(description="Awaiting review", ordering="pending")
    def awaiting_review(self, obj):
        return obj.pending


class SkillLineInline(admin.TabularInline):
    model = SkillLine
    fields = ["skill", "staff", "vacancies", "difficulty", "training_need"]
    autocomplete_fields = ["skill"]
    extra = 0


class SupersededFilter(admin.SimpleListFilter):
    title = "replaced by a newer response"
    parameter_name = "superseded"

    def lookups(self, request, model_admin):
        return [("yes", "Replaced"), ("no", "Current")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(superseded=True)
        if self.value() == "no":
            return queryset.filter(superseded=False)
        return queryset


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ModerationAdminMixin, admin.ModelAdmin):
    """Approve to count a response in the skills map; reject to exclude it."""

    list_display = [
        "organisation",
        "round",
        "status_badge",
        "organisation_status",
        "email_matches_directory",
        "line_count",
        "is_superseded",
        "submitted_at",
    ]
    list_filter = [ModerationStatusFilter, "round", SupersededFilter, "turned_away_work"]
    list_select_related = ["organisation", "round"]
    search_fields = ["organisation__name", "contact_email", "reference"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    list_per_page = 50
    inlines = [SkillLineInline]
    readonly_fields = ["business_check"]
    fieldsets = [
        (
            "Moderation",
            {
                "fields": [
                    "business_check",
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
            "Response",
            {
                "fields": [
                    "round",
                    "organisation",
                    "headcount_change",
                    "turned_away_work",
                    "apprentices",
                ]
            },
        ),
        ("Private contact", {"fields": ["contact_name", "contact_email"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_superseded().annotate(n_lines=Count("lines"))

    @admin.display(description="Skills", ordering="n_lines")
    def line_count(self, obj):
        return obj.n_lines

    @admin.display(description="Replaced", boolean=True, ordering="superseded")
    def is_superseded(self, obj):
        return obj.superseded

    @admin.display(description="Organisation status", ordering="organisation__status")
    def organisation_status(self, obj):
        return obj.organisation.get_status_display()

    @admin.display(description="Who answered")
    def business_check(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return render_to_string(
            "admin/people/business_check.html",
            {
                "response": obj,
                "from_business": obj.from_business_contact(),
                "replaces": obj.replaces_another_address() if not obj.is_published else [],
            },
        )

    @admin.display(description="Same email as directory entry", boolean=True)
    def email_matches_directory(self, obj):
        # Anyone can say they answer for a business; a different address is worth a look.
        return obj.contact_email.lower() == obj.organisation.contact_email.lower()


@admin.register(Course)
class CourseAdmin(PortalImportExportAdmin):
    list_display = ["title", "provider", "level", "mode", "cost", "next_start", "is_active"]
    list_filter = ["level", "mode", "is_active", "skills__category"]
    list_select_related = ["provider"]
    search_fields = ["title", "provider__name", "summary"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["skills"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "next_start"
