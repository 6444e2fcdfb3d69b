"""Writing booking times the way people read them: the request's time zone, then yours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

# The time zones offered on the request form (IANA names), labelled for people.
TIME_ZONE_CHOICES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
    ("UTC", "UTC"),
]


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; the site's time zone when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def format_in_zone(moment: datetime | None, time_zone: str) -> str:
    """E.g. "Tue, Mar 3, 2026, 10:00 AM CST" — `moment` written in `time_zone`."""
    if moment is None:
        return ""
    local = moment.astimezone(zone(time_zone))
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%a, %b} {local.day}, {local.year}, {hour}:{local:%M %p} {local.tzname()}"


def format_for_viewer(moment: datetime | None, time_zone: str) -> str:
    """The same moment in the viewer's (the site's) time zone, or "" when that is the same."""
    if moment is None:
        return ""
    there = moment.astimezone(zone(time_zone))
    here = moment.astimezone(zone(settings.TIME_ZONE))
    if there.utcoffset() == here.utcoffset() and there.tzname() == here.tzname():
        return ""
    return format_in_zone(moment, settings.TIME_ZONE)
