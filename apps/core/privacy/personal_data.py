"""UK GDPR: find, export, erase and age out the personal data held about people.

Models are discovered, not listed, so a new app's models are covered without editing
this file:

- every model in `apps.*` with an `EmailField` holds personal data keyed by that address
  (`Moderated.contact_email`, enquiries' `email`, `Organisation.public_email`, ...);
- a model that declares `personal_data_retention = ("date_field", timedelta)` is purged
  once that much time has passed since the date (enquiries).

Queued background tasks (django-tasks-db rows, when `TASKS_BACKEND=database`) carry the
addresses of the emails they will send, and live sessions may remember the address a
form was just sent from, so both are searched too.
"""

import datetime
import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core.moderation.models import PendingChange

# Blanked (not deleted) on rows that other records still depend on.
PERSONAL_FIELDS = ("contact_name", "phone")
ERASED_EMAIL = "erased@erased.invalid"


def _is_audit_copy(model):
    """Event tables of the audit trail (apps.core.audit) copy other models' rows."""
    return hasattr(model, "pgh_tracked_model")


def personal_data_models(*, audit_copies=False):
    """(model, [email field names]) for every project model that stores an email address.
    The audit trail's copies are left out unless asked for: erase() scrubs them."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or model._meta.label == "core.User":
            continue
        if _is_audit_copy(model) != audit_copies:
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]
        if fields:
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


def export_json(email):
    return json.dumps(export(email), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _anonymise(obj, fields, email):
    changed = []
    for name in fields:
        if (getattr(obj, name) or "").lower() == email.lower():
            field = obj._meta.get_field(name)
            setattr(obj, name, "" if field.blank else ERASED_EMAIL)
            changed.append(name)
    for name in PERSONAL_FIELDS:
        try:
            field = obj._meta.get_field(name)
        except Exception:  # noqa: S112 - a model without that field
            continue
        if isinstance(field, models.CharField) and field.blank:
            setattr(obj, name, "")
            changed.append(name)
    obj.save(update_fields=changed)


@transaction.atomic
def erase(email):
    """Delete every row held for the address. A row that other records still need (an
    organisation that is a building's landlord, say) keeps its place but loses the
    address and the contact's name; the audit trail's copies keep what happened but lose
    the address and name. Returns {"deleted": {label: n}, "anonymised": {...},
    "audit_scrubbed": {...}}."""
    email = email.strip()
    result = {"deleted": {}, "anonymised": {}, "audit_scrubbed": {}}

    def count(kind, label):
        result[kind][label] = result[kind].get(label, 0) + 1

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
    # The audit trail keeps who did what and when, but not the person's address or name.
    for model, fields in personal_data_models(audit_copies=True):
        blank = dict.fromkeys(fields, ERASED_EMAIL)
        blank.update(
            {
                name: ""
                for name in PERSONAL_FIELDS
                if any(f.name == name for f in model._meta.concrete_fields)
            }
        )
        scrubbed = model._default_manager.filter(_email_filter(fields, email)).update(**blank)
        if scrubbed:
            result["audit_scrubbed"][model._meta.label] = scrubbed
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


def retention_models():
    return [
        model
        for model in apps.get_models()
        if getattr(model, "personal_data_retention", None) is not None
    ]


@transaction.atomic
def retention_purge(*, now=None):
    """Delete rows of every model past its `personal_data_retention`. {label: count}."""
    now = now or timezone.now()
    counts = {}
    for model in retention_models():
        field, keep_for = model.personal_data_retention
        assert isinstance(keep_for, datetime.timedelta)
        deleted = model._default_manager.filter(**{f"{field}__lt": now - keep_for})
        n = deleted.count()
        deleted.delete()
        counts[model._meta.label] = n
    return counts


def sessions_purge(*, now=None):
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted
