"""The shared page cache: anonymous pages served from a cache that every worker and every
instance sees, and moved to a new generation whenever public content changes.

A page is served from the cache only when:

- PAGE_CACHE_SECONDS is above 0 (the default in production);
- the request is a GET or HEAD without a session or messages cookie, so staff who are
  signed in and visitors in the middle of a submission always get a fresh page, and the
  path is not one of PAGE_CACHE_EXCLUDED_PATHS (the admin, the API, the health check);
- the response was a 200 that set no cookie, used no CSRF token, varies on nothing but
  the cookie and Accept headers, and is not private.

Never stale. Every entry carries the generation it was rendered in. A transaction that
changes public content moves the generation on when it commits (`content_changed()`),
whichever path made the change: a model signal for saves, deletes and many-to-many
changes (forms, services, the admin, imports), and an explicit call from the services
that write with `QuerySet.update()` or `bulk_create()`, which send no signal. Today's date
is part of the key, because listings expire by date, and a page is kept no longer than
the next scheduled publication (`scheduled()`). A release (`migrate`) moves to a new
generation too, so no page or fragment rendered by the previous code is served. The
generation and the page are read in one round trip (`get_many`), and the request's page
is rendered from the database only after the generation was read, so a page rendered
before a change is never served after it.

Each page is gzipped once, when stored: a hit answers a client that accepts gzip (every
browser) with the stored bytes and `Content-Encoding: gzip`, and any other client with
the plain page (`Vary: Accept-Encoding`, one entry for both).

A cache outage never breaks a page: the error is logged and the page is served uncached
(`status()` reports it to /healthz).
"""

import hashlib
import logging
import re
import time
import zlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Request headers a cached response may vary on: they are part of the key.
KEYED_HEADERS = ("accept",)
# As django.middleware.gzip decides whether a client takes gzip.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# zlib's window bits for the gzip format (a gzip header and trailer around the stream).
_GZIP_FORMAT = 16 + zlib.MAX_WBITS

_private_models = set()
_schedules = []


def private_models(*models):
    """Declare models whose rows never show on a public page (enquiries, needs, pending
    changes): writing them leaves the cached pages alone. Called from AppConfig.ready()."""
    _private_models.update(models)


def scheduled(next_change):
    """Register `next_change(now)`: the next time public content changes by the clock
    alone (a story scheduled for 14:00), or None. A page is kept no longer than that.
    Called from AppConfig.ready(); dates are in the key already."""
    _schedules.append(next_change)


def keep_for(seconds):
    """How long to keep an entry: `seconds`, or less when public content changes by the
    clock alone before then (see scheduled())."""
    now = timezone.now()
    times = [at for at in (next_change(now) for next_change in _schedules) if at is not None]
    if not times:
        return seconds
    return max(1, min(seconds, int((min(times) - now).total_seconds()) + 1))


def _timeout():
    return keep_for(settings.PAGE_CACHE_SECONDS)


