"""iCalendar (RFC 5545) for sessions: one invitation, and each learner's personal feed.

Times are written in UTC ("Z"), which every calendar converts to its owner's zone. The
UID is stable per session, so a re-sent invitation updates the same event; SEQUENCE
counts the session's reschedules and its cancellation. The meeting link goes only into
a registrant's copy. Lines end in CRLF, are folded at 75 octets and text is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import entries_for
from equitylens.live.models import (
    CalendarFeed,
    Registration,
    RegistrationStatus,
    Session,
    SessionMode,
    SessionStatus,
)
from equitylens.live.models.registrations import new_feed_token

PRODID = "-//Equity Lens//Live sessions//EN"


def escape_text(value: str) -> str:
    """TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "equitylens"
    return f"session-{session.pk}@{host}"


def sequence(session: Session) -> int:
    """How many times the session moved or was cancelled (the event's revision)."""
    return (
        entries_for(session).filter(action__in=["session.rescheduled", "session.cancelled"]).count()
    )


def _event(session: Session, registration: Registration | None) -> list[str]:
    activity = session.activity
    page = settings.SITE_URL + reverse("live:session", kwargs={"pk": session.pk})
    summary = (session.title and f"{activity.title}: {session.title}") or activity.title
    location = session.location if session.mode == SessionMode.IN_PERSON else "Online"
    description = [activity.summary, f"Session page: {page}"]
    registered = registration is not None and registration.status == RegistrationStatus.REGISTERED
    if session.mode == SessionMode.VIRTUAL:
        if registered:
            description.append(f"Join online: {session.meeting_url}")
        else:
            description.append("The meeting link is shown on the session page once you register.")
    cancelled = session.status == SessionStatus.CANCELLED
    if cancelled:
        description.insert(0, f"CANCELLED: {session.cancel_reason}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_uid(session)}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SEQUENCE:{sequence(session)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"URL:{page}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"ORGANIZER;CN={escape_text(activity.contact_name)}:mailto:{activity.contact_email}",
    ]
    if registration is not None:
        lines.append(f"ATTENDEE;RSVP=FALSE:mailto:{registration.user.email}")
    lines.append("END:VEVENT")
    return lines


def _calendar(events: list[list[str]], method: str | None) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def session_ics(session: Session, registration: Registration | None) -> str:
    """The invitation for one session (METHOD:REQUEST, or CANCEL once it is cancelled)."""
    method = "CANCEL" if session.status == SessionStatus.CANCELLED else "REQUEST"
    return _calendar([_event(session, registration)], method)


def calendar_feed(user: Any) -> str:
    """Every session `user` holds a place (or a place in line) at, past ones included."""
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        )
        .select_related("session__activity", "user")
        .order_by("session__starts_at")
    )
    return _calendar([_event(r.session, r) for r in registrations], None)


def feed_for(user: Any) -> CalendarFeed:
    """The user's feed, created on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed(user: Any) -> CalendarFeed:
    """A new secret token; the old feed URL stops working at once."""
    from equitylens.audit.services import log_action

    with transaction.atomic():
        feed = feed_for(user)
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
        log_action(user, "calendar_feed.reset", feed)
    return feed
