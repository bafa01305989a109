"""The audit trail: who changed what, and when, for every tracked model.

django-pghistory installs PostgreSQL triggers that copy each inserted, updated or deleted
row into an event table, so admin bulk actions, services and queryset `.update()` are all
recorded. The acting user and URL come from the request (apps.core.middleware) or from
`acting_as()` in code that runs outside a request.

To track a model, decorate it and run `makemigrations`:

    from apps.core.audit import tracked

    @tracked()
    class Space(models.Model): ...
"""

import pghistory
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import GeneratedField

# Columns never copied into event tables: secrets, and values derived from other columns.
NEVER_COPIED = {"password", "search_vector"}


def tracked(*, exclude=(), **kwargs):
    """Class decorator: record every insert, update and delete of the model.

    Generated columns and secrets are left out of the snapshots automatically.
    """

    def decorate(model):
        skipped = {
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, GeneratedField) or field.name in NEVER_COPIED
        }
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=sorted(skipped | set(exclude)) or None,
            **kwargs,
        )(model)

    return decorate


def acting_as(user, **metadata):
    """Context manager naming the user behind writes made outside a request (commands,
    tasks, the shell)."""
    user_id = user._meta.pk.get_db_prep_value(user.pk, connection) if user else None
    return pghistory.context(user=user_id, **metadata)


def is_tracked(model):
    return bool(pghistory.core.event_models(tracks_model=model))


def events_for(obj, limit=200):
    """The object's history, newest first, each event with the user who made it."""
    from pghistory.models import MiddlewareEvents

    if not is_tracked(type(obj)):
        return []
    events = list(
        MiddlewareEvents.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = user_model._default_manager.in_bulk([pk for pk in user_ids if pk is not None])
    for event in events:
        context = event.pgh_context or {}
        event.actor = users.get(context.get("user"))
        event.url = context.get("url")
        event.changes = sorted((event.pgh_diff or {}).items())
    return events
