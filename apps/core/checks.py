from django.apps import apps
from django.core import checks
from django.db import models


@checks.register()
def every_portal_model_is_audited(app_configs=None, **kwargs):
    """Warn about a model of the portal's own apps that the audit trail does not track,
    so a model merged without `@tracked()` is caught by `manage.py check`."""
    from pghistory.models import Event

    from apps.core.audit import is_tracked
    from apps.core.security.roles import PORTAL_APPS

    warnings = []
    for model in apps.get_models():
        opts = model._meta
        if (
            opts.app_label not in PORTAL_APPS
            or issubclass(model, Event)
            or opts.proxy
            or not opts.managed
            or opts.auto_created
            or getattr(model, "audited", True) is False
        ):
            continue
        if not is_tracked(model):
            warnings.append(
                checks.Warning(
                    f"{opts.label} is not in the audit trail.",
                    hint="Decorate it with @tracked() from apps.core.audit, then run "
                    "makemigrations.",
                    obj=model,
                    id="core.W001",
                )
            )
    return warnings


@checks.register(checks.Tags.caches)
def caches_are_shared(app_configs=None, **kwargs):
    """Refuse a per-process cache in production: one worker could not tell the others to
    drop a page, and rate limits would count per process."""
    from django.conf import settings

    if settings.DEBUG:
        return []
    return [
        checks.Error(
            f"The {alias!r} cache is kept in each process ({config['BACKEND']}).",
            hint="Leave CACHE_URL unset for the database cache, or set it to Redis "
            "(redis://host:6379/1). Memory caches are for tests only.",
            id="core.E001",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"].endswith(("LocMemCache", "DummyCache", "FileBasedCache"))
    ]


@checks.register()
def every_email_field_is_declared_personal(app_configs=None, **kwargs):
    """An email address is personal data: a model of the portal's apps that stores one must
    declare it in `personal_fields`, or erasure, retention, the audit scrub and the
    staff-visibility rules would all miss it."""
    from pghistory.models import Event

    from apps.core.security.roles import PORTAL_APPS

    errors = []
    for model in apps.get_models():
        opts = model._meta
        if opts.app_label not in PORTAL_APPS or issubclass(model, Event) or opts.proxy:
            continue
        if opts.label == "core.User":  # staff accounts, not people the portal serves
            continue
        declared = set(getattr(model, "personal_fields", ()))
        errors.extend(
            checks.Error(
                f"{opts.label}.{field.name} stores an email address but is not in "
                f"{opts.object_name}.personal_fields.",
                hint="Add it (and any other personal field) to the model's personal_fields.",
                obj=model,
                id="core.E032",
            )
            for field in opts.concrete_fields
            if isinstance(field, models.EmailField) and field.name not in declared
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def email_leaves_through_the_task_queue(app_configs=None, **kwargs):
    """In production, mail is queued for the task worker: sent inside the request, it
    makes the request as slow as the mail server, and /manage/ would then tell by its
    timing whether an address has submitted anything (issue 17, finding 8)."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if settings.DEBUG or backend != "django.tasks.backends.immediate.ImmediateBackend":
        return []
    return [
        checks.Warning(
            "Tasks (email) run inside the request (TASKS_BACKEND=immediate).",
            hint="Leave TASKS_BACKEND unset (database when DEBUG is off) and run gunicorn "
            "with gunicorn.conf.py, which starts the `manage.py db_worker` process.",
            id="core.W020",
        )
    ]
