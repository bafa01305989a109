"""Email links: the submitter's identity without accounts (decisions 0003 and 0041).

A link is an opaque random token in the query string of /link/. The token says nothing
by itself: the server keeps one EmailLink row per link with the token's SHA-256, the
purpose, the item, a keyed hash of the address it was sent to and its expiry.

Confirm and manage links work once. Opening a link puts a short-lived grant in the
session (a new session key) and redirects to a clean URL, so the token never sits in
the address bar, history, referrers or later requests. The access log formats of
gunicorn and of the nginx example leave query strings out, so the token never reaches
them either.
"""

import hashlib
import string
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from apps.core.moderation.models import EmailLink

_SESSION_KEY = "portal_grants"
# The query-string parameter that carries the token.
PARAM = "t"
# Links that act or open an editing session work once; the others may be reopened
# until they expire (a status page, "my listing is still current").
SINGLE_USE = frozenset({"confirm", "manage"})
# How long a session may use what a link opened, per grant.
GRANT_SECONDS = {"status": 60 * 60 * 2, "manage": 60 * 60}
_ALPHABET = string.ascii_letters + string.digits


class LinkError(Exception):
    """The link is unknown, expired, already used or no longer matches the item.
    str(error) is one of "invalid", "expired", "used"."""


@dataclass(frozen=True)
class Link:
    purpose: str
    obj: object
    # A used link opened again in the browser that used it: its grants are not renewed.
    reopened: bool = False


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _email_hash(email):
    return salted_hmac(
        "apps.core.links.email", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def make_token(*, purpose, obj):
    """Store a new link for `obj` and return its token (43 random characters)."""
    if purpose not in settings.LINK_MAX_AGE:
        raise ValueError(f"Unknown link purpose {purpose!r}")
    token = get_random_string(43, _ALPHABET)
    EmailLink.objects.create(
        token_hash=_token_hash(token),
        purpose=purpose,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        email_hash=_email_hash(obj.contact_email),
        expires_at=timezone.now() + timedelta(seconds=settings.LINK_MAX_AGE[purpose]),
    )
    return token


def path_for(token):
    """The site-relative URL that opens a token."""
    return reverse("core:link") + "?" + urlencode({PARAM: token})


def make_url(*, purpose, obj):
    return settings.SITE_URL + path_for(make_token(purpose=purpose, obj=obj))


def redeem(request, token):
    """Return the Link a token stands for, using it up if it works once, or raise
    LinkError. A used link opened again in the browser that used it still works while
    that browser's grant lasts."""
    row = (
        EmailLink.objects.filter(token_hash=_token_hash(token or ""))
        .select_related("content_type")
        .first()
    )
    if row is None:
        raise LinkError("invalid")
    now = timezone.now()
    if row.expires_at <= now:
        raise LinkError("expired")
    model = row.content_type.model_class()
    try:
        obj = model._default_manager.get(pk=row.object_id)
    except (AttributeError, ObjectDoesNotExist) as exc:
        raise LinkError("invalid") from exc
    # A link sent to an old address stops working once the address changes.
    if not constant_time_compare(row.email_hash, _email_hash(obj.contact_email)):
        raise LinkError("invalid")
    if row.purpose in SINGLE_USE:
        fresh = EmailLink.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
        again = "manage" if row.purpose == "manage" else "status"
        if not fresh and not has_grant(request, purpose=again, reference=obj.reference):
            raise LinkError("used")
        return Link(purpose=row.purpose, obj=obj, reopened=not fresh)
    return Link(purpose=row.purpose, obj=obj)


def purge_expired(*, now=None):
    """Delete links past their expiry. Returns how many."""
    deleted, _ = EmailLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def grant(request, *, purpose, obj, renew=True):
    """Let this session use `obj` for `purpose` for GRANT_SECONDS. With renew=False a
    grant it already holds keeps its expiry."""
    grants = request.session.get(_SESSION_KEY, {})
    now = time.time()
    grants = {k: v for k, v in grants.items() if v > now}
    key = f"{purpose}:{obj.reference}"
    if renew or key not in grants:
        grants[key] = now + GRANT_SECONDS[purpose]
    request.session[_SESSION_KEY] = grants


def has_grant(request, *, purpose, reference):
    expiry = request.session.get(_SESSION_KEY, {}).get(f"{purpose}:{reference}")
    return expiry is not None and expiry > time.time()


def revoke(request, *, purpose, reference):
    grants = request.session.get(_SESSION_KEY, {})
    if grants.pop(f"{purpose}:{reference}", None) is not None:
        request.session[_SESSION_KEY] = grants
