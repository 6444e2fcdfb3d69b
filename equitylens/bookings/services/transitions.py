"""The booking's states and the named transitions between them.

requested → proposed → confirmed → delivered → closed; requested/proposed → declined;
requested/proposed/confirmed → cancelled. Each transition locks the request row,
checks the state and its rule, saves, writes the audit log and queues its e-mails in
one transaction; a refusal raises a BookingError subclass whose message says why and
what to do, and changes nothing. Repeating a transition that just happened (a double
click, a retried request) changes nothing and sends nothing.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import MembershipRole, User
from equitylens.accounts.permissions import has_role, is_coordinator, provider_facilitators
from equitylens.audit.services import log_action
from equitylens.bookings.models import BookingRequest, BookingStatus
from equitylens.bookings.services.errors import (
    BookingPermissionError,
    BookingStateError,
    BookingValidationError,
    FacilitatorClashError,
)
from equitylens.bookings.services.notifications import notify
from equitylens.bookings.services.times import format_in_zone
from equitylens.learning.services.codes import create_session_code
from equitylens.live.models import Session, SessionStatus

S = BookingStatus
# Which states each transition starts from.
ALLOWED_FROM: dict[str, set[str]] = {
    "propose": {S.REQUESTED, S.PROPOSED},
    "confirm": {S.PROPOSED},
    "mark_delivered": {S.CONFIRMED},
    "close": {S.DELIVERED},
    "decline": {S.REQUESTED, S.PROPOSED},
    "cancel": {S.REQUESTED, S.PROPOSED, S.CONFIRMED},
}
# Seats above the expected number, so a few extra colleagues can still register.
EXTRA_SEATS_MIN = 2
VIRTUAL_LOCATION = "Online meeting — the link will be added before the session."


def allowed_transitions(booking: BookingRequest) -> set[str]:
    """Names of the transitions the booking's current state allows."""
    return {name for name, states in ALLOWED_FROM.items() if booking.status in states}


def session_capacity(expected_participants: int) -> int:
    """The private session's capacity: expected people plus 10% (at least 2 more)."""
    return expected_participants + max(EXTRA_SEATS_MIN, math.ceil(expected_participants / 10))


def facilitator_clash(
    facilitator: Any,
    starts_at: datetime,
    ends_at: datetime,
    *,
    ignore: BookingRequest | None = None,
) -> str | None:
    """What keeps `facilitator` busy in [starts_at, ends_at), or None when they are free.

    Busy means: facilitating a scheduled session, or holding another proposed or
    confirmed booking, that overlaps. `ignore` (the booking being decided) and its
    own session do not count.
    """
    sessions = Session.objects.filter(
        facilitators=facilitator,
        status=SessionStatus.SCHEDULED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).select_related("activity")
    bookings = BookingRequest.objects.filter(
        proposed_facilitator=facilitator,
        status__in=[S.PROPOSED, S.CONFIRMED],
        proposed_starts_at__lt=ends_at,
        proposed_ends_at__gt=starts_at,
    ).select_related("activity", "organization")
    if ignore is not None:
        bookings = bookings.exclude(pk=ignore.pk)
        if ignore.session_id:
            sessions = sessions.exclude(pk=ignore.session_id)
    name = facilitator.get_full_name() or facilitator.email
    session = sessions.first()
    if session is not None:
        when = format_in_zone(session.starts_at, session.time_zone)
        return f"{name} already facilitates “{session}” ({session.activity.title}) at {when}"
    other = bookings.first()
    if other is not None:
        when = format_in_zone(other.proposed_starts_at, other.time_zone)
        return (
            f"{name} is already {other.get_status_display().lower()} for "
            f"{other.organization.name}'s “{other.activity.title}” at {when}"
        )
    return None


# The state each transition leads to; finding the booking already there is a repeat.
LEADS_TO = {
    "confirm": S.CONFIRMED,
    "mark_delivered": S.DELIVERED,
    "close": S.CLOSED,
    "decline": S.DECLINED,
    "cancel": S.CANCELLED,
}


def _lock(booking: BookingRequest, transition: str) -> BookingRequest | None:
    """The booking's row, locked and checked for `transition`; None when the transition
    already happened (a repeat), with `booking` refreshed to what is stored."""
    locked = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if LEADS_TO.get(transition) == locked.status:
        _refresh(booking, locked)
        return None
    if locked.status not in ALLOWED_FROM[transition]:
        raise BookingStateError(_state_message(locked, transition))
    return locked


