"""A fixed-window rate limit per client IP, kept in the shared cache so every
instance behind the load balancer counts the same requests."""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_HOPS proxies it is the entry they
    appended to X-Forwarded-For; earlier entries come from the client and could be
    forged to dodge the limit, so they are ignored."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip()
            for part in request.headers.get("x-forwarded-for", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def hit(key, *, limit, window):
    """Count one request against key; True while the count is within limit.

    With the cache down nothing can be counted: the request is let through (and logged),
    as refusing every form while the cache is out would be the worse failure."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    try:
        cache.add(bucket, 0, timeout=window)
        try:
            count = cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, timeout=window)
            count = 1
    except Exception:
        logger.exception("Rate limit: the cache is unavailable; not counting %s", key)
        return True
    return count <= limit


def ratelimit(*, name, limit, window=3600, methods=("POST",)):
    """Limit the decorated view to `limit` requests per IP per window for the given methods."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method in methods
                and settings.RATELIMIT_ENABLED
                and not hit(f"{name}:{client_ip(request)}", limit=limit, window=window)
            ):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
