"""E-mails at each booking transition, to the people each one concerns.

Each kind is a plain-text template bookings/email/<kind>.txt whose first line is the
subject. Sending is a background task queued after the transaction commits: a refused
or rolled-back transition never e-mails, and a worker may retry a failed send.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipRole, OrganizationKind
from equitylens.bookings.models import BookingRequest
from equitylens.bookings.services.times import format_in_zone


@task
def deliver_booking_mail(kind: str, to: str, context: dict[str, str]) -> None:
    """Render bookings/email/<kind>.txt with `context` and send it to `to`.

    Sending twice (a retried task) sends the same message twice at worst; it changes
    no data, so retrying is safe.
    """
    text = render_to_string(
        f"bookings/email/{kind}.txt", {**context, "site_url": settings.SITE_URL}
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def organization_admins(booking: BookingRequest) -> list[Any]:
    """The organization's admins, and whoever made the request."""
    admins = [
        m.user
        for m in Membership.objects.filter(
            organization=booking.organization, role=MembershipRole.ORG_ADMIN
        ).select_related("user")
    ]
    if booking.requested_by not in admins:
        admins.append(booking.requested_by)
    return admins


def coordinators() -> list[Any]:
    """The provider's coordinators, who run the booking queue."""
    return [
        m.user
        for m in Membership.objects.filter(
            organization__kind=OrganizationKind.PROVIDER, role=MembershipRole.COORDINATOR
        ).select_related("user")
    ]


def booking_context(booking: BookingRequest) -> dict[str, str]:
    """What every booking e-mail may say about the booking (plain strings)."""
    facilitator = booking.proposed_facilitator
    return {
        "activity": booking.activity.title,
        "organization": booking.organization.name,
        "status": booking.get_status_display(),
        "mode": booking.get_mode_display(),
        "participants": str(booking.expected_participants),
        "proposed_start": format_in_zone(booking.proposed_starts_at, booking.time_zone),
        "proposed_end": format_in_zone(booking.proposed_ends_at, booking.time_zone),
        "facilitator": facilitator.get_full_name() or facilitator.email if facilitator else "",
        "reason": booking.reason,
        "slots": "\n".join(
            f"  {slot.position}. {format_in_zone(slot.starts_at, booking.time_zone)}"
            for slot in booking.slots.all()
        ),
    }


def notify(
    kind: str,
    booking: BookingRequest,
    *,
    admins: bool = False,
    coordinators_too: bool = False,
    facilitator: bool = False,
) -> None:
    """Queue e-mail `kind` about `booking` to the chosen groups, once each, after commit.

    Organization admins get the link to their booking page, coordinators the link to
    the back-office page; the facilitator gets no link (they use the facilitator view).
    """
    context = booking_context(booking)
    admin_link = settings.SITE_URL + reverse(
        "bookings:detail", args=[booking.organization.slug, booking.pk]
    )
    coordinator_link = settings.SITE_URL + reverse("coordinator:booking", args=[booking.pk])
    recipients: dict[str, str] = {}
    if facilitator and booking.proposed_facilitator is not None:
        recipients[booking.proposed_facilitator.email] = ""
    if coordinators_too:
        recipients.update({user.email: coordinator_link for user in coordinators()})
    if admins:
        recipients.update({user.email: admin_link for user in organization_admins(booking)})
    _queue(kind, recipients.items(), context)


def _queue(kind: str, recipients: Iterable[tuple[str, str]], context: dict[str, str]) -> None:
    for to, link in recipients:
        transaction.on_commit(
            partial(deliver_booking_mail.enqueue, kind, to, {**context, "link": link})
        )
