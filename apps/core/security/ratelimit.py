"""Rate limits on the public forms, kept in the shared cache so every worker and every
instance behind the load balancer counts the same submissions.

Only accepted submissions count: a POST answered with a redirect. A form with mistakes,
a round trip that adds a row without JavaScript, or a refusal costs nothing. Each form
has two limits per hour, and a submission is refused when either is reached:

- per client address, generous, because a whole office or university may share one;
- per email address typed into the form, tighter, so one inbox cannot be flooded.

A refused submission is not thrown away: the view shows the form again as it was
typed, with the reason and the time to try again (`within_limit`), answered 429 with
`Retry-After`.
"""

import datetime
import functools
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

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


def _bucket(key, window, now):
    """The cache key of this window's count, and the second the window ends."""
    start = int(now // window) * window
    return f"rl:{key}:{start}", start + window


def counts(keys, *, window):
    """The counts so far in this window ({key: count}); None when the cache is down."""
    now = time.time()
    buckets = {_bucket(key, window, now)[0]: key for key in keys}
    try:
        found = cache.get_many(list(buckets))
    except Exception:
        logger.exception("Rate limit: the cache is unavailable; not counting %s", list(keys))
        return None
    return {key: found.get(bucket, 0) for bucket, key in buckets.items()}


def count(key, *, window):
    """Count one request against key in this window, atomically (Redis INCR, or the
    database cache's locked increment). Returns the count so far and the seconds until
    the window ends. Raises when the cache is down."""
    now = time.time()
    bucket, ends = _bucket(key, window, now)
    try:
        # Most requests find their window's count already there: one statement to add.
        value = cache.incr(bucket)
    except ValueError:  # the window's first request (or its count has just expired)
        # If another worker's first request added it in between, count on from there.
        value = 1 if cache.add(bucket, 1, timeout=window) else cache.incr(bucket)
    return value, max(1, math.ceil(ends - now))


def hit(key, *, window):
    """Count one accepted request against key; the count so far, or None when the cache
    is down (logged: refusing every form while the cache is out would be worse)."""
    try:
        return count(key, window=window)[0]
    except Exception:
        logger.exception("Rate limit: the cache is unavailable; not counting %s", key)
        return None


@dataclass
class Refusal:
    """A submission over a limit: when the window ends, and whether the view told the
    person (the form shown again with the reason)."""

    retry_after: int
    shown: bool = False

    def message(self, *, typed=True):
        at = timezone.localtime() + datetime.timedelta(seconds=self.retry_after)
        minutes = max(1, math.ceil(self.retry_after / 60))
        when = f"after {at:%H:%M} (in about {minutes} minute{'s' if minutes != 1 else ''})"
        kept = (
            f"Nothing has been saved yet, and your answers are still here: send them again {when}."
            if typed
            else f"Nothing has been changed: try again {when}."
        )
        return (
            "This form has been sent many times recently from your connection or for "
            f"this email address, so we have paused it to protect the service. {kept}"
        )


def within_limit(request, form):
    """True when this submission may be saved. Over a limit: False, with the reason and
    the time to try again added to the form's errors, so that it is shown again as typed.
    Call it before `form.is_valid()`: every other error is found as well."""
    refusal = getattr(request, "rate_limit", None)
    if refusal is None:
        return True
    refusal.shown = True
    if hasattr(form, "add_error"):
        form.add_error(None, refusal.message())
    else:  # a formset, or a button (None): the message goes at the top of the page
        messages.error(request, refusal.message(typed=form is not None))
    return False


def _email_key(request, field):
    email = request.POST.get(field, "").strip().lower() if field else ""
    # A keyed hash: the address itself never becomes a cache key.
    if not email:
        return None
    return salted_hmac("ratelimit-email", email, algorithm="sha256").hexdigest()[:32]


def _refusal(limits, window):
    found = counts([key for key, _ in limits], window=window)
    if found is None or all(found[key] < limit for key, limit in limits):
        return None
    _, ends = _bucket("", window, time.time())
    return Refusal(retry_after=max(1, math.ceil(ends - time.time())))


def ratelimit(*, name, limit, email_field=None, email_limit=5, window=3600):
    """Limit the decorated view's accepted POSTs to `limit` per client address, and to
    `email_limit` per address typed in `email_field`, per window (seconds).

    The view calls `within_limit(request, form)` before saving (see above)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST" or not settings.RATELIMIT_ENABLED:
                return view(request, *args, **kwargs)
            limits = [(f"{name}:ip:{client_ip(request)}", limit)]
            if (email := _email_key(request, email_field)) is not None:
                limits.append((f"{name}:email:{email}", email_limit))
            request.rate_limit = refusal = _refusal(limits, window)
            response = view(request, *args, **kwargs)
            redirected = 300 <= response.status_code < 400
            if refusal is None:
                if redirected:  # accepted
                    for key, _ in limits:
                        hit(key, window=window)
            elif refusal.shown:
                if not redirected:  # the form again, as typed, with the reason
                    response.status_code = 429
                response["Retry-After"] = str(refusal.retry_after)
            elif redirected:
                logger.error("Rate limit: %s accepted a POST over its limit", name)
            return response

        return wrapped

    return decorator
