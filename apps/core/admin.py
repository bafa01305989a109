import functools

import tablib
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, GeneratedField, Q
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from import_export import widgets
from import_export.admin import ExportMixin, ImportMixin
from import_export.fields import Field
from import_export.formats.base_formats import CSV
from import_export.resources import ModelResource, modelresource_factory
from pghistory.models import MiddlewareEvents

from apps.core import audit
from apps.core.exports import services as export_services
from apps.core.exports.models import DataExport
from apps.core.models import Area, TwoFactorInvitation, User
from apps.core.moderation import services, snapshots
from apps.core.moderation.models import PendingChange, Status
from apps.core.privacy import access
from apps.core.security import two_factor
from apps.core.web.forms import ReasonForm
from apps.core.web.spreadsheet import neutralise

# Secrets are never exported, and neither is any model's declared personal data: no role's
# job needs contact details in bulk in a spreadsheet (a subject-access request has its own
# download). Staff who may see personal fields read them on screen.
NEVER_EXPORTED = {"password", "token_hash"}
# What a hidden personal field shows on a history page.
HIDDEN = "(personal data: hidden for your role)"


def csv_resource(model, *, exclude=()):
    """A django-import-export resource for every column of the model except generated
    ones (search vectors), secrets, private contacts and those named. Imports match
    existing rows by slug when the model has a unique one, so re-importing a sheet
    updates rather than duplicates."""
    left_out = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, GeneratedField) or f.name in NEVER_EXPORTED
    ]
    field_names = {f.name for f in model._meta.concrete_fields}
    unique_slug = "slug" in field_names and model._meta.get_field("slug").unique
    # Related rows by their slug (category "cloud", sectors "fintech,games"), not by id,
    # so a sheet reads and writes the way staff talk about the taxonomy.
    custom_fields = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if not field.is_relation or field.name in left_out or field.name in exclude:
            continue
        related = field.related_model
        if not any(f.name == "slug" and f.unique for f in related._meta.concrete_fields):
            continue
        widget = (
            widgets.ManyToManyWidget(related, field="slug")
            if field.many_to_many
            else widgets.ForeignKeyWidget(related, field="slug")
        )
        custom_fields[field.name] = Field(
            attribute=field.name, column_name=field.name, widget=widget
        )
    return modelresource_factory(
        model,
        resource_class=ModelResource,
        meta_options={
            "exclude": [*left_out, *exclude],
            "import_id_fields": ["slug"] if unique_slug else ["id"],
            # Run the model's own validation (blank, choices, validators) on every row.
            "clean_model_instances": True,
        },
        custom_fields=custom_fields,
    )


