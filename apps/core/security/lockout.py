"""The staff sign-in lockout page (django-axes' AXES_LOCKOUT_CALLABLE): axes' own page,
plus the Retry-After header every 429 of the site carries."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
