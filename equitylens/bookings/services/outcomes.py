"""What the organization sees of its booking: the timeline and, after delivery, its
members' attendance and completion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from equitylens.accounts.models import Membership
from equitylens.audit.models import LogEntry
from equitylens.audit.services import entries_for
from equitylens.bookings.models import BookingRequest, BookingStatus
from equitylens.learning.models import Enrollment
from equitylens.live.models import Registration, RegistrationStatus

TIMELINE_WORDS = {
    "booking.requested": "Requested",
    "booking.proposed": "Time and facilitator proposed",
    "booking.confirmed": "Confirmed; the private session was created",
    "booking.delivered": "Delivered",
    "booking.closed": "Closed",
    "booking.declined": "Declined",
    "booking.cancelled": "Cancelled",
}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    what: str
    who: str
    reason: str


@dataclass(frozen=True)
class MemberOutcome:
    """One of the organization's members at the private session."""

    name: str
    email: str
    registered: bool
    attended: bool | None
    evaluated: bool
    claimed: bool


def timeline(booking: BookingRequest) -> list[TimelineEntry]:
    """The booking's transitions from the audit log, oldest first."""
    entries: list[LogEntry] = list(
        entries_for(booking).select_related("actor").order_by("created_at", "pk")
    )
    return [
        TimelineEntry(
            when=entry.created_at,
            what=TIMELINE_WORDS.get(entry.action, entry.action),
            who=(entry.actor.get_full_name() or entry.actor.email) if entry.actor else "System",
            reason=str(entry.data.get("reason", "")),
        )
        for entry in entries
    ]


def shows_outcomes(booking: BookingRequest) -> bool:
    """Attendance and completion are shown once the workshop was delivered."""
    return booking.session_id is not None and booking.status in {
        BookingStatus.DELIVERED,
        BookingStatus.CLOSED,
    }


def member_outcomes(booking: BookingRequest) -> list[MemberOutcome]:
    """Attendance and completion of the organization's own members only, by name.

    A member is listed when registered for the private session or enrolled in the
    activity for it. Evaluated / claimed come from their enrollment for that session
    (or, for activities without per-session enrollment, for the activity).
    """
    session = booking.session
    if session is None:
        return []
    member_ids = set(
        Membership.objects.filter(organization=booking.organization).values_list(
            "user_id", flat=True
        )
    )
    registrations = {
        r.user_id: r
        for r in Registration.objects.filter(session=session, user_id__in=member_ids)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
    }
    enrollments = {
        e.user_id: e
        for e in Enrollment.objects.filter(
            Q(session=session) | Q(session__isnull=True, code_verified_at__gte=session.starts_at),
            activity=booking.activity,
            user_id__in=member_ids,
        ).select_related("user")
    }
    rows = []
    for user_id in registrations.keys() | enrollments.keys():
        registration = registrations.get(user_id)
        enrollment = enrollments.get(user_id)
        user = registration.user if registration else enrollment.user  # type: ignore[union-attr]
        rows.append(
            MemberOutcome(
                name=user.get_full_name() or user.email,
                email=user.email,
                registered=registration is not None,
                attended=registration.attended if registration else None,
                evaluated=bool(enrollment and enrollment.evaluated_at),
                claimed=bool(enrollment and enrollment.claimed_at),
            )
        )
    return sorted(rows, key=lambda row: row.name.lower())
