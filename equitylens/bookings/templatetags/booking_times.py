"""Template filters: a moment in a given time zone, and in the viewer's when it differs."""

from __future__ import annotations

from datetime import datetime

from django import template

from equitylens.bookings.services.times import format_for_viewer, format_in_zone

register = template.Library()


@register.filter
def in_zone(moment: datetime | None, time_zone: str) -> str:
    """{{ slot.starts_at|in_zone:booking.time_zone }} → "Tue, Mar 3, 2026, 10:00 AM CST"."""
    return format_in_zone(moment, time_zone)


@register.filter
def for_viewer(moment: datetime | None, time_zone: str) -> str:
    """The same moment in the site's time zone, or "" when `time_zone` shows it the same."""
    return format_for_viewer(moment, time_zone)
