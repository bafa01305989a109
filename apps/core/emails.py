"""Templated email, sent by a background task once the surrounding transaction commits."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email_task(*, to, subject, body, reply_to=None):
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
    ).send()


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
