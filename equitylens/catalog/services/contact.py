"""The "contact the coordinator" path on every activity."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ContactMessage

logger = logging.getLogger(__name__)
WINDOW = timedelta(hours=1)


class ContactRateLimited(Exception):
    """Too many messages from one sender in the last hour.

    `retry_after` is when the oldest of those messages leaves the one-hour window,
    i.e. the earliest moment another message will be accepted.
    """

    def __init__(self, retry_after: datetime | None = None) -> None:
        super().__init__("Too many contact messages in the last hour")
        self.retry_after = retry_after


def send_contact_message(
    activity: Activity,
    *,
    name: str,
    email: str,
    message: str,
    sender: Any = None,
    ip_address: str | None = None,
) -> ContactMessage:
    """Store a question about `activity` and e-mail it to the activity's contact person.

    The message is stored first (nothing is lost if mail fails) and e-mailed with
    Reply-To set to the sender. At most CONTACT_MESSAGES_PER_HOUR messages per IP
    address (or per signed-in sender) per hour; beyond that ContactRateLimited is
    raised (saying when to try again) and nothing is stored. If the mail server
    refuses the e-mail, the message stays stored with `emailed_at` unset, the failure
    is logged, and the caller can tell the sender to write directly.
    """
    limit = settings.CONTACT_MESSAGES_PER_HOUR
    recent = ContactMessage.objects.filter(created_at__gte=timezone.now() - WINDOW)
    if getattr(sender, "is_authenticated", False):
        recent = recent.filter(sender=sender)
    elif ip_address:
        recent = recent.filter(ip_address=ip_address)
    else:
        recent = recent.filter(email__iexact=email)
    newest_first = list(recent.order_by("-created_at").values_list("created_at", flat=True)[:limit])
    if len(newest_first) >= limit:
        raise ContactRateLimited(retry_after=newest_first[-1] + WINDOW if newest_first else None)
    name = " ".join(name.split())  # one line: it goes into the subject header
    with transaction.atomic():
        stored = ContactMessage.objects.create(
            activity=activity,
            sender=sender if getattr(sender, "is_authenticated", False) else None,
            name=name,
            email=email,
            message=message,
            ip_address=ip_address,
        )
        log_action(sender, "activity.contact_message", activity, message_id=stored.pk)
    mail = EmailMessage(
        subject=f"Question about “{activity.title}” from {name}",
        body=(
            f"{name} <{email}> asked about {activity.title}:\n\n{message}\n\n"
            f"Activity page: {settings.SITE_URL}{activity.get_absolute_url()}\n"
            "Reply to this e-mail to answer them directly."
        ),
        to=[activity.contact_email],
        reply_to=[email],
    )
    try:
        mail.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Contact message %s could not be e-mailed to %s", stored.pk, mail.to)
        return stored
    stored.emailed_at = timezone.now()
    ContactMessage.objects.filter(pk=stored.pk).update(emailed_at=stored.emailed_at)
    return stored
