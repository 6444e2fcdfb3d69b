"""E-mails about community applications: approved, declined.

Each is a plain-text template community/email/<kind>.txt whose first line is the
subject. Sending is a background task enqueued after the transaction commits, so a
rolled-back decision never e-mails; sending twice only repeats the same message.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def deliver_community_mail(kind: str, to: str, context: dict[str, str]) -> None:
    """Render community/email/<kind>.txt with `context` and send it to `to`."""
    text = render_to_string(
        f"community/email/{kind}.txt", {**context, "site_url": settings.SITE_URL}
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def send_community_mail(kind: str, user: Any, context: dict[str, str]) -> None:
    """Queue e-mail `kind` to `user` once the current transaction commits."""
    payload = {"name": user.first_name, **context}
    to = user.email
    transaction.on_commit(lambda: deliver_community_mail.enqueue(kind, to, payload))
