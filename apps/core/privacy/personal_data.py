"""UK GDPR: find, export, erase and age out the personal data held about people.

Each model that holds personal data declares it, in one place, on the model:

    personal_fields = ("name", "email", "phone", "message")

Every `Moderated` model inherits `("contact_name", "contact_email")`. That one list is what
erasure, retention, the audit-trail scrub, staff field visibility (apps.core.privacy.access)
and CSV exports all read. System check core.E032 refuses a model in `apps.*` whose email
field is not declared, so a new app cannot forget.

- Rows are found by the email fields among `personal_fields`.
- A model that declares `personal_data_retention = ("date_field", timedelta)` is deleted once
  that much time has passed since the date (enquiries).
- Withdrawn (archived) and rejected submissions keep their row, but lose their personal
  fields `CLOSED_ENTRY_RETENTION` after the decision.
- The audit trail (apps.core.audit) copies every row into event tables. Whenever rows are
  deleted or scrubbed here, their copies are scrubbed too, and `audit_sweep()` scrubs the
  copies of any row deleted some other way (an admin delete, a cascade).

Queued background tasks (django-tasks-db rows, when `TASKS_BACKEND=database`) carry the
addresses of the emails they will send, and live sessions may remember the address a
form was just sent from, so both are searched too.
"""

import datetime
import json

import pghistory
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core import personal
from apps.core.moderation.models import Moderated, PendingChange, Status

ERASED_EMAIL = "erased@erased.invalid"
# What a required text field holds once its personal data is gone.
ERASED_TEXT = "(erased)"
# The privacy notice: contact details of a withdrawn or rejected entry are kept 12 months.
CLOSED_ENTRY_RETENTION = datetime.timedelta(days=365)
CLOSED_STATUSES = (Status.ARCHIVED, Status.REJECTED)


def personal_fields(model):
    """The model's declared personal fields (those it really has), or ()."""
    return personal.fields_of(model)


def personal_models():
    """Every model of the portal's apps that declares personal fields (not audit copies)."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
        and not _is_audit_copy(model)
        and personal_fields(model)
    ]


def scrubbed_value(field):
    """What a field holds once the personal data in it has been removed."""
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.EmailField):
        return "" if field.blank else ERASED_EMAIL
    if field.null:
        return None
    return "" if field.blank else ERASED_TEXT


def scrubbed_values(model, names=None):
    """{field: scrubbed value} for the personal fields (or those named) of model, which may
    be an audit copy of a personal model."""
    source = getattr(model, "pgh_tracked_model", model)
    have = {f.name: f for f in model._meta.concrete_fields}
    return {
        name: scrubbed_value(have[name])
        for name in (personal_fields(source) if names is None else names)
        if name in have
    }


def event_models(model):
    """The audit trail's event tables that copy model's rows."""
    return pghistory.core.event_models(tracks_model=model)


def _is_audit_copy(model):
    """Event tables of the audit trail (apps.core.audit) copy other models' rows."""
    return hasattr(model, "pgh_tracked_model")


def personal_data_models(*, audit_copies=False):
    """(model, [email field names]) for every model whose personal fields include an email
    address: the fields rows are found by. With audit_copies, the audit trail's event
    tables of those models instead."""
    found = []
    for model in personal_models():
        fields = [
            name
            for name in personal_fields(model)
            if isinstance(model._meta.get_field(name), models.EmailField)
        ]
        if not fields:
            continue
        if audit_copies:
            found.extend((event_model, fields) for event_model in event_models(model))
        else:
            found.append((model, fields))
    return found


def _email_filter(fields, email):
    query = Q()
    for name in fields:
        query |= Q(**{f"{name}__iexact": email})
    return query


def _task_results(email):
    """Queued or finished background tasks whose arguments mention the address."""
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.annotate(_args=Cast("args_kwargs", models.TextField())).filter(
        _args__icontains=email
    )


def _sessions(email):
    """Live sessions that remember the address (the "check your email" page keeps it for
    a few hours). Sessions are signed blobs, so each is decoded; they expire within
    SESSION_COOKIE_AGE, so there are never many."""
    needle = email.lower()
    return [
        session
        for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator()
        if needle in json.dumps(session.get_decoded(), default=str).lower()
    ]


def find(email):
    """{model: queryset} of the rows that hold this address, for each model that has any."""
    email = email.strip()
    held = {}
    for model, fields in personal_data_models():
        rows = model._default_manager.filter(_email_filter(fields, email)).order_by("pk")
        if rows.exists():
            held[model] = rows
    return held


