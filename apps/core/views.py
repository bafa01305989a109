import sys

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.moderation import links, services
from apps.core.moderation.models import PendingChange, Status
from apps.core.security.middleware import database_unavailable_response, is_database_outage
from apps.core.security.ratelimit import ratelimit, within_limit
from apps.core.web import pagecache, search
from apps.core.web.forms import ManageLinkForm


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    # Pages are served uncached while the cache is down: slower, but up.
    if pagecache.status() != "ok":
        return HttpResponse("ok\ncache degraded\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 handler (handler500): a database outage met outside a view, such as a
    staff session read by middleware, is a 503 like any other, not an error page."""
    if is_database_outage(sys.exception()):
        return database_unavailable_response()
    return defaults.server_error(request)


def bench_floor(request):
    """The benchmark's floor: a constant answer through the full middleware stack, no
    database. Routed only when settings.BENCH_FLOOR is on."""
    return HttpResponse("ok\n", content_type="text/plain")


def _no_referrer(response):
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
@never_cache
def link(request):
    """Open an emailed link: act on it, grant the session, and move to a clean URL."""
    try:
        found = links.redeem(request, request.GET.get(links.PARAM, ""))
    except links.LinkError as exc:
        return link_refused(request, reason=str(exc))
    obj = found.obj
    # A fresh session key: whoever planted a session cookie cannot share the grant.
    request.session.cycle_key()
    if found.purpose == "vouch":
        # Opened by the organisation's contact, not the submitter: no grant to the item.
        services.submission_vouch(obj=obj)
        return _no_referrer(redirect("core:vouched"))
    links.grant(request, purpose="status", obj=obj, renew=not found.reopened)
    target = reverse("core:status", args=[obj.reference])
    if found.purpose == "confirm":
        services.submission_confirm(obj=obj)
    elif found.purpose == "manage" and obj.submitter_can_edit():
        links.grant(request, purpose="manage", obj=obj, renew=not found.reopened)
        target = reverse(obj.manage_url_name, args=[obj.reference])
    elif found.purpose == "reconfirm" and services.submission_reconfirm(obj=obj):
        messages.success(request, "Thank you for confirming that your listing is current.")
    return _no_referrer(redirect(target))


@require_GET
@never_cache
def link_refused(request, token=None, *, reason="invalid"):
    """An unknown, expired or used link; also any /link/<token>/ of the old signed kind."""
    response = render(request, "core/link_invalid.html", {"reason": reason}, status=400)
    return _no_referrer(response)


@never_cache
def vouched(request):
    """Where a business's "they may answer for us" link lands."""
    return render(request, "core/vouched.html")


@never_cache
def status(request, reference):
    """Where a submission stands, for the person who opened its emailed link."""
    obj = granted(request, reference, "status")
    if obj is None:
        return status_locked(request)
    pending_change = (
        PendingChange.objects.for_object(obj).awaiting_review().first()
        if obj.status == Status.PUBLISHED
        else None
    )
    return render(
        request,
        "core/status.html",
        {
            "obj": obj,
            "kind": services.kind_of(obj),
            "wording": obj.submitter_status,
            "Status": Status,
            "pending_change": pending_change,
        },
    )


@ratelimit(name="withdraw", limit=30)
def withdraw(request, reference):
    """The submitter withdraws what they sent: linked from its status page, this page says
    what will happen and asks first; nothing changes until its form is sent."""
    obj = granted(request, reference, "status")
    if obj is None:
        return status_locked(request)
    if not obj.submitter_can_withdraw():
        return redirect("core:status", reference)
    kind = services.kind_of(obj)
    if request.method == "POST":
        if within_limit(request, None) and services.submitter_withdraw(obj=obj):
            messages.success(request, f"Your {kind} has been withdrawn.")
        return redirect("core:status", reference)
    return render(
        request,
        "core/withdraw.html",
        {"obj": obj, "kind": kind, "published": obj.status == Status.PUBLISHED},
    )


@ratelimit(name="manage", limit=30, email_field="email", email_limit=5)
def manage(request):
    """Ask for a fresh link to update something sent earlier."""
    if request.method == "POST":
        form = ManageLinkForm(request.POST)
        if within_limit(request, form) and form.is_valid():
            services.manage_links_request(email=form.cleaned_data["email"])
            request.session["manage_sent_to"] = form.cleaned_data["email"]
            return redirect("core:manage_sent")
    else:
        form = ManageLinkForm()
    return render(request, "core/manage.html", {"form": form})


def manage_sent(request):
    email = request.session.get("manage_sent_to")
    if not email:
        return redirect("core:manage")
    return render(
        request,
        "core/manage_sent.html",
        {
            "email": email,
            "link_hours": settings.LINK_MAX_AGE["manage"] // 3600,
        },
    )


def search_page(request):
    text = request.GET.get("q", "")
    q = text[: search.MAX_QUERY_LENGTH]
    groups, fuzzy = search.search(text) if text.strip() else ([], False)
    return render(
        request,
        "core/search.html",
        {
            "q": q,
            # A full group may have more: it links to its source's own search.
            "groups": [
                (source, hits, source.more_url(q) if len(hits) >= search.HITS_PER_SOURCE else "")
                for source, hits in groups
            ],
            "fuzzy": fuzzy,
            "total": sum(len(hits) for _, hits in groups),
        },
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /manage/",
        "Disallow: /link/",
        "Disallow: /status/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page(request, template):
    return render(request, f"pages/{template}.html")


def granted(request, reference, purpose, model=None):
    """The object an emailed link opened in this session for `purpose`, or None.

    "manage" is granted by a manage link, for the object's edit pages; "status" by any of
    its links, for its status page and the actions that page offers. With no `model`,
    every moderated type is looked in."""
    if not links.has_grant(request, purpose=purpose, reference=reference):
        return None
    for candidate in [model] if model is not None else services.moderated_models():
        obj = candidate.objects.filter(reference=reference).first()
        if obj is not None:
            return obj
    return None


def status_locked(request):
    return render(request, "core/status_locked.html", status=403)


def manage_expired(request):
    messages.error(
        request, "That link has expired or was opened in another browser. Ask for a new one below."
    )
    return redirect("core:manage")


def check_your_email(request, *, template, start):
    """The page after a public submission: where the confirmation link went. The address
    is in the session only after the form was sent; otherwise back to the form (`start`)."""
    email = request.session.get("submitted_to")
    if not email:
        return redirect(start)
    return render(request, template, {"email": email})


def save_submitter_edit(request, *, obj, values, noun):
    """Apply a submitter's edit made through a manage link (held for review while the
    item is published), say which happened, and go back to its status page."""
    change = services.submitter_edit(obj=obj, values=values)
    if change is not None:
        messages.success(
            request,
            f"Thank you. We will check your changes; your {noun} stays as it is until we "
            "approve them.",
        )
    else:
        messages.success(request, "Your details have been saved.")
    return redirect("core:status", obj.reference)
