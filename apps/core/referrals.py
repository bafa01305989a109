"""Referral-and-outcome tracking, shared by every team that refers enquiries on.

An enquiry (to the funding team, an inward-investment enquiry, a "find me a partner"
request) is private to staff. Staff refer it on, record what came of each referral, and
close the enquiry with an outcome. The same pieces serve every such team:

- `TrackedEnquiry` and `TrackedReferral`, abstract models with the fields every team keeps;
  each concrete model adds its own `Outcome` choices and what it is about;
- `OutcomeQuerySet.outcome_counts()`, rows for the report;
- `ReferralTrackingAdmin`, the admin mixin: a referral count in the list, an open-enquiries
  row on the dashboard and an outcome report page (`templates/admin/referral_report.html`)
  with any extra tables and single figures a team adds;
- `ReferralInline`, which enforces a model's `MAX_REFERRALS` in the admin's form.

See decision 0063.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone


class OutcomeQuerySet(models.QuerySet):
    def outcome_counts(self):
        """Rows per outcome, (value, label, count), every outcome listed even when none has it."""
        outcomes = self.model.Outcome.choices
        counts = self.aggregate(
            **{value: Count("pk", filter=Q(outcome=value)) for value, _ in outcomes}
        )
        return [(value, label, counts[value]) for value, label in outcomes]


class TrackedEnquiry(models.Model):
    """What staff keep on an enquiry they follow up. A subclass defines `Outcome`, with
    "open" among its values, and its `outcome` field."""

    closed_on = models.DateField(null=True, blank=True)
    staff_notes = models.TextField(blank=True)

    # How many organisations one enquiry may be referred to; None for no limit.
    MAX_REFERRALS = None

    class Meta:
        abstract = True


class TrackedReferral(models.Model):
    """One introduction staff made for an enquiry, and what came of it. A subclass adds
    the enquiry, whom it was referred to, and its `Outcome` and `outcome` field."""

    referred_on = models.DateField(default=timezone.localdate)
    note = models.TextField(blank=True)

    # Staff's notes on a referral talk about the business and the person behind it.
    personal_fields = ("note",)

    class Meta:
        abstract = True
        ordering = ["referred_on", "pk"]

    def __str__(self):
        return f"{self.referred_to} on {self.referred_on:%d %b %Y}"


class ReferralInline(admin.TabularInline):
    """The referrals of one enquiry; at most the enquiry model's MAX_REFERRALS."""

    extra = 1

    def get_max_num(self, request, obj=None, **kwargs):
        return self.parent_model.MAX_REFERRALS

    def get_formset(self, request, obj=None, **kwargs):
        # validate_max makes the limit an error on save, not only fewer empty rows.
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class ReferralTrackingAdmin:
    """Mixin for an enquiry's ModelAdmin: referral counts, the dashboard row and the
    outcome report. Set `report_title` and `dashboard_label`."""

    report_title = "Outcome report"
    dashboard_label = "Open enquiries"
    change_list_template = "admin/referral_change_list.html"

    def referral_model(self):
        return self.model.referrals.rel.related_model

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_referrals=Count("referrals"))

    @admin.display(description="Referrals", ordering="n_referrals")
    def referral_count(self, obj):
        return obj.n_referrals

    def _report_name(self):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_report"

    def dashboard_rows(self, request):
        opts = self.model._meta
        return [
            {
                "label": self.dashboard_label,
                "count": self.model.objects.filter(outcome="open").count(),
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                + "?outcome__exact=open",
                "note": "no outcome recorded yet",
            }
        ]

    def staff_pages(self, request):
        if not self.has_view_permission(request):
            return []
        return [
            {
                "label": self.report_title,
                "url": reverse(f"{self.admin_site.name}:{self._report_name()}"),
                "note": "enquiries and referrals by outcome",
            }
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "report_url_name": self._report_name()}
        return super().changelist_view(request, extra_context=extra_context)

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name=self._report_name()), *super().get_urls()]

    def report_extra(self):
        """More tables for the report: (heading, column heading, rows of (label, count))."""
        return []

    def report_facts(self):
        """Single figures for the report, below its tables: (id, label, text)."""
        return []

    def report_view(self, request):
        """Counts of enquiries and referrals by outcome: the team's results."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        enquiries = self.model.objects.all()
        referral_rows = self.referral_model().objects.outcome_counts()
        context = {
            **self.admin_site.each_context(request),
            "title": self.report_title,
            "opts": self.model._meta,
            "enquiry_total": enquiries.count(),
            "enquiry_rows": enquiries.outcome_counts(),
            "referral_rows": referral_rows,
            "referral_total": sum(row[2] for row in referral_rows),
            "extra_tables": self.report_extra(),
            "facts": self.report_facts(),
        }
        return TemplateResponse(request, "admin/referral_report.html", context)