def _children(obj):
    """Rows that belong to obj (reverse one-to-many relations that cascade), one level."""
    out = []
    for rel in obj._meta.related_objects:
        if rel.one_to_many and rel.on_delete is models.CASCADE:
            out.extend(getattr(obj, rel.get_accessor_name()).all())
    return out


def export(email):
    """Everything held about the address, as a JSON-serialisable dict."""
    email = email.strip()
    records = []
    for rows in find(email).values():
        for obj in rows:
            record = serializers.serialize("python", [obj])[0]
            record["related"] = serializers.serialize("python", _children(obj))
            record["pending_changes"] = [
                {"submitted_at": change.submitted_at, "status": change.status, "data": change.data}
                for change in PendingChange.objects.for_object(obj)
            ]
            records.append(record)
    tasks = _task_results(email)
    if tasks is not None:
        for task in tasks:
            records.append(
                {
                    "model": "django_tasks_db.dbtaskresult",
                    "pk": str(task.pk),
                    "fields": {
                        "task_path": task.task_path,
                        "status": task.status,
                        "enqueued_at": task.enqueued_at,
                        "args_kwargs": task.args_kwargs,
                    },
                }
            )
    for session in _sessions(email):
        records.append(
            {
                "model": "sessions.session",
                "fields": {"expire_date": session.expire_date, "data": session.get_decoded()},
            }
        )
    return {
        "email": email,
        "exported_at": timezone.now(),
        "controller": "Newcastle City Council and Gateshead Council",
        "records": records,
    }


def to_json(held):
    return json.dumps(held, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def export_json(email):
    return to_json(export(email))


def scrub_events(model, pks):
    """Scrub the personal fields from every audit-trail copy of these rows of model.
    Returns the number of event rows changed."""
    pks = list(pks)
    done = 0
    for event_model in event_models(model) if pks else ():
        values = scrubbed_values(event_model)
        if values:
            done += event_model._default_manager.filter(pgh_obj_id__in=pks).update(**values)
    return done


def _scrub_rows(model, queryset):
    """Scrub the personal fields of these live rows, their pending edits and every audit
    copy of them. Returns the number of rows."""
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    model._default_manager.filter(pk__in=pks).update(**scrubbed_values(model))
    PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=pks
    ).delete()
    scrub_events(model, pks)
    return len(pks)


def _anonymise(obj, fields, email):
    """Keep a row others depend on without the person: their matching addresses and the
    other personal fields go, in the row and in its audit copies."""
    keep = {name for name in fields if (getattr(obj, name) or "").strip().lower() != email.lower()}
    values = scrubbed_values(type(obj), [n for n in personal_fields(type(obj)) if n not in keep])
    type(obj)._default_manager.filter(pk=obj.pk).update(**values)
    for event_model in event_models(type(obj)):
        event_values = scrubbed_values(event_model, list(values))
        event_model._default_manager.filter(pgh_obj_id=obj.pk).update(**event_values)


@transaction.atomic
def erase(email):
    """Delete every row held for the address. A row that other records still need (an
    organisation that is a building's landlord, say) keeps its place but loses the
    address and the contact's other personal fields. The audit trail's copies keep what
    happened but lose every personal field of each row that held the address, and of
    every row deleted with them. Returns {"deleted": {label: n}, "anonymised": {...},
    "audit_scrubbed": {...}}."""
    email = email.strip()
    result = {"deleted": {}, "anonymised": {}, "audit_scrubbed": {}}

    def count(kind, label, n=1):
        if n:
            result[kind][label] = result[kind].get(label, 0) + n

    # Several passes: one held row may protect another (a survey response from a new
    # organisation points at it), and goes first.
    for _ in range(3):
        for model, rows in find(email).items():
            for obj in rows:
                content_type = ContentType.objects.get_for_model(obj)
                pk = obj.pk
                if not model._default_manager.filter(pk=pk).exists():
                    continue  # already gone with a row deleted before it
                try:
                    with transaction.atomic():
                        obj.delete()
                except ProtectedError:
                    continue
                PendingChange.objects.filter(content_type=content_type, object_id=pk).delete()
                count("deleted", model._meta.label)
    for model, fields in personal_data_models():
        for obj in model._default_manager.filter(_email_filter(fields, email)):
            _anonymise(obj, fields, email)
            # Proposed edits may carry the address too.
            PendingChange.objects.for_object(obj).delete()
            count("anonymised", model._meta.label)
    # Any copy that ever held the address (a row whose address has since changed) loses
    # all the personal fields it copied, not only the address.
    for model, fields in personal_data_models(audit_copies=True):
        scrubbed = model._default_manager.filter(_email_filter(fields, email)).update(
            **scrubbed_values(model)
        )
        count("audit_scrubbed", model._meta.label, scrubbed)
    # Copies of rows deleted above, and of rows that went with them (enquiries about a
    # deleted building's spaces), and of the pending edits deleted.
    for label, n in audit_sweep().items():
        count("audit_scrubbed", label, n)
    sessions = _sessions(email)
    if sessions:
        Session.objects.filter(pk__in=[s.pk for s in sessions]).delete()
        result["deleted"]["sessions.Session"] = len(sessions)
    tasks = _task_results(email)
    if tasks is not None:
        deleted, _ = tasks.delete()
        if deleted:
            result["deleted"]["django_tasks_db.DBTaskResult"] = deleted
    return result


