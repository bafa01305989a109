"""Signed, time-limited email links: the submitter's identity without accounts.

A link carries the purpose, the item and the address it was sent to. Opening it
puts a short-lived grant in the session and redirects to a clean URL, so the token
never sits in the address bar, history, referrers or later request logs.
"""

import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.urls import reverse

# The salt is part of every link already sent: changing it would break them all.
_SALT = "apps.core.links"
_SESSION_KEY = "portal_grants"
GRANT_SECONDS = 60 * 60 * 2


class LinkError(Exception):
    """The link is malformed, tampered with, expired or no longer matches the item."""


@dataclass(frozen=True)
class Link:
    purpose: str
    obj: object


def make_token(*, purpose, obj):
    if purpose not in settings.LINK_MAX_AGE:
        raise ValueError(f"Unknown link purpose {purpose!r}")
    payload = {
        "p": purpose,
        "m": obj._meta.label_lower,
        "pk": obj.pk,
        "e": obj.contact_email.lower(),
    }
    return signing.TimestampSigner(salt=_SALT).sign_object(payload, compress=True)


def make_url(*, purpose, obj):
    return settings.SITE_URL + reverse("core:link", args=[make_token(purpose=purpose, obj=obj)])


def read_token(token):
    """Return the Link a token stands for, or raise LinkError."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        payload = signer.unsign_object(token)
        max_age = settings.LINK_MAX_AGE[payload["p"]]
        signer.unsign_object(token, max_age=max_age)
        model = apps.get_model(payload["m"])
        obj = model._default_manager.get(pk=payload["pk"])
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except (signing.BadSignature, KeyError, LookupError, ValueError, TypeError) as exc:
        raise LinkError("invalid") from exc
    except Exception as exc:
        if exc.__class__.__name__ == "DoesNotExist":
            raise LinkError("invalid") from exc
        raise
    # A link sent to an old address stops working once the address changes.
    if obj.contact_email.lower() != payload["e"]:
        raise LinkError("invalid")
    return Link(purpose=payload["p"], obj=obj)


def grant(request, *, purpose, obj):
    grants = request.session.get(_SESSION_KEY, {})
    now = time.time()
    grants = {k: v for k, v in grants.items() if v > now}
    grants[f"{purpose}:{obj.reference}"] = now + GRANT_SECONDS
    request.session[_SESSION_KEY] = grants


def has_grant(request, *, purpose, reference):
    expiry = request.session.get(_SESSION_KEY, {}).get(f"{purpose}:{reference}")
    return expiry is not None and expiry > time.time()


def revoke(request, *, purpose, reference):
    grants = request.session.get(_SESSION_KEY, {})
    if grants.pop(f"{purpose}:{reference}", None) is not None:
        request.session[_SESSION_KEY] = grants
