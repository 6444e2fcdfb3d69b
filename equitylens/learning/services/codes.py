"""Attendance verification codes: six letters, unambiguous, unique across the platform."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.audit.services import log_action
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
