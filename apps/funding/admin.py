from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from apps.core.admin import PortalImportExportAdmin, asks_first
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


class ReferralInline(admin.TabularInline):
    model = Referral
    extra = 1
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
class EnquiryAdmin(admin.ModelAdmin):
    def dashboard_rows(self, request):
        return [
            {
                "label": "Open funding-team enquiries",
                "count": Enquiry.objects.filter(outcome=Enquiry.Outcome.OPEN).count(),
                "url": reverse("admin:funding_enquiry_changelist") + "?outcome__exact=open",
                "note": "no outcome recorded yet",
            }
        ]

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
    inlines = [ReferralInline]
    readonly_fields = ["reference", "submitted_at"]
    change_list_template = "admin/funding/enquiry/change_list.html"
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_referrals=Count("referrals"))

    @admin.display(description="Referrals", ordering="n_referrals")
    def referral_count(self, obj):
        return obj.n_referrals

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

    def staff_pages(self, request):
        if not self.has_view_permission(request):
            return []
        return [
            {
                "label": "Funding team outcome report",
                "url": reverse(f"{self.admin_site.name}:funding_enquiry_report"),
                "note": "enquiries and referrals by outcome",
            }
        ]

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="funding_enquiry_report"), *super().get_urls()]

    def report_view(self, request):
        """Counts of enquiries and referrals by outcome: the funding team's results."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        enquiries = Enquiry.objects.all()
        referral_rows, referral_secured = Referral.objects.outcome_counts()
        context = {
            **self.admin_site.each_context(request),
            "title": "Funding team outcomes",
            "opts": self.model._meta,
            "enquiry_total": enquiries.count(),
            "enquiry_rows": enquiries.outcome_counts(),
            "referral_rows": referral_rows,
            "referral_total": sum(row[2] for row in referral_rows),
            "referral_secured": referral_secured,
        }
        return TemplateResponse(request, "admin/funding/enquiry/report.html", context)
