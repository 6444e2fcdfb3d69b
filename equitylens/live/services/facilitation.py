"""Running a session: the facilitator's roster, attendance, the session code, breakouts.

Rules:
- Only the session's facilitators and coordinators run it (accounts.permissions.can_facilitate);
  views check that before calling anything here.
- Attendance is marked from the session's start onwards (ATTENDANCE_OPENS_BEFORE_START is
  zero): it records who was in the room or the meeting, so it cannot be known before the
  session begins. Only registered learners (not waitlisted or cancelled) can be marked.
  Marking the same value again changes nothing and logs nothing (double submit, retry).
- Each session has at most one attendance code, made the first time it is asked for
  (session_code); asking again, or twice at once, returns the same code.
- Breakout groups are for dialogue-series sessions only.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone

from equitylens.audit.services import log_action
from equitylens.learning.models import AttendanceCode
from equitylens.learning.services.codes import create_session_code
from equitylens.live.models import Registration, RegistrationStatus, SeriesSettings, Session

ATTENDANCE_OPENS_BEFORE_START = timedelta(0)
MAX_BREAKOUT_GROUPS = 20
BREAKOUT_NAME_LENGTH = 40


class FacilitationError(ValueError):
    """A facilitator's action is not allowed; the message says why and what to do."""


def session_label(session: Session) -> str:
    """How the session is named on its code: its title (or activity) and its local date."""
    local = session.starts_at.astimezone(ZoneInfo(session.time_zone))
    name = session.title or session.activity.title
    return f"{name}, {formats.date_format(local, 'N j, Y')}"


def session_code(session: Session, by: Any) -> AttendanceCode:
    """The session's attendance code, created and linked the first time; idempotent.

    Valid from the session's start for the activity's attendance_code_days. The session
    row is locked while the code is made, so two facilitators opening the page at once
    get the same code (create_session_code itself is idempotent per label and start).
    """
    if session.attendance_code_id is not None:
        return session.attendance_code  # type: ignore[return-value]
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.attendance_code_id is None:
            code = create_session_code(
                locked.activity, label=session_label(locked), starts_at=locked.starts_at, by=by
            )
            locked.attendance_code = code
            locked.save(update_fields=["attendance_code"])
            log_action(by, "session.code_linked", locked, code=code.code)
        session.attendance_code = locked.attendance_code
    return session.attendance_code  # type: ignore[return-value]


def roster(session: Session) -> list[Registration]:
    """Registered learners, then the waitlist in order; cancelled registrations left out."""
    rows = list(
        session.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
        )
        .select_related("user")
        .order_by("queued_at", "pk")
    )
    return sorted(rows, key=lambda r: r.status != RegistrationStatus.REGISTERED)


def attendance_opens_at(session: Session) -> datetime:
    """When the facilitator may start marking attendance."""
    return session.starts_at - ATTENDANCE_OPENS_BEFORE_START


def attendance_blocker(session: Session, now: datetime | None = None) -> str | None:
    """None when attendance may be marked now, else why not (the facilitator's words)."""
    now = now or timezone.now()
    if session.status != "scheduled":
        return "This session was cancelled; there is no attendance to mark."
    if now < attendance_opens_at(session):
        return "Attendance can be marked once the session has started."
    return None


def mark_attendance(session: Session, marks: dict[int, bool], by: Any) -> int:
    """Record present (True) or absent (False) for registrations of `session`, by id.

    Returns how many changed. Ids of other sessions' or not-registered learners raise
    FacilitationError and change nothing; so does marking before the session starts.
    Unchanged marks are left alone (no new timestamp, no log), so repeating is harmless.
    """
    blocker = attendance_blocker(session)
    if blocker:
        raise FacilitationError(blocker)
    changed = 0
    with transaction.atomic():
        rows = {
            r.pk: r
            for r in Registration.objects.select_for_update().filter(
                session=session, pk__in=list(marks)
            )
        }
        for pk, present in marks.items():
            row = rows.get(pk)
            if row is None or row.status != RegistrationStatus.REGISTERED:
                raise FacilitationError(
                    "Only registered learners of this session can be marked; reload the roster."
                )
            if row.attended is present:
                continue
            row.attended = present
            row.attendance_marked_at = timezone.now()
            row.save(update_fields=["attended", "attendance_marked_at"])
            log_action(
                by, "registration.attendance_marked", row, session=session.pk, present=present
            )
            changed += 1
    return changed


