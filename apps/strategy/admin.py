import datetime

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from apps.core.admin import ModerationAdminMixin, ModerationStatusFilter
from apps.core.referrals import ReferralInline, ReferralTrackingAdmin
from apps.strategy import progress
from apps.strategy.models import (
    Action,
    Evidence,
    Indicator,
    InvestmentEnquiry,
    InvestmentReferral,
    Milestone,
    Observation,
    ProgressUpdate,
    Strand,
    UpdateProposal,
)

# An action with no published update for this long is flagged on the dashboard.
QUIET_AFTER = datetime.timedelta(days=90)


@admin.register(Strand)
class StrandAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "position"]
    list_filter = ["theme"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["happened_on", "title", "body", "reported_by", "evidence_path", "is_published"]
    autocomplete_fields = ["reported_by"]
    show_change_link = True


class QuietFilter(admin.SimpleListFilter):
    title = "recent news"
    parameter_name = "quiet"

    def lookups(self, request, model_admin):
        return [("90", "Published, not done, no update for 90 days")]

    def queryset(self, request, queryset):
        if self.value() == "90":
            return queryset.published().quiet_since(timezone.localdate() - QUIET_AFTER)
        return queryset


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "strand", "lead", "status", "target_date", "is_published"]
    list_filter = ["is_published", "status", QuietFilter, "strand__theme", "strand"]
    list_select_related = ["strand", "lead"]
    search_fields = ["title", "summary", "lead__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead", "partners"]
    inlines = [MilestoneInline, EvidenceInline, ProgressUpdateInline]

    def dashboard_rows(self, request):
        since = timezone.localdate() - QUIET_AFTER
        quiet = Action.objects.published().quiet_since(since).count()
        return [
            {
                "label": "Strategy actions with no update for 90 days",
                "count": quiet,
                "url": reverse("admin:strategy_action_changelist") + "?quiet=90",
                "note": "ask the lead organisation for news",
            }
        ]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "action", "happened_on", "reported_by", "is_published"]
    list_filter = ["is_published", "action__strand"]
    list_select_related = ["action", "reported_by"]
    search_fields = ["title", "body", "action__title"]
    autocomplete_fields = ["action", "reported_by"]
    date_hierarchy = "happened_on"


@admin.register(UpdateProposal)
class UpdateProposalAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "action",
        "organisation",
        "status_badge",
        "address_check",
        "submitted_at",
    ]
    list_filter = [ModerationStatusFilter]
    list_select_related = ["action", "organisation"]
    search_fields = ["title", "reference", "contact_email", "organisation__name"]
    readonly_fields = ["address_check"]

    @admin.display(description="Sent from the organisation's own address")
    def address_check(self, obj):
        if obj.contact_matches_organisation:
            return "Yes"
        return "No: check with the organisation before approving"


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 1
    fields = ["observed_on", "value", "source", "source_url", "is_computed"]
    readonly_fields = ["is_computed"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "computed_from", "target_value", "target_on", "is_published"]
    list_filter = ["is_published", "theme", "computed_from"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ObservationInline]

    def dashboard_rows(self, request):
        today = timezone.localdate()
        behind = [
            indicator
            for indicator in Indicator.objects.for_listing()
            if progress.reading(indicator, indicator.observations.all(), today).state
            in {"behind", "missed"}
        ]
        return [
            {
                "label": "Strategy indicators behind their trajectory",
                "count": len(behind),
                "url": reverse("admin:strategy_indicator_changelist") + "?is_published__exact=1",
                "note": ", ".join(i.name for i in behind) or "all on course",
            }
        ]


class InvestmentReferralInline(ReferralInline):
    model = InvestmentReferral
    autocomplete_fields = ["referred_to"]


@admin.register(InvestmentEnquiry)
class InvestmentEnquiryAdmin(ReferralTrackingAdmin, admin.ModelAdmin):
    report_title = "Inward-investment outcome report"
    dashboard_label = "Open inward-investment enquiries"
    list_display = [
        "organisation_name",
        "reference",
        "country",
        "interest",
        "submitted_at",
        "referral_count",
        "outcome",
    ]
    list_filter = ["outcome", "interest"]
    search_fields = ["organisation_name", "reference", "contact_email", "country"]
    readonly_fields = ["reference", "submitted_at"]
    inlines = [InvestmentReferralInline]
    date_hierarchy = "submitted_at"
    # The outcome filter shows how many enquiries have each outcome, as the report does.
    show_facets = admin.ShowFacets.ALWAYS
