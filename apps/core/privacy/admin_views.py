"""The staff page for a subject-access or erasure request: find everything held about one
email address, download it as JSON, or erase it after a confirmation step.

Everything is POSTed, so the address never appears in a URL, a log line or history.
Only superusers may use it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.core.exports import services
from apps.core.exports.models import DataExport
from apps.core.privacy import personal_data


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)


class EraseConfirmForm(PersonalDataForm):
    confirm = forms.BooleanField(
        label="I have checked the request is genuine and want to erase all of this",
        required=True,
    )


def _rows(held, site_name):
    rows = []
    for model, queryset in held.items():
        opts = model._meta
        for obj in queryset:
            try:
                url = reverse(
                    f"{site_name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                )
            except NoReverseMatch:
                url = None
            rows.append({"kind": opts.verbose_name.capitalize(), "obj": obj, "url": url})
    return rows


def _download(request, email):
    """Everything held about the address as a JSON attachment, recorded as an export (who,
    when, how many records), without the address itself."""
    held = personal_data.export(email)
    services.data_export_record(
        user=request.user,
        what="Everything held about one email address",
        rows=len(held["records"]),
        kind=DataExport.Kind.SUBJECT_ACCESS,
        with_personal_data=True,
    )
    response = HttpResponse(personal_data.to_json(held), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{timezone.localdate():%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


def personal_data_view(request, admin_site):
    if not request.user.is_superuser:
        raise PermissionDenied
    context = {
        **admin_site.each_context(request),
        "title": "Personal data: export or erase (UK GDPR)",
        "models": [
            (model._meta.verbose_name_plural, fields)
            for model, fields in personal_data.personal_data_models()
        ],
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = PersonalDataForm(request.POST if action else None)
    context["form"] = form
    if not action or not form.is_valid():
        return TemplateResponse(request, "admin/core/personal_data.html", context)
    email = form.cleaned_data["email"]
    if action == "export":
        return _download(request, email)
    held = personal_data.find(email)
    context.update(email=email, rows=_rows(held, admin_site.name))
    if action == "erase_confirmed":
        confirm = EraseConfirmForm(request.POST)
        if confirm.is_valid():
            result = personal_data.erase(email)
            deleted = sum(result["deleted"].values())
            anonymised = sum(result["anonymised"].values())
            admin_site_message = (
                f"Erased the personal data held for that address: {deleted} record(s) deleted"
                + (f", {anonymised} kept without the contact's details" if anonymised else "")
                + "."
            )
            messages.success(request, admin_site_message)
            return HttpResponseRedirect(reverse(f"{admin_site.name}:personal_data"))
        context.update(confirm_form=confirm, erasing=True)
    elif action == "erase":
        context.update(confirm_form=EraseConfirmForm(initial={"email": email}), erasing=True)
    return TemplateResponse(request, "admin/core/personal_data.html", context)