def _state_message(booking: BookingRequest, transition: str) -> str:
    status = booking.get_status_display().lower()
    messages = {
        "propose": "Only a requested or proposed booking can get a (new) proposal",
        "confirm": "Only a proposed booking can be confirmed; propose a time and facilitator first",
        "mark_delivered": "Only a confirmed booking can be marked delivered",
        "close": "Only a delivered booking can be closed; mark it delivered first",
        "decline": "Only a requested or proposed booking can be declined",
        "cancel": "A delivered, closed, declined or cancelled booking cannot be cancelled",
    }
    return f"{messages[transition]}; this one is {status}."


def _refresh(target: BookingRequest, source: BookingRequest) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _require_coordinator(by: Any, what: str) -> None:
    if not is_coordinator(by):
        raise BookingPermissionError(f"Only a coordinator can {what}.")


def _require_reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise BookingValidationError(
            {"reason": f"Give a reason for {what}; the organization will read it."}
        )
    return reason


def propose(
    booking: BookingRequest, *, starts_at: datetime, ends_at: datetime, facilitator: Any, by: Any
) -> BookingRequest:
    """requested|proposed → proposed: a coordinator offers one time and a facilitator.

    Rules: `by` is a coordinator; the start is in the future and the end after it; the
    facilitator is a provider facilitator or coordinator and is free then (else
    FacilitatorClashError naming the clash). E-mails the organization's admins (to
    accept) and the facilitator.
    """
    _require_coordinator(by, "propose a time for a workshop")
    errors: dict[str, str] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "The proposed start is in the past; choose a future date and time."
    if ends_at <= starts_at:
        errors["ends_at"] = "The end must be after the start; check the end time."
    if not provider_facilitators().filter(pk=facilitator.pk).exists():
        errors["facilitator"] = (
            "Choose a facilitator from the list: provider members with the facilitator "
            "or coordinator role."
        )
    if errors:
        raise BookingValidationError(errors)
    with transaction.atomic():
        # Lock the facilitator so two proposals for the same person cannot both pass.
        User.objects.select_for_update().get(pk=facilitator.pk)
        locked = _lock(booking, "propose")
        assert locked is not None
        if (
            locked.status == S.PROPOSED
            and (locked.proposed_starts_at, locked.proposed_ends_at) == (starts_at, ends_at)
            and locked.proposed_facilitator_id == facilitator.pk
        ):
            _refresh(booking, locked)
            return booking  # the same proposal again (a double submit)
        clash = facilitator_clash(facilitator, starts_at, ends_at, ignore=locked)
        if clash:
            raise FacilitatorClashError(f"{clash}; choose another time or facilitator.")
        locked.status = S.PROPOSED
        locked.proposed_starts_at = starts_at
        locked.proposed_ends_at = ends_at
        locked.proposed_facilitator = facilitator
        locked.save()
        log_action(
            by,
            "booking.proposed",
            locked,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
            facilitator=facilitator.email,
        )
        notify("proposed", locked, admins=True, facilitator=True)
    _refresh(booking, locked)
    return booking


def confirm(booking: BookingRequest, *, by: Any) -> BookingRequest:
    """proposed → confirmed: the proposal is accepted and the private session is created.

    `by` is a coordinator or an admin of the booking's organization. The facilitator
    must still be free (checked again). The session: the activity, the proposed times
    in the request's time zone, its mode, the address (or a placeholder for the
    meeting link, to edit later), the facilitator, private to the organization, with
    capacity `session_capacity(expected participants)` and an attendance code.
    Confirming a confirmed booking returns it unchanged (one session).
    E-mails the organization's admins, the facilitator and the coordinators.
    """
    if not (is_coordinator(by) or has_role(by, booking.organization, MembershipRole.ORG_ADMIN)):
        raise BookingPermissionError(
            "Only a coordinator or an admin of the organization can confirm this booking."
        )
    with transaction.atomic():
        facilitator = booking.proposed_facilitator
        if facilitator is not None:
            User.objects.select_for_update().get(pk=facilitator.pk)
        locked = _lock(booking, "confirm")
        if locked is None:
            return booking  # a double click: one session
        assert locked.proposed_starts_at and locked.proposed_ends_at
        facilitator = locked.proposed_facilitator
        assert facilitator is not None, "a proposed booking has a facilitator"
        clash = facilitator_clash(
            facilitator, locked.proposed_starts_at, locked.proposed_ends_at, ignore=locked
        )
        if clash:
            advice = (
                "propose another time or facilitator"
                if is_coordinator(by)
                else "ask the coordinators to propose another time"
            )
            raise FacilitatorClashError(f"{clash}; {advice}.")
        session = Session.objects.create(
            activity=locked.activity,
            title=f"{locked.organization.name}: private workshop",
            starts_at=locked.proposed_starts_at,
            ends_at=locked.proposed_ends_at,
            time_zone=locked.time_zone,
            mode=locked.mode,
            location=locked.address if locked.mode == "in_person" else VIRTUAL_LOCATION,
            capacity=session_capacity(locked.expected_participants),
            private_to=locked.organization,
        )
        session.facilitators.set([facilitator])
        if not locked.activity.is_enduring:
            session.attendance_code = create_session_code(
                locked.activity,
                label=f"{locked.organization.name}, {locked.proposed_starts_at:%Y-%m-%d %H:%M} UTC",
                starts_at=locked.proposed_starts_at,
                by=by,
            )
            session.save(update_fields=["attendance_code"])
        locked.status = S.CONFIRMED
        locked.session = session
        locked.save()
        log_action(by, "booking.confirmed", locked, session=session.pk)
        notify("confirmed", locked, admins=True, facilitator=True, coordinators_too=True)
    _refresh(booking, locked)
    return booking


