from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.core import services, snapshots
from apps.core.forms import ReasonForm
from apps.core.models import Area, PendingChange, Status, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]
    list_filter = ["council"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ModerationStatusFilter(admin.SimpleListFilter):
    """Status filter that shows how many items wait in each state."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = model_admin.model.objects.aggregate(
            **{value: Count("pk", filter=Q(status=value)) for value, _ in Status.choices}
        )
        return [(value, f"{label} ({counts[value]})") for value, label in Status.choices]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


def _ask_reason(modeladmin, request, queryset, action, title):
    """Show the intermediate page that collects a rejection reason, or return the reason."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            return form.cleaned_data["reason"], None
    else:
        form = ReasonForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return None, TemplateResponse(request, "admin/core/reason.html", context)


class ModerationAdminMixin:
    """Approve and reject actions, status filter with counts and review fields, for any
    model built on apps.core.models.Moderated."""

    moderation_readonly_fields = (
        "reference",
        "status",
        "submitted_at",
        "confirmed_at",
        "reviewed_by",
        "reviewed_at",
        "last_confirmed_at",
    )
    actions = ["approve_selected", "reject_selected", "archive_selected"]
    change_form_template = "admin/core/moderated_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return tuple(super().get_readonly_fields(request, obj)) + self.moderation_readonly_fields

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.action(description="Approve and publish selected items", permissions=["change"])
    def approve_selected(self, request, queryset):
        done = sum(
            services.submission_approve(obj=obj, by=request.user)
            for obj in queryset.exclude(status=Status.UNCONFIRMED)
        )
        skipped = queryset.filter(status=Status.UNCONFIRMED).count()
        self.message_user(request, f"Published {done} item(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"Skipped {skipped} item(s) whose email address is not confirmed yet.",
                messages.WARNING,
            )

    @admin.action(description="Reject selected items…", permissions=["change"])
    def reject_selected(self, request, queryset):
        reason, response = _ask_reason(
            self, request, queryset, "reject_selected", "Reject with a reason"
        )
        if response is not None:
            return response
        done = sum(
            services.submission_reject(obj=obj, by=request.user, reason=reason) for obj in queryset
        )
        self.message_user(
            request, f"Rejected {done} item(s) and told the submitters why.", messages.SUCCESS
        )
        return None

    @admin.action(
        description="Archive selected items (withdraw from the site)", permissions=["change"]
    )
    def archive_selected(self, request, queryset):
        done = sum(services.submission_archive(obj=obj, by=request.user) for obj in queryset)
        self.message_user(request, f"Archived {done} item(s).", messages.SUCCESS)

    def response_change(self, request, obj):
        # The Approve / Reject buttons on the change page call the same services.
        if "_approve" in request.POST:
            if obj.status == Status.UNCONFIRMED:
                self.message_user(
                    request, "The submitter has not confirmed their email yet.", messages.WARNING
                )
            else:
                services.submission_approve(obj=obj, by=request.user)
                self.message_user(request, f"Published “{obj}”.", messages.SUCCESS)
        elif "_reject" in request.POST:
            try:
                services.submission_reject(obj=obj, by=request.user, reason=obj.moderation_note)
                self.message_user(request, f"Rejected “{obj}”.", messages.SUCCESS)
            except ValidationError:
                self.message_user(request, "Write a reason before rejecting.", messages.ERROR)
                return self._redirect_to_self(request, obj)
        return super().response_change(request, obj)

    def _redirect_to_self(self, request, obj):
        return HttpResponseRedirect(request.path)

    def pending_changes(self, obj):
        return PendingChange.objects.for_object(obj).awaiting_review()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["pending_changes"] = self.pending_changes(obj)
            extra_context["is_moderated"] = True
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "target_link", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "content_type"]
    list_select_related = ["content_type", "reviewed_by"]
    readonly_fields = [
        "target_link",
        "status",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "moderation_note",
        "change_diff",
    ]
    fields = readonly_fields
    actions = ["approve_selected", "reject_selected"]
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description="Item")
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return "(deleted)"
        url = reverse(
            f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
            args=[target.pk],
        )
        return format_html('<a href="{}">{}</a>', url, target)

    @admin.display(description="What would change")
    def change_diff(self, obj):
        target = obj.target
        if target is None:
            return "The item has been deleted."
        rows = snapshots.diff(target, obj.data)
        if not rows:
            return "Nothing differs from the live version."
        return format_html(
            '<table class="change-diff"><thead><tr><th scope="col">Field</th>'
            '<th scope="col">Live now</th><th scope="col">Proposed</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>',
                rows,
            ),
        )

    @admin.action(description="Approve selected changes", permissions=["change"])
    def approve_selected(self, request, queryset):
        done = sum(
            services.change_approve(change=c, by=request.user)
            for c in queryset.select_related("content_type")
        )
        self.message_user(request, f"Approved {done} change(s).", messages.SUCCESS)

    @admin.action(description="Reject selected changes…", permissions=["change"])
    def reject_selected(self, request, queryset):
        reason, response = _ask_reason(
            self, request, queryset, "reject_selected", "Reject changes with a reason"
        )
        if response is not None:
            return response
        done = sum(
            services.change_reject(change=c, by=request.user, reason=reason) for c in queryset
        )
        self.message_user(request, f"Rejected {done} change(s).", messages.SUCCESS)
        return None
