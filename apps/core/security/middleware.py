import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from pghistory.middleware import HistoryMiddleware

from apps.core.security.logging import redact


class RequestSizeLimitMiddleware:
    """Refuse request bodies over MAX_REQUEST_BYTES with a clear 413 page before Django
    reads them. DATA_UPLOAD_MAX_MEMORY_SIZE does not count file uploads, which would
    otherwise stream to disk without limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "413.html",
                {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def is_database_outage(exception):
    """Whether an exception means PostgreSQL cannot be reached, rather than a bug."""
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def database_unavailable_response():
    """The friendly 503 page, rendered without the database."""
    body = render_to_string("503.html", {"site_name": "Newcastle Gateshead Tech"})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page, rendered without the database, while PostgreSQL
    is unreachable. Connections are health-checked, so the site recovers by itself.

    This catches what views raise. What the middleware after it raises (a staff session
    or user read from the database, say) reaches the 500 handler instead, which gives the
    same 503 (apps.core.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return database_unavailable_response()
        return None


def admin_path_prefix():
    from django.urls import reverse

    return reverse("admin:index")


class AuditContextMiddleware(HistoryMiddleware):
    """Attach the acting user and URL to every audit event written during a request.

    The user is looked up only on admin pages, where staff work and the admin loads the
    user anyway, so public pages make no extra query for it.
    """

    def get_context(self, request):
        user = None
        if request.path.startswith(admin_path_prefix()):
            user = getattr(request, "user", None)
        user_id = (
            user._meta.pk.get_db_prep_value(user.pk, connection)
            if user is not None and user.is_authenticated
            else None
        )
        # Signed-link tokens sit in the path: keep them out of the audit tables too.
        return {"user": user_id, "url": redact(request.path)}


class StaffIdleTimeoutMiddleware:
    """Sign staff out after STAFF_IDLE_TIMEOUT seconds without a request to the admin.

    The last-seen time is written at most once a minute, so most requests save nothing.
    """

    REFRESH_EVERY = 60
    SESSION_KEY = "staff_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(admin_path_prefix()):
            user = request.user
            if user.is_authenticated and user.is_staff:
                now = int(time.time())
                last_seen = request.session.get(self.SESSION_KEY)
                if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                    logout(request)
                    messages.info(request, "You were signed out after a period without activity.")
                elif last_seen is None or now - last_seen >= self.REFRESH_EVERY:
                    request.session[self.SESSION_KEY] = now
        return self.get_response(request)
