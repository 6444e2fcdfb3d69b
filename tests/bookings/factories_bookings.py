"""Factories for private workshop bookings: an organization with its admin, a bookable
workshop, a facilitator, and booking requests in a given state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.audit.models import LogEntry
from equitylens.bookings.models import BookingRequest
from equitylens.bookings.services.requests import request_booking
from equitylens.bookings.services.transitions import confirm, propose
from equitylens.catalog.models import Activity
from equitylens.live.models import Session
from tests.factories import (
    make_activity,
    make_coordinator,
    make_facilitator,
    make_learner,
    make_membership,
    make_organization,
    make_user,
)


def make_org_with_admin(name: str = "Riverbend Health") -> tuple[Organization, User]:
    organization = make_organization(name=name)
    admin = make_user()
    make_membership(admin, organization, role=MembershipRole.ORG_ADMIN)
    return organization, admin


def make_member(organization: Organization) -> User:
    member = make_learner()
    make_membership(member, organization)
    return member


def make_workshop(**extra: Any) -> Activity:
    extra.setdefault("bookable_privately", True)
    extra.setdefault("title", "Interactive implicit bias workshop")
    return make_activity(**extra)


def in_days(days: int, hour: int = 15) -> datetime:
    """A whole hour `days` from now, in UTC."""
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_booking(
    organization: Organization | None = None,
    admin: User | None = None,
    activity: Activity | None = None,
    **extra: Any,
) -> BookingRequest:
    """A 'requested' booking through the real service."""
    if organization is None or admin is None:
        organization, admin = make_org_with_admin()
    fields: dict[str, Any] = {
        "slots": [in_days(20), in_days(21), in_days(22)],
        "mode": "in_person",
        "address": "1 River Road, Springfield",
        "time_zone": "America/Chicago",
        "expected_participants": 20,
        "notes": "",
        **extra,
    }
    return request_booking(organization, activity or make_workshop(), by=admin, **fields)


def make_proposed(
    booking: BookingRequest | None = None,
    *,
    facilitator: User | None = None,
    coordinator: User | None = None,
    starts_at: datetime | None = None,
    hours: int = 2,
) -> BookingRequest:
    booking = booking or make_booking()
    starts_at = starts_at or in_days(20)
    return propose(
        booking,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        facilitator=facilitator or make_facilitator(),
        by=coordinator or make_coordinator(),
    )


def make_confirmed(booking: BookingRequest | None = None, **extra: Any) -> BookingRequest:
    booking = make_proposed(booking, **extra)
    return confirm(booking, by=make_coordinator())


def booking_actions(booking: BookingRequest) -> list[str]:
    """The booking's audit actions, oldest first."""
    return list(
        LogEntry.objects.filter(object_id=str(booking.pk), action__startswith="booking.")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


def end_session(booking: BookingRequest) -> None:
    """Move the confirmed session into the past, as if the workshop took place."""
    assert booking.session is not None
    Session.objects.filter(pk=booking.session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    booking.session.refresh_from_db()
