"""The audit trail: who changed what, and when, for every tracked model.

django-pghistory installs PostgreSQL triggers that copy each inserted, updated or deleted
row into an event table, so admin bulk actions, services and queryset `.update()` are all
recorded. The acting user and URL come from the request (apps.core.security.middleware) or from
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


def tracked(*, exclude=(), also=(), **kwargs):
    """Class decorator: record every insert, update and delete of the model.

    Generated columns and secrets are left out of the snapshots automatically. `also`
    adds trackers, such as an event for a change to a column that is never copied (a
    password). Third-party models take `app_label` and `model_name` for their event table.
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
            *also,
            exclude=sorted(skipped | set(exclude)) or None,
            **kwargs,
        )(model)

    return decorate


def tracked_elsewhere(model, **kwargs):
    """Track a model of another app (auth's groups, django-otp's devices) with an event
    table in core. Its triggers are kept out of that app's Meta: there they would need a
    migration in that app, which lives in site-packages. PGTRIGGER_INSTALL_ON_MIGRATE
    installs them after every migrate instead, as it does for many-to-many tables."""
    tracked(app_label="core", **kwargs)(model)
    _keep_triggers_out_of_migrations(model)
    return model


def _keep_triggers_out_of_migrations(model):
    model._meta.triggers = []
    model._meta.original_attrs.pop("triggers", None)


def password_changes():
    """A tracker for tables with a password column, which is never copied: a
    "password_change" event whenever the hash changes (set_password, a reset)."""
    return pghistory.UpdateEvent("password_change", condition=pghistory.AnyChange("password"))


def acting_as(user, **metadata):
    """Context manager naming the user behind writes made outside a request (commands,
    tasks, the shell)."""
    user_id = user._meta.pk.get_db_prep_value(user.pk, connection) if user else None
    return pghistory.context(user=user_id, **metadata)


def is_tracked(model):
    return bool(pghistory.core.event_models(tracks_model=model))


def _link_event_models(model):
    """Event models of many-to-many tables (see tracked_links) that point at model."""
    return [
        event_model
        for event_model in pghistory.core.event_models(references_model=model)
        if event_model.pgh_tracked_model._meta.auto_created
    ]


def events_for(obj, limit=200):
    """The object's history, newest first, each event with the user who made it: its own
    inserts, updates and deletes, and links added or removed (a user's roles)."""
    from pghistory.models import MiddlewareEvents

    if not is_tracked(type(obj)):
        return []
    newest_first = ("-pgh_created_at", "-pgh_id")
    events = list(MiddlewareEvents.objects.tracks(obj).order_by(*newest_first)[:limit])
    link_models = _link_event_models(type(obj))
    if link_models:
        links = MiddlewareEvents.objects.references(obj).across(*link_models)
        events += list(links.order_by(*newest_first)[:limit])
        events.sort(key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = user_model._default_manager.in_bulk([pk for pk in user_ids if pk is not None])
    for event in events:
        context = event.pgh_context or {}
        event.actor = users.get(context.get("user"))
        event.url = context.get("url")
        event.changes = sorted((event.pgh_diff or {}).items())
        event.link = None
    _describe_links(obj, [e for e in events if e.pgh_label in ("add", "remove")])
    return events[:limit]


def _describe_links(obj, events):
    """Name what each add/remove event linked obj to ("Moderator"), one query per model."""
    wanted = {}
    for event in events:
        through = apps.get_model(event.pgh_obj_model)
        for field in through._meta.concrete_fields:
            if field.is_relation and field.related_model is not type(obj):
                event.link = (field.related_model, (event.pgh_data or {}).get(field.attname))
                wanted.setdefault(field.related_model, set()).add(event.link[1])
    found = {
        model: model._default_manager.in_bulk([pk for pk in pks if pk is not None])
        for model, pks in wanted.items()
    }
    for event in events:
        model, pk = event.link
        target = found[model].get(pk)
        event.link = f"{model._meta.verbose_name}: {target if target else f'#{pk} (deleted)'}"


def tracked_links(through, *, app_label, model_name):
    """Record rows added to and removed from a many-to-many table (a user's roles, an
    organisation's sectors): "add" and "remove" events with who did it."""
    pghistory.track(
        pghistory.InsertEvent("add"),
        pghistory.DeleteEvent("remove"),
        obj_field=None,
        app_label=app_label,
        model_name=model_name,
    )(through)
    if through._meta.app_label != app_label:
        _keep_triggers_out_of_migrations(through)
    return through
