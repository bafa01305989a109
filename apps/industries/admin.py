from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count

from apps.core.admin import ModerationAdminMixin, ModerationStatusFilter, PortalModelAdmin
from apps.core.referrals import ReferralInline, ReferralTrackingAdmin
from apps.industries import services
from apps.industries.models import IndustrySkill, PartnerReferral, PartnerRequest
from apps.profile.models import Industry


class IndustrySkillInline(admin.TabularInline):
    model = IndustrySkill
    extra = 1
    autocomplete_fields = ["skill"]


# Industries belong to the profile; their admin is here because it edits the skills that
# matter to each, which the people app holds (an upper layer may import both).
@admin.register(Industry)
class IndustryAdmin(PortalModelAdmin):
    list_display = ["name", "display_order", "business_count"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "summary", "display_order", "sectors"]
    inlines = [IndustrySkillInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("organisation_links"))

    @admin.display(description="Businesses serving it", ordering="n")
    def business_count(self, obj):
        return obj.n


class PartnerReferralFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        adding = any(
            form.has_changed() and form.instance.pk is None and not self._should_delete_form(form)
            for form in self.forms
        )
        if adding and not self.instance.may_be_referred:
            raise ValidationError(
                "This request cannot be referred yet: the buyer has not confirmed their "
                "address, or has not agreed that we pass their details to businesses."
            )


class PartnerReferralInline(ReferralInline):
    model = PartnerReferral
    formset = PartnerReferralFormSet
    fields = ["referred_to", "referred_on", "outcome", "note", "notified_at"]
    readonly_fields = ["notified_at"]
    autocomplete_fields = ["referred_to"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(PartnerRequest)
class PartnerRequestAdmin(ModerationAdminMixin, ReferralTrackingAdmin, PortalModelAdmin):
    report_title = "Partner requests: outcome report"
    dashboard_label = "Open partner requests"
    list_display = [
        "organisation_name",
        "reference",
        "industry",
        "status_badge",
        "submitted_at",
        "referral_count",
        "outcome",
    ]
    list_filter = [ModerationStatusFilter, "outcome", "industry"]
    list_select_related = ["industry"]
    search_fields = ["organisation_name", "reference", "contact_email", "need"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["consent_to_share"]
    inlines = [PartnerReferralInline]
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
                ]
            },
        ),
        (
            "What the buyer asked",
            {"fields": ["industry", "organisation_name", "need", "consent_to_share"]},
        ),
        ("Private contact", {"fields": ["contact_name", "contact_email"]}),
        ("Outcome", {"fields": ["outcome", "closed_on", "staff_notes"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not PartnerReferral:
            return super().save_formset(request, form, formset, change)
        # A new referral goes through the service, which emails the business.
        for referral in formset.save(commit=False):
            if referral.pk is None:
                services.partner_referral_add(
                    partner_request=form.instance,
                    business=referral.referred_to,
                    note=referral.note,
                    referred_on=referral.referred_on,
                    outcome=referral.outcome,
                )
            else:
                referral.save()
        for referral in formset.deleted_objects:
            referral.delete()

    def report_extra(self):
        rows = (
            Industry.objects.annotate(n=Count("partner_requests"))
            .order_by("display_order", "name")
            .values_list("name", "n")
        )
        return [("Partner requests by industry", "Industry", list(rows))]
