"""An organization admin asks for a private workshop: the request and its rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from equitylens.accounts.models import MembershipRole, Organization
from equitylens.accounts.permissions import has_role
from equitylens.audit.services import log_action
from equitylens.bookings.models import BookingRequest, BookingStatus, PreferredSlot
from equitylens.bookings.services.errors import BookingPermissionError, BookingValidationError
from equitylens.bookings.services.notifications import notify
from equitylens.catalog.models import Activity, ActivityStatus

MAX_SLOTS = 3
MODES = {"in_person", "virtual"}
# A second identical submission within this window is the same request (double submit).
DUPLICATE_WINDOW = timedelta(minutes=10)


def bookable_activities() -> QuerySet[Activity]:
    """Activities an organization may book privately (not closed or expired)."""
    return Activity.objects.filter(bookable_privately=True).exclude(
        status__in=[ActivityStatus.CLOSED, ActivityStatus.EXPIRED]
    )


def request_booking(
    organization: Organization,
    activity: Activity,
    *,
    slots: Sequence[datetime | None],
    mode: str,
    address: str = "",
    time_zone: str,
    expected_participants: int | None,
    notes: str = "",
    by: Any,
) -> BookingRequest:
    """Record a request for a private session of `activity` for `organization`.

    Rules: `by` is an admin of `organization` (else BookingPermissionError); the
    activity is bookable privately; up to three preferred slots (aware datetimes, in
    order; empty ones skipped), at least one, each in the future and all different;
    `mode` is in_person (an address is then required) or virtual; `time_zone` is an
    IANA name; at least one expected participant. Every broken rule is reported at once
    in BookingValidationError.errors (field name → message) and nothing is saved.

    Submitting the same request twice within ten minutes returns the first one. E-mails
    the coordinators (new request) and the organization's admins (receipt).
    """
    if not has_role(by, organization, MembershipRole.ORG_ADMIN):
        raise BookingPermissionError(
            f"Only an admin of {organization.name} can request a workshop for it; "
            "ask one of its admins."
        )
    errors = _problems(activity, slots, mode, address, time_zone, expected_participants)
    if errors:
        raise BookingValidationError(errors)
    wanted = [(position, when) for position, when in enumerate(slots, start=1) if when]
    with transaction.atomic():
        # One request at a time per organization, so a double submit finds the first.
        Organization.objects.select_for_update().get(pk=organization.pk)
        existing = _same_request(organization, activity, by, wanted)
        if existing is not None:
            return existing
        booking = BookingRequest.objects.create(
            organization=organization,
            activity=activity,
            requested_by=by,
            mode=mode,
            address=address.strip() if mode == "in_person" else "",
            time_zone=time_zone,
            expected_participants=expected_participants or 1,
            notes=notes.strip(),
        )
        PreferredSlot.objects.bulk_create(
            PreferredSlot(request=booking, position=position, starts_at=when)
            for position, when in wanted
        )
        log_action(
            by,
            "booking.requested",
            booking,
            activity=activity.slug,
            slots=[when.isoformat() for _, when in wanted],
            mode=mode,
            expected_participants=booking.expected_participants,
        )
        notify("requested", booking, admins=True, coordinators_too=True)
    return booking


def _problems(
    activity: Activity,
    slots: Sequence[datetime | None],
    mode: str,
    address: str,
    time_zone: str,
    expected_participants: int | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not activity.bookable_privately:
        errors["activity"] = (
            f"“{activity.title}” cannot be booked privately; choose one of the bookable workshops."
        )
    if len(slots) > MAX_SLOTS:
        errors["slot_1"] = f"Give at most {MAX_SLOTS} preferred dates and times."
    now = timezone.now()
    seen: dict[datetime, int] = {}
    for position, when in enumerate(slots[:MAX_SLOTS], start=1):
        if when is None:
            continue
        if timezone.is_naive(when):
            raise ValueError("Preferred slots must be aware datetimes")
        if when <= now:
            errors[f"slot_{position}"] = (
                f"Preferred time {position} is in the past; choose a future date and time."
            )
        elif when in seen:
            errors[f"slot_{position}"] = (
                f"Preferred time {position} is the same as preferred time {seen[when]}; "
                "choose a different date or time, or leave it empty."
            )
        seen.setdefault(when, position)
    if not any(slots):
        errors["slot_1"] = "Give at least one preferred date and time (up to three)."
    if mode not in MODES:
        errors["mode"] = "Choose in person or virtual."
    elif mode == "in_person" and not address.strip():
        errors["address"] = "Enter the address where the workshop will be held (in person)."
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = "Choose the time zone your preferred times are in."
    if expected_participants is None or expected_participants < 1:
        errors["expected_participants"] = "Enter how many people you expect, at least 1."
    return errors


def _same_request(
    organization: Organization,
    activity: Activity,
    by: Any,
    wanted: list[tuple[int, datetime]],
) -> BookingRequest | None:
    recent = BookingRequest.objects.filter(
        organization=organization,
        activity=activity,
        requested_by=by,
        status=BookingStatus.REQUESTED,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).prefetch_related("slots")
    for booking in recent:
        if [(s.position, s.starts_at) for s in booking.slots.all()] == wanted:
            return booking
    return None


def requests_of(organization: Organization) -> QuerySet[BookingRequest]:
    """The organization's booking requests, newest first."""
    return (
        BookingRequest.objects.filter(organization=organization)
        .select_related("activity", "session", "proposed_facilitator")
        .order_by("-created_at")
    )