class SafeCSV(CSV):
    """CSV whose text cells cannot run as spreadsheet formulas. django-import-export's
    IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (on too) only drops a leading "="; this
    uses the portal's one rule (apps.core.web.spreadsheet.neutralise): a quote before any
    text cell starting with =, +, -, @, tab or carriage return that is not a plain number."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class AuditHistoryMixin:
    """The History button on a change page shows the audit trail: every insert, update
    and delete recorded by the database, with who made it, when and what changed."""

    object_history_template = "admin/core/audit_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "events": self._events_without_hidden_fields(request, obj),
            "is_tracked": audit.is_tracked(type(obj)),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _events_without_hidden_fields(self, request, obj):
        hidden = set(access.hidden_fields(request.user, type(obj)))
        events = audit.events_for(obj)
        for event in events if hidden else ():
            event.changes = [
                (name, (HIDDEN, HIDDEN) if name in hidden else values)
                for name, values in event.changes
            ]
        return events


class PersonalDataAdminMixin:
    """Leaves the model's declared personal fields (apps.core.privacy) out of forms, lists,
    filters, searches and exports for staff whose role may not see them."""

    def hidden_personal_fields(self, request):
        return set(access.hidden_fields(request.user, self.model))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.hidden_personal_fields(request)
        if not hidden:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = []
            for field in options.get("fields", ()):
                if isinstance(field, (list, tuple)):
                    field = tuple(f for f in field if f not in hidden)
                    if field:
                        fields.append(field)
                elif field not in hidden:
                    fields.append(field)
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        return [*exclude, *sorted(self.hidden_personal_fields(request) - set(exclude))] or None

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_personal_fields(request)
        return [f for f in super().get_readonly_fields(request, obj) if f not in hidden]

    def get_list_display(self, request):
        hidden = self.hidden_personal_fields(request)
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_list_filter(self, request):
        hidden = self.hidden_personal_fields(request)
        return [f for f in super().get_list_filter(request) if f not in hidden]

    def get_search_fields(self, request):
        # Searching by a hidden field would still tell whether someone is held.
        hidden = self.hidden_personal_fields(request)
        return [
            f
            for f in super().get_search_fields(request)
            if f.lstrip("^=@").split("__")[0] not in hidden
        ]


class CsvExportMixin(ExportMixin):
    """An Export button on the list: CSV of the filtered rows, formula cells escaped
    (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT). Staff who may view a model may export it.

    Set `resource_classes` for a hand-made resource, or `export_exclude` to drop columns
    from the automatic one."""

    export_exclude: tuple[str, ...] = ()

    @property
    def export_formats(self):
        return [SafeCSV]

    def get_export_resource_classes(self, request):
        if self.resource_classes:
            return super().get_export_resource_classes(request)
        personal = access.personal_fields(self.model)
        return [csv_resource(self.model, exclude=(*self.export_exclude, *personal))]

    def get_data_for_export(self, request, queryset, **kwargs):
        """The rows to export, without personal fields (also from a hand-made resource),
        recorded in the audit trail: who, when, which model, how many rows."""
        data = super().get_data_for_export(request, queryset, **kwargs)
        personal = set(access.personal_fields(self.model))
        for header in [h for h in data.headers or () if h in personal]:
            del data[header]
        exported_personal = set(data.headers or ()) & personal
        export_services.data_export_record(
            user=request.user,
            what=self.model._meta.label,
            rows=len(data),
            kind=DataExport.Kind.CSV,
            with_personal_data=bool(exported_personal),
        )
        return data


class CsvImportMixin(ImportMixin):
    """CSV import with a preview: the upload is first run as a dry run that shows each
    row's outcome and errors; nothing is saved unless every row is valid, and the final
    import runs in one transaction (IMPORT_EXPORT_USE_TRANSACTIONS) that rolls back on
    any error. Importing needs both the add and change permissions."""

    @property
    def import_formats(self):
        return [CSV]

    def get_import_resource_classes(self, request):
        if self.resource_classes:
            return super().get_import_resource_classes(request)
        return [csv_resource(self.model, exclude=self.export_exclude)]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


class PortalModelAdmin(PersonalDataAdminMixin, AuditHistoryMixin, CsvExportMixin, admin.ModelAdmin):
    """The base for every ModelAdmin in the portal: personal data only for the roles that
    need it, audit history and CSV export."""


class PortalImportExportAdmin(CsvImportMixin, PortalModelAdmin):
    """PortalModelAdmin plus CSV import with preview, for taxonomies and lists staff keep
    in spreadsheets."""

    # Import-export picks its change list template from what is enabled.


@admin.register(User)
class PortalUserAdmin(AuditHistoryMixin, UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    date_hierarchy = "date_joined"


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AuditHistoryMixin, GroupAdmin):
    """Roles are groups; their permissions come from apps/core/security/roles.py and are
    reset by every migrate, so change the table there, not here."""

    list_display = ["name", "member_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("user", distinct=True))

    @admin.display(description="Members", ordering="n")
    def member_count(self, obj):
        return obj.n


# Staff devices: an administrator removes a lost device so its owner can set up anew.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class PortalTOTPDeviceAdmin(AuditHistoryMixin, TOTPDeviceAdmin):
    list_select_related = ["user"]


@admin.register(StaticDevice)
class PortalStaticDeviceAdmin(AuditHistoryMixin, StaticDeviceAdmin):
    list_select_related = ["user"]


@admin.register(TwoFactorInvitation)
class TwoFactorInvitationAdmin(admin.ModelAdmin):
    """An administrator invites a staff member to set up their first authenticator app.
    Adding one shows its link once; invitations are never edited."""

    list_display = ["user", "created_at", "expires_at", "used_at", "created_by"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__username", "user__email"]
    fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation, request.invitation_url = two_factor.invitation_issue(
            user=obj.user, by=request.user
        )
        obj.pk, obj.expires_at = invitation.pk, invitation.expires_at

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "title": "Invitation issued",
            "invitation": obj,
            "url": request.invitation_url,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/core/two_factor_invitation_issued.html", context)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class PortalTaskResultAdmin(DBTaskResultAdmin):
    """Background email tasks, searchable like every other list."""

    search_fields = ["task_path", "queue_name"]
    show_full_result_count = False


class TrackedModelFilter(admin.SimpleListFilter):
    title = "kind of item"
    parameter_name = "model"

    def lookups(self, request, model_admin):
        from pghistory.core import event_models

        tracked = {m.pgh_tracked_model for m in event_models()}
        return sorted(
            ((m._meta.label, m._meta.verbose_name_plural.capitalize()) for m in tracked),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pgh_obj_model=self.value())
        return queryset


@admin.register(MiddlewareEvents)
class AuditLogAdmin(admin.ModelAdmin):
    """Every recorded change across the portal, newest first: who, when, what."""

    list_display = ["pgh_created_at", "item", "action", "user", "changed_fields", "url"]
    list_display_links = None
    list_filter = [TrackedModelFilter, "pgh_label"]
    search_fields = ["user__username", "pgh_obj_id", "url"]
    search_help_text = "Search by staff username, item number or address."
    list_select_related = ["user"]
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-pgh_created_at"]

    # Its detail page shows who and when; the row copies (pgh_data, pgh_diff) hold
    # personal data, which the item's own History page shows only to roles that may see it.
    fields = ["pgh_created_at", "pgh_label", "pgh_obj_model", "pgh_obj_id", "user", "url"]

    def get_queryset(self, request):
        # The events manager reads every event table at once; the default one reads none.
        return MiddlewareEvents.objects.all()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Audit log: every recorded change", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="Item")
    def item(self, obj):
        app_label, _, name = obj.pgh_obj_model.partition(".")
        if obj.pgh_obj_id is None:
            # A link in a many-to-many table, such as a user's role: name both ends.
            data = obj.pgh_data or {}
            return ", ".join(f"{k.removesuffix('_id')} #{v}" for k, v in data.items() if k != "id")
        label = f"{name} #{obj.pgh_obj_id}"
        try:
            url = reverse(
                f"{self.admin_site.name}:{app_label}_{name.lower()}_history",
                args=[obj.pgh_obj_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="What", ordering="pgh_label")
    def action(self, obj):
        return {
            "insert": "Created",
            "update": "Changed",
            "delete": "Deleted",
            "add": "Linked",
            "remove": "Unlinked",
            "password_change": "Password changed",
        }.get(obj.pgh_label, obj.pgh_label)

    @admin.display(description="Fields changed")
    def changed_fields(self, obj):
        return ", ".join(sorted(obj.pgh_diff or {})) or "–"


@admin.register(DataExport)
class DataExportAdmin(PortalModelAdmin):
    """Every download of data by staff: who, when, what and how many rows. Read-only."""

    list_display = ["exported_at", "exported_by", "kind", "model", "rows", "with_personal_data"]
    list_filter = ["kind", "with_personal_data", "model"]
    list_select_related = ["exported_by"]
    search_fields = ["exported_by__username", "model"]
    date_hierarchy = "exported_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return False


@admin.register(Area)
class AreaAdmin(PortalImportExportAdmin):
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


def confirm_bulk_action(
    modeladmin, request, queryset, *, action, title, question, button, refused=(), form=None
):
    """Django's intermediate page, as delete_selected shows it: nothing changes until the
    page comes back with "confirm" (and `form`, if any, is valid), however many items
    were picked; then None. The page lists the items, apart from those in `refused`
    (pairs of an item and the reason it will be left as it is), which it lists after."""
    if "confirm" in request.POST and (form is None or form.is_valid()):
        return None
    left = {obj.pk for obj, _reason in refused}
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "button": button,
        "selected": queryset,
        "items": [obj for obj in queryset if obj.pk not in left],
        "refused": refused,
        "form": form,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/core/confirm_action.html", context)


def asks_first(*, title, question, button):
    """Put under @admin.action: the action shows confirm_bulk_action's page first and runs
    only once it comes back confirmed."""

    def decorator(action):
        @functools.wraps(action)
        def wrapped(modeladmin, request, queryset):
            response = confirm_bulk_action(
                modeladmin,
                request,
                queryset,
                action=action.__name__,
                title=title,
                question=question,
                button=button,
            )
            if response is not None:
                return response
            return action(modeladmin, request, queryset)

        return wrapped

    return decorator


class ReviewViewsMixin:
    """Approve and Reject, on one item's page and as bulk actions on the list. Each opens
    a confirmation page first (Reject asks for the reason the submitter will see), whose
    POST, with its CSRF token, calls the moderation service. Subclasses say what
    approving and rejecting mean (`review_apply`, `review_messages`) and when they are
    possible (`can_review`); a refusal, from either, is shown with its reason."""

    review_noun = "item"
    review_noun_plural = "items"
    # What each decision reports: (for one item, formatted with obj; for the bulk
    # action, formatted with n).
    review_messages = {
        "approve": ("Approved “{obj}”.", "Approved {n} item(s)."),
        "reject": ("Rejected “{obj}”.", "Rejected {n} item(s)."),
    }
    # What the confirmation page says each decision will do: (for one item, for several).
    review_summaries = {}

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(self.review_view),
                {"decision": "approve"},
                name=f"{opts.app_label}_{opts.model_name}_approve",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.review_view),
                {"decision": "reject"},
                name=f"{opts.app_label}_{opts.model_name}_reject",
            ),
            *super().get_urls(),
        ]

    def can_review(self, obj, decision):
        """A sentence saying why `decision` is not possible now, or "" when it is."""
        return ""

    def review_context(self, request, obj):
        """Context the change page's template needs to show the two buttons."""
        opts = self.model._meta
        if obj is None or not self.has_change_permission(request, obj):
            return {}
        return {
            "review_noun": self.review_noun,
            "approve_url": None
            if self.can_review(obj, "approve")
            else reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_approve",
                args=[obj.pk],
            ),
            "reject_url": None
            if self.can_review(obj, "reject")
            else reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_reject",
                args=[obj.pk],
            ),
        }

    def review_view(self, request, object_id, decision):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
        refusal = self.can_review(obj, decision)
        if refusal:
            self.message_user(request, refusal, messages.WARNING)
            return HttpResponseRedirect(change_url)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and (decision == "approve" or form.is_valid()):
            reason = form.cleaned_data["reason"] if decision == "reject" else ""
            # A service that refuses (an answer for another business, a change that
            # clashes with a staff edit) says why, and nothing changes.
            try:
                self.review_apply(request, obj, decision, reason)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                message = self.review_messages[decision][0].format(obj=obj)
                self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{decision.capitalize()} this {self.review_noun}?",
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "decision": decision,
            "form": form if decision == "reject" else None,
            "change_url": change_url,
            "summary": self.review_summaries.get(decision, ("", ""))[0],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/core/review_confirm.html", context)

    def review_apply(self, request, obj, decision, reason=""):
        """Call the service that approves or rejects obj; it may raise ValidationError."""
        raise NotImplementedError

    def review_selected(self, request, queryset, decision):
        """The bulk Approve or Reject: always a confirmation page first, which lists the
        items it will leave as they are with the reason (as the one-item buttons refuse
        them); once confirmed, the same service for each, whose refusals are reported."""
        refused = [(obj, why) for obj in queryset if (why := self.can_review(obj, decision))]
        if len(refused) == len(queryset):
            for obj, why in refused:
                self.message_user(request, f"“{obj}”: {why}", messages.WARNING)
            return None
        reject = decision == "reject"
        form = ReasonForm(request.POST if "confirm" in request.POST else None) if reject else None
        response = confirm_bulk_action(
            self,
            request,
            queryset,
            action=f"{decision}_selected",
            title=f"{decision.capitalize()} {self.review_noun_plural}",
            question=self.review_summaries.get(decision, ("", ""))[1],
            button="Reject and email the submitters" if reject else "Yes, approve them",
            refused=refused,
            form=form,
        )
        if response is not None:
            return response
        reason = form.cleaned_data["reason"] if reject else ""
        left = {obj.pk for obj, _why in refused}
        done = 0
        for obj in queryset:
            if obj.pk in left:
                continue
            try:
                done += bool(self.review_apply(request, obj, decision, reason))
            except ValidationError as exc:
                self.message_user(request, f"“{obj}”: {' '.join(exc.messages)}", messages.ERROR)
        for obj, why in refused:
            self.message_user(request, f"“{obj}”: {why}", messages.WARNING)
        self.message_user(
            request, self.review_messages[decision][1].format(n=done), messages.SUCCESS
        )
        return None


