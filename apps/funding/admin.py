from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from apps.core.admin import PortalImportExportAdmin, asks_first
from apps.core.referrals import ReferralInline, ReferralTrackingAdmin
from apps.funding import services
from apps.funding.models import Enquiry, Opportunity, Referral, Stage


class OpportunityAdminForm(forms.ModelForm):
    # Tick boxes rather than the comma-separated text box Django gives an ArrayField.
    stages = forms.TypedMultipleChoiceField(
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Business stages it suits. Leave all unticked if any stage may apply.",
    )

    class Meta:
        model = Opportunity
        fields = ["stages"]  # the admin adds the rest from its fieldsets


class OpenNowFilter(admin.SimpleListFilter):
    title = "open for applications"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open today"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.open_now(today)
        if self.value() == "closed":
            return queryset.filter(closes_on__lt=today)
        return queryset


@admin.register(Opportunity)
class OpportunityAdmin(PortalImportExportAdmin):
    form = OpportunityAdminForm
    list_display = ["title", "provider", "kind", "status", "opens_on", "closes_on", "is_rolling"]
    list_filter = ["status", "kind", OpenNowFilter, "is_rolling", "area", "sectors"]
    list_select_related = ["area"]
    search_fields = ["title", "provider", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sectors"]
    date_hierarchy = "closes_on"
    actions = ["publish_selected", "archive_selected"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "provider", "kind", "summary", "url"]}),
        ("Who it is for", {"fields": ["eligibility", "stages", "sectors", "area"]}),
        (
            "Money and dates",
            {"fields": ["amount_min", "amount_max", "opens_on", "closes_on", "is_rolling"]},
        ),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.action(description="Publish selected opportunities…", permissions=["change"])
    @asks_first(
        title="Publish",
        question="These opportunities will be listed on the public funding pages.",
        button="Yes, publish them",
    )
    def publish_selected(self, request, queryset):
        done = services.opportunity_set_status(
            opportunities=queryset, status=Opportunity.Status.PUBLISHED
        )
        self.message_user(request, f"Published {done} opportunity(ies).", messages.SUCCESS)

    @admin.action(description="Archive selected opportunities…", permissions=["change"])
    @asks_first(
        title="Archive",
        question="These opportunities will be withdrawn from the public site.",
        button="Yes, archive them",
    )
    def archive_selected(self, request, queryset):
        done = services.opportunity_set_status(
            opportunities=queryset, status=Opportunity.Status.ARCHIVED
        )
        self.message_user(request, f"Archived {done} opportunity(ies).", messages.SUCCESS)


class FundingReferralInline(ReferralInline):
    model = Referral
    fields = [
        "referred_to",
        "opportunity",
        "referred_on",
        "outcome",
        "amount_secured",
        "note",
        "referred_by",
    ]
    readonly_fields = ["referred_by"]
    autocomplete_fields = ["opportunity"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(Enquiry)
class EnquiryAdmin(ReferralTrackingAdmin, admin.ModelAdmin):
    report_title = "Funding team outcome report"
    dashboard_label = "Open funding-team enquiries"
    list_display = [
        "organisation_name",
        "reference",
        "submitted_at",
        "stage",
        "amount",
        "referral_count",
        "outcome",
    ]
    list_filter = ["outcome", "stage"]
    list_select_related = ["organisation"]
    search_fields = ["organisation_name", "contact_name", "contact_email", "reference", "need"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "submitted_at"
    inlines = [FundingReferralInline]
    readonly_fields = ["reference", "submitted_at"]
    fieldsets = [
        (
            "What the business asked",
            {
                "fields": [
                    "reference",
                    "submitted_at",
                    "organisation_name",
                    "organisation",
                    "need",
                    "amount",
                    "stage",
                ]
            },
        ),
        ("Private contact", {"fields": ["contact_name", "contact_email"]}),
        ("Outcome", {"fields": ["outcome", "closed_on", "staff_notes"]}),
    ]

    def save_formset(self, request, form, formset, change):
        # Record which member of staff made each new referral.
        referrals = formset.save(commit=False)
        for referral in referrals:
            if isinstance(referral, Referral) and referral.referred_by_id is None:
                referral.referred_by = request.user
            referral.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def report_facts(self):
        secured = Referral.objects.secured()
        return [
            ("referral-secured", "Funding secured through successful referrals", f"£{secured:,}")
        ]
