"""E-mails to people asked to disclose: the request link and the "still complete?" prompt.

Plain-text templates disclosures/email/<kind>.txt, first line the subject, sent by a task
queued after the transaction commits (a rolled-back invitation never e-mails).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def deliver_disclosure_mail(kind: str, to: str, context: dict[str, str]) -> None:
    """Render disclosures/email/<kind>.txt with `context` and send it to `to`."""
    text = render_to_string(
        f"disclosures/email/{kind}.txt", {**context, "site_url": settings.SITE_URL}
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def send_disclosure_mail(kind: str, to: str, context: dict[str, str]) -> None:
    """Queue e-mail `kind` to address `to` once the surrounding transaction commits."""
    transaction.on_commit(lambda: deliver_disclosure_mail.enqueue(kind, to, context))
