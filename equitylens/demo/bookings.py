"""Demo data: bookings (fictional, written by us).

Riverbend Health (admin: Priya Patel) has asked for the implicit-bias workshop (still
"requested", three preferred times) and has a confirmed private session of the
video-series workshop with Aisha Johnson facilitating.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from equitylens.accounts.models import Organization
from equitylens.bookings.models import BookingRequest
from equitylens.bookings.services.requests import request_booking
from equitylens.bookings.services.transitions import confirm, propose

ADMIN = "priya.patel@riverbendhealth.example"
COORDINATOR = "sam.rivera@lakeshoremed.example"
FACILITATOR = "aisha.johnson@lakeshoremed.example"
CHICAGO = ZoneInfo("America/Chicago")


def _at(days: int, hour: int) -> datetime:
    """A wall-clock hour in Chicago, `days` from today."""
    day = timezone.now().astimezone(CHICAGO).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CHICAGO)


def load_bookings(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo bookings; idempotent. `people` maps e-mail → User.

    A booking that exists for the organization and activity is left as it is.
    """
    riverbend = Organization.objects.filter(slug="riverbend-health").first()
    admin, coordinator, facilitator = (people.get(e) for e in (ADMIN, COORDINATOR, FACILITATOR))
    if riverbend is None or admin is None:
        return
    bias = activities.get("interactive-implicit-bias-workshop")
    if bias is not None and not _exists(riverbend, bias):
        request_booking(
            riverbend,
            bias,
            slots=[_at(40, 9), _at(42, 13), _at(47, 9)],
            mode="in_person",
            address="Riverbend Health, Education Center, Room 2B\n400 River Road, Riverbend",
            time_zone="America/Chicago",
            expected_participants=24,
            notes="Mostly emergency department nurses and residents; we have a projector.",
            by=admin,
        )
    video = activities.get("seeing-patients-video-series-workshop")
    if video is not None and coordinator and facilitator and not _exists(riverbend, video):
        booking = request_booking(
            riverbend,
            video,
            slots=[_at(35, 12), _at(36, 12), None],
            mode="virtual",
            time_zone="America/Chicago",
            expected_participants=30,
            notes="Lunch-hour session for primary care teams.",
            by=admin,
        )
        start = _at(35, 12)
        propose(
            booking,
            starts_at=start,
            ends_at=start + timedelta(minutes=video.duration_minutes),
            facilitator=facilitator,
            by=coordinator,
        )
        confirm(booking, by=admin)


def _exists(organization: Organization, activity: Any) -> bool:
    return BookingRequest.objects.filter(organization=organization, activity=activity).exists()
