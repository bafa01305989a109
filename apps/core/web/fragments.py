"""Shared fragments: values that cost a page many milliseconds to work out and that
every visitor sees alike (headline facts, the skills map's figures, the open-data
catalogue's dates), kept in the shared cache and worked out once per page-cache
generation, not once per request.

Never stale, by the page cache's own rule (apps.core.web.pagecache): every entry carries
the generation it was worked out in, the generation and the entry are read in one round
trip (`get_many`) before anything is worked out, and a change to public content moves
the generation on when it commits. An entry from an older generation is never returned.
Today's date is part of the key, and an entry is kept no longer than the next scheduled
publication, as pages are.

A fragment must depend only on public content, the date and the `vary` values it is
keyed by; never on the visitor (their session, their messages, a CSRF token). The page
cache stores whole pages for anonymous visitors; fragments also speed up the pages it
cannot store (a long-tail search, a page with a CSRF form) and the render after each
publish, which is the first to work a fragment out again.

FRAGMENT_CACHE_SECONDS (default 600) sets how long an entry is kept; 0 works every
fragment out on every request (the tests' default, as their transactions never commit
and so never move the generation on). A cache outage never breaks a page: the value is
worked out and the error logged.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.core.web import pagecache

logger = logging.getLogger(__name__)


def _key(name, vary):
    digest = hashlib.md5(repr(vary).encode()).hexdigest()  # noqa: S324 - a cache key
    return f"fragment:v1:{timezone.localdate().isoformat()}:{name}:{digest}"


def cached(name, compute, *vary):
    """compute(), shared by every worker until public content changes. `vary` holds the
    plain values (ids, strings, numbers) the result depends on besides public content
    and the date; `name` says what the fragment is, and a new shape of value needs a new
    name."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = _key(name, vary)
    try:
        found = cache.get_many([pagecache.GENERATION_KEY, key])
        current = found.get(pagecache.GENERATION_KEY) or pagecache.generation()
    except Exception:
        logger.exception("Fragment cache: the cache is unavailable; working %s out", name)
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    try:
        cache.set(key, (current, value), pagecache.keep_for(seconds))
    except Exception:
        logger.exception("Fragment cache: could not store %s", name)
    return value
