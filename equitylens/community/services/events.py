"""Community events: upcoming live sessions flagged as community events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from equitylens.live.models import Session, SessionStatus


def format_moment(moment: datetime, zone: ZoneInfo) -> str:
    """E.g. “Tue, Mar 3, 2026, 10:00 AM CST”."""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{local:%a, %b} {local.day}, {local.year}, {hour}:{local:%M %p %Z}"


@dataclass(frozen=True)
class CommunityEvent:
    """One upcoming event, its times written in its own and in the viewer's time zone."""

    session: Session
    title: str
    url: str
    when: str
    when_yours: str  # empty when the viewer's time zone is the session's


def community_events(now: datetime) -> list[CommunityEvent]:
    """Upcoming scheduled sessions with community_event set, soonest first.

    Nothing is guessed: if no session is flagged, the list is empty. Private workshop
    sessions (booked by one organization) are never listed.
    """
    yours = ZoneInfo(settings.TIME_ZONE)
    sessions = (
        Session.objects.filter(
            community_event=True,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=now,
            private_to__isnull=True,
        )
        .select_related("activity")
        .order_by("starts_at", "pk")
    )
    events = []
    for session in sessions:
        zone = ZoneInfo(session.time_zone)
        when = format_moment(session.starts_at, zone)
        when_yours = format_moment(session.starts_at, yours)
        events.append(
            CommunityEvent(
                session=session,
                title=session.title or session.activity.title,
                url=reverse("live:session", args=[session.pk]),
                when=when,
                when_yours="" if when_yours == when else when_yours,
            )
        )
    return events