def generation():
    """The current generation, started if there is none. Raises if the cache is down."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate():
    """Drop every cached page now, by moving to a new generation."""
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:
        logger.exception(
            "Page cache: the generation could not be moved on; cached pages may be "
            "stale for up to PAGE_CACHE_SECONDS once the cache is back."
        )


def content_changed(using=None):
    """Public content changed in the current transaction: drop every cached page once it
    commits (at once outside a transaction; never if it rolls back)."""
    transaction.on_commit(invalidate, using=using)


def _is_portal_model(model):
    config = apps.get_containing_app_config(model.__module__)
    return config is not None and config.name.startswith("apps.") and model not in _private_models


def _never_published(instance):
    """A moderated submission that is not published: on no public page."""
    from apps.core.moderation.models import Moderated, Status

    return isinstance(instance, Moderated) and instance.status != Status.PUBLISHED


def _saved(sender, instance, created, using, **kwargs):
    # A new submission waits for review; any other write may change a public page (a
    # published row edited, or taken down by a change of status).
    if _is_portal_model(sender) and not (created and _never_published(instance)):
        content_changed(using)


def _deleted(sender, instance, using, **kwargs):
    if _is_portal_model(sender) and not _never_published(instance):
        content_changed(using)


def _m2m_changed(sender, instance, action, using, **kwargs):
    if (
        action.startswith("post_")
        and _is_portal_model(type(instance))
        and not _never_published(instance)
    ):
        content_changed(using)


def _released(sender, **kwargs):
    # A release runs migrate: pages and fragments rendered by the previous code (its
    # templates) are dropped with the rest.
    invalidate()


def connect_signals(core_config=None):
    if core_config is not None:
        post_migrate.connect(_released, sender=core_config, dispatch_uid="pagecache-released")
    post_save.connect(_saved, dispatch_uid="pagecache-saved")
    post_delete.connect(_deleted, dispatch_uid="pagecache-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")


def status():
    """ "ok", or "degraded" when the cache cannot be read or written."""
    try:
        generation()
    except Exception:
        logger.exception("Page cache: the cache is unavailable")
        return "degraded"
    return "ok"


def _servable(request):
    cookies = request.COOKIES
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
    )


def _cacheable(request, response):
    cache_control = response.get("Cache-Control", "")
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page holds a CSRF token, which belongs to this visitor alone.
        and not request.META.get("CSRF_COOKIE_USED")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and vary <= {"cookie", *KEYED_HEADERS}
        # Stored gzipped and served either way (see _frozen): never encoded already.
        and not response.has_header("Content-Encoding")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request):
    headers = "\n".join(request.headers.get(name, "") for name in KEYED_HEADERS)
    digest = hashlib.md5(  # noqa: S324 - a cache key, not a security feature
        f"{request.get_host()}\n{request.get_full_path()}\n{headers}".encode()
    ).hexdigest()
    # "v3": the entry's shape (see _frozen); a new shape needs a new prefix.
    return f"pagecache:v3:{timezone.localdate().isoformat()}:{digest}"


def _frozen(response):
    """What the cache keeps of a page: its status, headers and gzipped body. A few
    kilobytes rather than the pickled response, so the database cache reads it fast, and
    already in the form a browser takes (gzipped once, when stored)."""
    compressor = zlib.compressobj(4, zlib.DEFLATED, _GZIP_FORMAT)
    body = compressor.compress(response.content) + compressor.flush()
    return response.status_code, list(response.items()), body


def _thawed(frozen, request):
    """The stored page as the client takes it: the gzipped body as it is, with
    `Content-Encoding: gzip`, to a client that accepts gzip (every browser), so a large
    page costs a hit little more than a small one; the plain body to any other."""
    status, headers, body = frozen
    gzipped = bool(_ACCEPTS_GZIP.search(request.headers.get("accept-encoding", "")))
    response = HttpResponse(body if gzipped else zlib.decompress(body, _GZIP_FORMAT), status=status)
    for name, value in headers:
        response[name] = value
    if gzipped:
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        # Another representation of the same page: a weak ETag, as GZipMiddleware gives.
        response["ETag"] = "W/" + response["ETag"].removeprefix("W/")
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous pages (see the module docstring). Placed before the
    session, CSRF and authentication middleware, so a hit runs none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _servable(request):
            return self.get_response(request)
        key = _key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY) or generation()
        except Exception:
            logger.exception("Page cache: the cache is unavailable; serving uncached")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            response = _thawed(entry[1], request)
            response["X-Page-Cache"] = "hit"
            return get_conditional_response(request, etag=response["ETag"], response=response)

        response = self.get_response(request)
        if _cacheable(request, response):
            self._store(key, current, response)
        return response

    @staticmethod
    def _store(key, current, response):
        if hasattr(response, "render") and callable(response.render):
            response.render()
        digest = hashlib.md5(response.content).hexdigest()  # noqa: S324 - an ETag
        response["ETag"] = quote_etag(digest)
        # Browsers and proxies must ask again: the page changes when content does. A hit
        # is gzipped for clients that accept it.
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        try:
            cache.set(key, (current, _frozen(response)), _timeout())
        except Exception:
            logger.exception("Page cache: could not store a page; serving uncached")
            return
        response["X-Page-Cache"] = "miss"
