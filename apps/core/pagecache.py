"""Whole-page cache for anonymous visitors, invalidated whenever portal content changes.

The site's CSP has no per-request nonces, so a page rendered for one anonymous visitor is
byte-for-byte right for the next. A page is served from the cache only when:

- PAGE_CACHE_SECONDS is above 0 (off by default: with the per-process local-memory cache
  and several gunicorn workers, one worker could not tell the others to drop a page, so
  turn it on with a shared cache such as Redis);
- the request is a GET or HEAD without a session or messages cookie, so staff who are
  signed in, and visitors in the middle of a submission, always get a fresh page;
- the response was a 200 that set no cookie, used no CSRF token and is not private.

Invalidation is by generation: any save, delete or many-to-many change of a model in the
portal's own apps bumps one counter, which is part of every key, so publishing anything
drops every cached page at once. Today's date is part of the key too, because listings
expire by date. Cached pages carry an ETag, so revalidation answers 304 without a body.
"""

import functools
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag

GENERATION_KEY = "pagecache:generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate(**kwargs):
    """Drop every cached page (by moving to a new generation)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _portal_model(sender):
    config = apps.get_containing_app_config(sender.__module__)
    return config is not None and config.name.startswith("apps.")


def _content_changed(sender, **kwargs):
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) and _portal_model(sender):
        invalidate()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"pagecache-{id(signal)}")


def _has_visitor_state(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _cacheable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request):
    path = hashlib.md5(  # noqa: S324 - a cache key, not a security feature
        f"{request.get_host()}{request.get_full_path()}".encode()
    ).hexdigest()
    return f"pagecache:{generation()}:{timezone.localdate().isoformat()}:{path}"


def cache_public_page(view):
    """Serve the view's anonymous GET responses from the cache (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or request.method not in ("GET", "HEAD") or _has_visitor_state(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(request, etag=response["ETag"], response=response)
        response = view(request, *args, **kwargs)
        if _cacheable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            digest = hashlib.md5(response.content).hexdigest()  # noqa: S324 - an ETag
            response["ETag"] = quote_etag(digest)
            # Browsers and proxies must ask again: the page changes when content does.
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