def mark_all_present(session: Session, by: Any) -> int:
    """Mark every registered learner present; returns how many changed (0 on a repeat)."""
    ids = session.registrations.filter(status=RegistrationStatus.REGISTERED).values_list(
        "pk", flat=True
    )
    return mark_attendance(session, dict.fromkeys(ids, True), by)


# Spreadsheet programs run cells starting with these as formulas (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """`value` made inert in a spreadsheet: a leading formula character gets a quote."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def attended_label(registration: Registration) -> str:
    if registration.attended is None:
        return "not marked"
    return "present" if registration.attended else "absent"


def roster_csv(session: Session) -> str:
    """The roster as CSV: name, e-mail, status, attended, needs, ground rules, breakout group."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Name",
            "E-mail",
            "Status",
            "Attended",
            "Accessibility needs",
            "Dietary needs",
            "Ground rules acknowledged",
            "Breakout group",
        ]
    )
    for row in roster(session):
        acknowledged = row.ground_rules_acknowledged_at
        writer.writerow(
            spreadsheet_safe(str(value))
            for value in [
                row.user.get_full_name() or row.user.email,
                row.user.email,
                row.get_status_display(),
                attended_label(row),
                row.accessibility_needs,
                row.dietary_needs,
                acknowledged.date().isoformat() if acknowledged else "",
                row.breakout_group,
            ]
        )
    return out.getvalue()


def is_dialogue(session: Session) -> bool:
    """True for sessions of a dialogue series (ground rules, breakouts, feedback)."""
    return SeriesSettings.objects.filter(activity_id=session.activity_id, is_dialogue=True).exists()


def _require_dialogue(session: Session) -> None:
    if not is_dialogue(session):
        raise FacilitationError("Breakout groups are for dialogue-series sessions only.")


def assign_breakouts(session: Session, groups: dict[int, str], by: Any) -> int:
    """Put registered learners (by registration id) in named groups ("" = none).

    Returns how many changed. A name longer than 40 characters, or a registration that
    is not a registered learner of this session, raises FacilitationError; nothing changes.
    """
    _require_dialogue(session)
    cleaned = {pk: " ".join(name.split()) for pk, name in groups.items()}
    for name in cleaned.values():
        if len(name) > BREAKOUT_NAME_LENGTH:
            raise FacilitationError(
                f"Breakout group names can be at most {BREAKOUT_NAME_LENGTH} characters; "
                f"“{name[:20]}…” is {len(name)}. Shorten it."
            )
    changed = 0
    with transaction.atomic():
        rows = {
            r.pk: r
            for r in Registration.objects.select_for_update().filter(
                session=session, status=RegistrationStatus.REGISTERED, pk__in=list(cleaned)
            )
        }
        if set(rows) != set(cleaned):
            raise FacilitationError(
                "Only registered learners of this session can join a group; reload the roster."
            )
        for pk, name in cleaned.items():
            if rows[pk].breakout_group == name:
                continue
            rows[pk].breakout_group = name
            rows[pk].save(update_fields=["breakout_group"])
            changed += 1
        if changed:
            log_action(by, "session.breakouts_assigned", session, changed=changed)
    return changed


def split_into_groups(session: Session, count: int, by: Any) -> int:
    """Split the registered learners evenly into `count` groups named "Group 1"…"Group N".

    Learners are dealt round-robin in registration order, so group sizes differ by at
    most one. `count` must be between 1 and 20 (FacilitationError otherwise). Running
    it again with the same count gives the same groups.
    """
    _require_dialogue(session)
    if not 1 <= count <= MAX_BREAKOUT_GROUPS:
        raise FacilitationError(
            f"Number of groups must be between 1 and {MAX_BREAKOUT_GROUPS}; you entered {count}."
        )
    ids = list(
        session.registrations.filter(status=RegistrationStatus.REGISTERED)
        .order_by("queued_at", "pk")
        .values_list("pk", flat=True)
    )
    return assign_breakouts(session, {pk: f"Group {i % count + 1}" for i, pk in enumerate(ids)}, by)


def breakout_group_for(user: Any, session: Session) -> str:
    """The breakout group `user` is in at `session` ("" when none or not registered)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    row = (
        session.registrations.filter(user=user, status=RegistrationStatus.REGISTERED)
        .values_list("breakout_group", flat=True)
        .first()
    )
    return row or ""
