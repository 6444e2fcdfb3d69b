"""The "contact the coordinator" path on every activity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ContactMessage


class ContactRateLimited(Exception):
    """Too many messages from one address in the last hour."""


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
    raised and nothing is stored.
    """
    since = timezone.now() - timedelta(hours=1)
    recent = ContactMessage.objects.filter(created_at__gte=since)
    if getattr(sender, "is_authenticated", False):
        recent = recent.filter(sender=sender)
    elif ip_address:
        recent = recent.filter(ip_address=ip_address)
    else:
        recent = recent.filter(email__iexact=email)
    if recent.count() >= settings.CONTACT_MESSAGES_PER_HOUR:
        raise ContactRateLimited
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
    mail.send()
    ContactMessage.objects.filter(pk=stored.pk).update(emailed_at=timezone.now())
    stored.emailed_at = timezone.now()
    return stored
