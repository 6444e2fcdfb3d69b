"""How session times read: in the session's own time zone, and in the viewer's when it differs.

"Tue, Mar 3, 2026, 10:00 AM CST" — every time is written with its zone's abbreviation,
so a clinician in New York reading a Chicago session is never left to guess.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from equitylens.live.models import Session


def _clock(moment: datetime) -> str:
    hour = moment.strftime("%I").lstrip("0")
    return f"{hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'} {moment.tzname()}"


def moment_text(moment: datetime, zone_name: str) -> str:
    """One instant in one zone: "Tue, Mar 3, 2026, 10:00 AM CST"."""
    local = moment.astimezone(ZoneInfo(zone_name))
    return f"{local:%a, %b} {local.day}, {local.year}, {_clock(local)}"


def span_text(starts_at: datetime, ends_at: datetime, zone_name: str) -> str:
    """Start and end in one zone; the date is not repeated when the session ends the same day."""
    zone = ZoneInfo(zone_name)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{moment_text(starts_at, zone_name)} to {_clock(end)}"
    return f"{moment_text(starts_at, zone_name)} to {moment_text(ends_at, zone_name)}"


def viewer_zone() -> str:
    """The viewer's time zone: the site's (there is no per-user time zone yet)."""
    return str(settings.TIME_ZONE)


def session_when(session: Session) -> dict[str, str]:
    """The session's time in its own zone and, when different, in the viewer's ("yours")."""
    own = span_text(session.starts_at, session.ends_at, session.time_zone)
    yours = span_text(session.starts_at, session.ends_at, viewer_zone())
    return {"own": own, "yours": "" if yours == own else yours}