def mark_delivered(booking: BookingRequest, *, by: Any) -> BookingRequest:
    """confirmed → delivered, by a coordinator, only once the session has ended.

    E-mails the organization's admins (attendance and completion are now on their page).
    """
    _require_coordinator(by, "mark a workshop delivered")
    with transaction.atomic():
        locked = _lock(booking, "mark_delivered")
        if locked is None:
            return booking
        session = locked.session
        if session is not None and session.ends_at > timezone.now():
            raise BookingStateError(
                "The workshop has not ended yet (it ends "
                f"{format_in_zone(session.ends_at, session.time_zone)}); "
                "mark it delivered after that."
            )
        locked.status = S.DELIVERED
        locked.save()
        log_action(by, "booking.delivered", locked)
        notify("delivered", locked, admins=True)
    _refresh(booking, locked)
    return booking


def close(booking: BookingRequest, *, by: Any) -> BookingRequest:
    """delivered → closed, by a coordinator, when nothing is left to do. E-mails the admins."""
    _require_coordinator(by, "close a booking")
    with transaction.atomic():
        locked = _lock(booking, "close")
        if locked is None:
            return booking
        locked.status = S.CLOSED
        locked.save()
        log_action(by, "booking.closed", locked)
        notify("closed", locked, admins=True)
    _refresh(booking, locked)
    return booking


def decline(booking: BookingRequest, *, reason: str, by: Any) -> BookingRequest:
    """requested|proposed → declined, by a coordinator, with a reason the admins read.

    E-mails the organization's admins, and the facilitator if one was proposed.
    """
    _require_coordinator(by, "decline a booking")
    reason = _require_reason(reason, "declining")
    with transaction.atomic():
        locked = _lock(booking, "decline")
        if locked is None:
            return booking
        locked.status = S.DECLINED
        locked.reason = reason
        locked.save()
        log_action(by, "booking.declined", locked, reason=reason)
        notify("declined", locked, admins=True, facilitator=True)
    _refresh(booking, locked)
    return booking


def cancel(booking: BookingRequest, *, reason: str, by: Any) -> BookingRequest:
    """requested|proposed|confirmed → cancelled, by an admin of the organization or a
    coordinator, with a reason. A confirmed booking's session is cancelled too (its
    registrants are told by live.services.sessions.cancel_session). E-mails the admins,
    the coordinators and the facilitator.
    """
    from equitylens.live.services.sessions import cancel_session

    if not (is_coordinator(by) or has_role(by, booking.organization, MembershipRole.ORG_ADMIN)):
        raise BookingPermissionError(
            "Only a coordinator or an admin of the organization can cancel this booking."
        )
    reason = _require_reason(reason, "cancelling")
    with transaction.atomic():
        locked = _lock(booking, "cancel")
        if locked is None:
            return booking
        locked.status = S.CANCELLED
        locked.reason = reason
        locked.save()
        if locked.session is not None:
            cancel_session(locked.session, reason, by)
        log_action(by, "booking.cancelled", locked, reason=reason)
        notify("cancelled", locked, admins=True, coordinators_too=True, facilitator=True)
    _refresh(booking, locked)
    return booking