class ModerationAdminMixin(ReviewViewsMixin):
    """Approve and reject actions, status filter with counts and review fields, for any
    model built on apps.core.moderation.models.Moderated."""

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

    def view_on_site(self, obj):
        # Only published items have a public page; the others would 404.
        if obj.is_published and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.action(description="Approve and publish selected items", permissions=["change"])
    def approve_selected(self, request, queryset):
        return self.review_selected(request, queryset, "approve")

    @admin.action(description="Reject selected items…", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self.review_selected(request, queryset, "reject")

    @admin.action(
        description="Archive selected items (withdraw from the site)", permissions=["change"]
    )
    @asks_first(
        title="Archive",
        question="These items will be withdrawn from the public site.",
        button="Yes, archive them",
    )
    def archive_selected(self, request, queryset):
        done = sum(services.submission_archive(obj=obj, by=request.user) for obj in queryset)
        self.message_user(request, f"Archived {done} item(s).", messages.SUCCESS)

    review_noun = "submission"
    review_noun_plural = "submissions"
    review_messages = {
        "approve": ("Published “{obj}”.", "Published {n} item(s)."),
        "reject": (
            "Rejected “{obj}” and told the submitter why.",
            "Rejected {n} item(s) and told the submitters why.",
        ),
    }
    review_summaries = {
        "approve": (
            "It will be published and its submitter emailed.",
            "These items will be published and their submitters emailed.",
        ),
        "reject": (
            "It will not be published. The submitter is emailed the reason.",
            "They will not be published. Their submitters are emailed the reason.",
        ),
    }

    def can_review(self, obj, decision):
        if decision == "approve":
            if obj.status == Status.UNCONFIRMED:
                return "The submitter has not confirmed their email address yet."
            if obj.status == Status.PUBLISHED:
                return "It is already published."
            return obj.approval_refusal() or ""
        elif obj.status == Status.REJECTED:
            return "It is already rejected."
        return ""

    def review_apply(self, request, obj, decision, reason=""):
        if decision == "approve":
            return services.submission_approve(obj=obj, by=request.user)
        return services.submission_reject(obj=obj, by=request.user, reason=reason)

    def pending_changes(self, obj):
        return PendingChange.objects.for_object(obj).awaiting_review()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["pending_changes"] = self.pending_changes(obj)
            extra_context["is_moderated"] = True
            extra_context.update(self.review_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)


class ReviewedTypeFilter(admin.SimpleListFilter):
    """The kinds of item a submitter can edit, not every content type Django knows."""

    title = "kind of item"
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*services.manageable_models())
        return sorted(
            ((ct.pk, model._meta.verbose_name_plural.capitalize()) for model, ct in types.items()),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(PendingChange)
class PendingChangeAdmin(ReviewViewsMixin, PortalModelAdmin):
    list_display = ["__str__", "target_link", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", ReviewedTypeFilter]
    change_form_template = "admin/core/pendingchange/change_form.html"
    review_noun = "change"
    review_noun_plural = "changes"
    review_messages = {
        "approve": ("Approved the change to “{obj.target}”.", "Approved {n} change(s)."),
        "reject": (
            "Rejected the change to “{obj.target}” and told the submitter why.",
            "Rejected {n} change(s).",
        ),
    }
    review_summaries = {
        "approve": (
            "The changes go live and the submitter is emailed.",
            "These changes will go live and their submitters be emailed.",
        ),
        "reject": (
            "The live version stays as it is. The submitter is emailed the reason.",
            "The live versions stay as they are. The submitters are emailed the reason.",
        ),
    }
    search_fields = ["object_id", "moderation_note"]
    show_full_result_count = False
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

    def can_review(self, obj, decision):
        if obj.status != PendingChange.Status.PENDING:
            return f"This change is no longer waiting for review: {obj.get_status_display()}."
        if obj.target is None:
            return "The item it changes has been deleted."
        return ""

    def review_apply(self, request, obj, decision, reason=""):
        if decision == "approve":
            return services.change_approve(change=obj, by=request.user)
        return services.change_reject(change=obj, by=request.user, reason=reason)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on this page is edited: it is approved or rejected, never saved.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_save_as_new": False,
        }
        obj = self.get_object(request, unquote(object_id))
        extra_context.update(self.review_context(request, obj))
        if obj is not None and obj.target is not None:
            extra_context["title"] = f"Review the change to “{obj.target}”"
        return super().change_view(request, object_id, form_url, extra_context)

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

    def get_readonly_fields(self, request, obj=None):
        # Without the personal-data permission the diff leaves out the item's personal
        # fields (a new contact name or address) instead of disappearing.
        fields = list(super().get_readonly_fields(request, obj))
        if self.hidden_personal_fields(request):
            fields = [f if f != "change_diff" else "change_diff_without_personal" for f in fields]
        return fields

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description="What would change")
    def change_diff(self, obj, *, without_personal=False):
        target = obj.target
        if target is None:
            return "The item has been deleted."
        data = snapshots.proposed(obj.data, obj.base)
        if without_personal:
            hidden = set(access.personal_fields(type(target)))
            data = {name: value for name, value in data.items() if name not in hidden}
        rows = snapshots.diff(target, data)
        conflicts = (
            services.change_conflicts(change=obj)
            if obj.status == PendingChange.Status.PENDING
            else []
        )
        if not rows and not conflicts:
            return "Nothing differs from the live version."
        return render_to_string(
            "admin/core/change_diff.html", {"rows": rows, "conflicts": conflicts}
        )

    @admin.display(description="What would change (personal data left out)")
    def change_diff_without_personal(self, obj):
        return self.change_diff(obj, without_personal=True)

    def get_queryset(self, request):
        # Each row links to its item: fetch them per content type, not per row.
        return super().get_queryset(request).prefetch_related("target")

    @admin.action(description="Approve selected changes", permissions=["change"])
    def approve_selected(self, request, queryset):
        return self.review_selected(request, queryset, "approve")

    @admin.action(description="Reject selected changes…", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self.review_selected(request, queryset, "reject")
