"""Templated email, sent by a background task once the surrounding transaction commits.

With the database task backend (production's default) a message the mail server refuses
or cannot be reached for is tried again later, up to len(RETRY_DELAYS) more times.
"""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long to wait before each further attempt: about nine hours in all.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


@task
def send_email_task(*, to, subject, body, reply_to=None, attempt=1):
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        _retry_later(to=to, subject=subject, body=body, reply_to=reply_to, attempt=attempt)
        raise


def _retry_later(*, attempt, **message):
    """Queue the message again after the next delay, if the backend can wait and
    attempts remain. The log names the attempt, never the address."""
    if attempt > len(RETRY_DELAYS) or not send_email_task.get_backend().supports_defer:
        logger.error("An email could not be sent after %d attempt(s); giving up.", attempt)
        return
    delay = RETRY_DELAYS[attempt - 1]
    send_email_task.using(run_after=timezone.now() + delay).enqueue(**message, attempt=attempt + 1)
    logger.warning("An email could not be sent (attempt %d); trying again in %s.", attempt, delay)


# Finished email tasks hold whole messages; they are kept this long for troubleshooting.
FINISHED_TASK_DAYS = 14


def finished_tasks_purge(*, now=None):
    """Delete email tasks (sent or given up) finished more than FINISHED_TASK_DAYS ago,
    when tasks are queued in the database. Returns how many."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(days=FINISHED_TASK_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


def send_templated_email(*, to, template, context, reply_to=None):
    """Render templates/emails/<template>_subject.txt and .txt and queue the message.

    Nothing is sent if the transaction that asked for it rolls back.
    """
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(
        partial(
            send_email_task.enqueue,
            to=recipients,
            subject=subject,
            body=body,
            reply_to=[reply_to] if reply_to else None,
        )
    )