def audit_sweep():
    """Scrub the personal fields from the audit copies of every row that no longer exists,
    however it was deleted (a purge, an admin delete, a cascade), and delete pending edits
    whose item is gone. Idempotent: copies already scrubbed are left alone.
    Returns {event model label: rows scrubbed}."""
    for content_type in ContentType.objects.filter(
        pk__in=PendingChange.objects.values("content_type").distinct()
    ):
        target = content_type.model_class()
        if target is None:
            continue
        PendingChange.objects.filter(content_type=content_type).exclude(
            object_id__in=target._default_manager.values("pk")
        ).delete()
    counts = {}
    for model in personal_models():
        for event_model in event_models(model):
            values = scrubbed_values(event_model)
            if not values:
                continue
            gone = event_model._default_manager.filter(
                ~Exists(model._default_manager.filter(pk=OuterRef("pgh_obj_id")))
            ).exclude(**values)
            n = gone.update(**values)
            if n:
                counts[event_model._meta.label] = n
    return counts


def retention_models():
    return [
        model
        for model in apps.get_models()
        if getattr(model, "personal_data_retention", None) is not None
    ]


@transaction.atomic
def retention_purge(*, now=None):
    """Delete rows of every model past its `personal_data_retention`, and scrub their audit
    copies. {label: count}."""
    now = now or timezone.now()
    counts = {}
    for model in retention_models():
        field, keep_for = model.personal_data_retention
        assert isinstance(keep_for, datetime.timedelta)
        deleted = model._default_manager.filter(**{f"{field}__lt": now - keep_for})
        pks = list(deleted.values_list("pk", flat=True))
        deleted.delete()
        scrub_events(model, pks)
        counts[model._meta.label] = len(pks)
    return counts


@transaction.atomic
def closed_entries_scrub(*, now=None):
    """Remove the personal fields of submissions withdrawn (archived) or rejected more than
    CLOSED_ENTRY_RETENTION ago: the row stays (a building may still name its landlord),
    the contact goes, from the row, its pending edits and its audit copies. {label: n}."""
    cutoff = (now or timezone.now()) - CLOSED_ENTRY_RETENTION
    counts = {}
    for model in personal_models():
        if not issubclass(model, Moderated):
            continue
        values = scrubbed_values(model)
        closed = model._default_manager.filter(
            status__in=CLOSED_STATUSES, reviewed_at__lt=cutoff
        ).exclude(**values)
        counts[model._meta.label] = _scrub_rows(model, closed)
    return counts


@transaction.atomic
def purge(*, unconfirmed_days=None, now=None):
    """Everything the daily `manage.py purge_personal_data` does, in one transaction."""
    from apps.core.moderation import services

    now = now or timezone.now()
    days = services.UNCONFIRMED_RETENTION_DAYS if unconfirmed_days is None else unconfirmed_days
    return {
        "unconfirmed": services.unconfirmed_purge(older_than_days=days, now=now),
        "retention": retention_purge(now=now),
        "closed": closed_entries_scrub(now=now),
        # Last: the copies of everything deleted above, and of rows deleted since yesterday.
        "audit_scrubbed": audit_sweep(),
        "sessions": sessions_purge(now=now),
    }


def sessions_purge(*, now=None):
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted
