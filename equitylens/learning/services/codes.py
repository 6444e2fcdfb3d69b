"""Attendance verification codes: six letters, unambiguous, unique across the platform."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import AttendanceCode, CodeKind, CodeSource, Enrollment
from equitylens.learning.services.mail import send_learner_mail

# No I, L, O (read as 1, 1, 0 on a projector or a phone).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code_text() -> str:
    """A random 6-letter code (23^6 ≈ 148 million possibilities)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(entered: str) -> str:
    """What the learner typed, as stored: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in entered.upper() if not ch.isspace() and ch != "-")


def _create_unique(**fields: Any) -> AttendanceCode:
    for _ in range(20):
        try:
            with transaction.atomic():
                return AttendanceCode.objects.create(code=new_code_text(), **fields)
        except IntegrityError:
            # A collision on `code` (rare) → draw again. Any other conflict is re-raised
            # by the caller's own lookup.
            if not _is_code_collision(fields):
                raise
    raise RuntimeError("Could not draw a unique attendance code")


def _is_code_collision(fields: dict[str, Any]) -> bool:
    email = fields.get("email")
    if fields.get("kind") == CodeKind.PERSONAL and email:
        return not AttendanceCode.objects.filter(
            activity=fields["activity"], email=email, kind=CodeKind.PERSONAL
        ).exists()
    return True


def issue_course_code(enrollment: Enrollment) -> AttendanceCode:
    """The learner's personal code for a completed online course; idempotent.

    Creates the code the first time (and e-mails it after commit); afterwards returns
    the same code. The enrollment's required modules must be complete.
    """
    email = enrollment.user.email.lower()
    existing = AttendanceCode.objects.filter(
        activity=enrollment.activity, email=email, kind=CodeKind.PERSONAL
    ).first()
    if existing is not None:
        return existing
    if enrollment.modules_completed_at is None:
        raise ValueError("The course's required modules are not complete")
    try:
        code = _create_unique(
            activity=enrollment.activity,
            kind=CodeKind.PERSONAL,
            source=CodeSource.COURSE_COMPLETION,
            email=email,
            enrollment=enrollment,
            valid_from=timezone.now(),
        )
    except IntegrityError:
        return AttendanceCode.objects.get(
            activity=enrollment.activity, email=email, kind=CodeKind.PERSONAL
        )
    log_action(enrollment.user, "attendance_code.issued", code, activity=enrollment.activity.slug)
    send_learner_mail(
        "code_issued",
        enrollment.user,
        {
            "activity_title": enrollment.activity.title,
            "code": code.code,
            "path": f"/claim/?code={code.code}",
        },
    )
    return code


class SessionCodeError(ValueError):
    """A session code cannot be created as asked; the message says why and what to do."""


def create_session_code(
    activity: Activity, *, label: str, starts_at: datetime, by: Any
) -> AttendanceCode:
    """The attendance code everyone present at one live session enters; idempotent.

    Valid from `starts_at` until `activity.attendance_code_days` days later. Asking
    again with the same label and start returns the code made the first time (a
    double submit never makes two). Online courses issue personal codes on completion
    instead, so they get SessionCodeError, as does a blank label.
    """
    label = " ".join(label.split())
    if not label:
        raise SessionCodeError("Give the session a label, e.g. “Riverbend, 12 March”.")
    if activity.is_enduring:
        raise SessionCodeError(
            "Online courses issue each learner a personal code on completion; "
            "session codes are for live activities."
        )
    fields: dict[str, Any] = {
        "activity": activity,
        "kind": CodeKind.SESSION,
        "label": label[:200],
        "valid_from": starts_at,
    }
    with transaction.atomic():
        # Serialize creators for this activity so a double submit finds the first code.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        existing = AttendanceCode.objects.filter(**fields).first()
        if existing is not None:
            return existing
        code = _create_unique(
            **fields,
            source=CodeSource.LIVE_SESSION,
            valid_until=starts_at + timedelta(days=activity.attendance_code_days),
            created_by=by,
        )
        log_action(by, "attendance_code.session_created", code, activity=activity.slug, label=label)
    return code


@dataclass(frozen=True)
class CodeUse:
    """A code and the learners who verified their attendance with it (name, when)."""

    code: AttendanceCode
    used_by: list[tuple[str, datetime]]


def codes_with_use(activity: Activity) -> tuple[list[CodeUse], list[CodeUse]]:
    """The session codes and the personal codes of `activity`, newest first, with their use."""
    from equitylens.learning.models import CodeEntryAttempt

    uses: dict[int, dict[int, tuple[str, datetime]]] = {}
    attempts = (
        CodeEntryAttempt.objects.filter(code__activity=activity, succeeded=True)
        .select_related("user")
        .order_by("attempted_at")
    )
    for attempt in attempts:
        if attempt.code_id is None or attempt.user is None:
            continue
        who = attempt.user.get_full_name() or attempt.user.email
        uses.setdefault(attempt.code_id, {}).setdefault(
            attempt.user.pk, (f"{who} ({attempt.user.email})", attempt.attempted_at)
        )
    sessions: list[CodeUse] = []
    personal: list[CodeUse] = []
    for code in AttendanceCode.objects.filter(activity=activity).order_by("-created_at", "-id"):
        row = CodeUse(code, list(uses.get(code.pk, {}).values()))
        (sessions if code.kind == CodeKind.SESSION else personal).append(row)
    return sessions, personal
