"""E-mails to learners: enrollment confirmed, code issued, certificate ready.

Each is a plain-text template learning/email/<kind>.txt whose first line is the
subject. Sending goes through Django's tasks API after the transaction commits, so
a rolled-back step never e-mails, and a worker can retry a failed send.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def deliver_learner_mail(kind: str, to: str, context: dict[str, str]) -> None:
    """Render learning/email/<kind>.txt with `context` and send it to `to`."""
    text = render_to_string(
        f"learning/email/{kind}.txt", {**context, "site_url": settings.SITE_URL}
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def send_learner_mail(kind: str, recipient: Any, context: dict[str, str]) -> None:
    """Queue e-mail `kind` to `recipient` (a user or an address) once the transaction commits."""
    to = recipient if isinstance(recipient, str) else recipient.email
    name = "" if isinstance(recipient, str) else recipient.first_name
    payload = {"name": name, **context}
    transaction.on_commit(lambda: deliver_learner_mail.enqueue(kind, to, payload))
