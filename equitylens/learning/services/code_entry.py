"""Entering an attendance verification code: the checks, the lockout, the verification.

Rules (enter_code):
- What the learner typed is normalized (case ignored, spaces and dashes dropped) and
  must look like a code (6 letters) before anything is looked up.
- A personal code works only for the learner whose e-mail it was issued to; anyone
  else's personal code is treated exactly like a wrong code (nothing is revealed).
- A session code works from the session's start (valid_from) until valid_until.
- The learner must be in the activity's audience (catalog.services.visibility).
- Then, in one transaction, the enrollment is found or created and moved to
  code_verified. Entering a code that already verified the enrollment is fine: the
  learner is simply sent on.

Enrollments created here:
- Live activities: the code is how a participant joins the record, so the enrollment
  is created at code entry.
- Online courses: normally the enrollment exists (the personal code was issued on
  completing it). A code imported from an organization's LMS proves the course was
  completed there, so a missing enrollment is created with every required module
  marked complete (modules_completed_at and progress rows), and an existing one gets
  its missing required modules marked complete the same way.

Lockout: every try is stored as a CodeEntryAttempt. A *wrong* try is one where no
usable code matched (not found, or someone else's personal code); badly shaped
entries, codes outside their dates and audience refusals are stored but do not count,
because they are not guesses. Five wrong tries within 15 minutes lock code entry for
that learner, and likewise for that IP address, for 15 minutes from the fifth. While
locked, entries are refused without being checked and are not stored, so they neither
count nor extend the lock. Each lockout is logged (audit "code_entry.locked" and the
"equitylens.security" logger) so coordinators see it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.catalog.services.visibility import may_participate
from equitylens.learning.models import (
    AttendanceCode,
    CodeEntryAttempt,
    CodeKind,
    CodeSource,
    Enrollment,
    ModuleProgress,
)
from equitylens.learning.services.codes import CODE_LENGTH, normalize_code
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    lock_enrollment,
    missing_required_modules,
    record_code_verified,
)

security_log = logging.getLogger("equitylens.security")

WRONG_TRY_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
CODE_SHAPE = re.compile(r"^[A-Z]{6}$")


class CodeEntryError(Exception):
    """The code was not accepted; str(error) tells the learner why and what to do."""


class CodeShapeError(CodeEntryError):
    """What was typed cannot be a code (wrong length, digits or symbols)."""


class WrongCodeError(CodeEntryError):
    """No code the learner may use matches; counts towards the lockout."""


class CodeNotValidNowError(CodeEntryError):
    """A real code, but before its session started or after it expired."""


class CodeRefusedError(CodeEntryError):
    """A real code this learner may not use now (audience, unfinished course)."""


class CodeEntryLockedError(CodeEntryError):
    """Too many wrong tries; `until` is when code entry opens again."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(
            "Too many wrong codes were entered, so code entry is paused for 15 minutes. "
            f"You can try again after {format_moment(until)}."
        )


@dataclass(frozen=True)
class CodeEntryResult:
    """A verified code: the learner's enrollment, the code, and whether it changed now."""

    enrollment: Enrollment
    code: AttendanceCode
    newly_verified: bool


def format_moment(moment: datetime) -> str:
    """A moment in the site's time zone as learners read it: "March 3, 2026 at 2:30 PM EST"."""
    return str(formats.date_format(timezone.localtime(moment), r"F j, Y \a\t g:i A T"))


def _format_day(moment: datetime) -> str:
    return str(formats.date_format(timezone.localtime(moment), "F j, Y"))


def shape_problem(normalized: str) -> str | None:
    """None when `normalized` looks like a code, else what is wrong, in the learner's words."""
    if not normalized:
        return "Enter the 6-letter code you were given."
    if len(normalized) != CODE_LENGTH:
        count = len(normalized)
        return (
            f"Codes are 6 letters; you entered {count} character{'s' if count != 1 else ''}. "
            "Check the code and type all 6 letters."
        )
    if not CODE_SHAPE.match(normalized):
        return "Codes are 6 letters, with no numbers or symbols. Check the code and try again."
    return None


def _is_wrong_try() -> Q:
    return Q(succeeded=False, code__isnull=True, entered__regex=r"^[A-Z]{6}$")


def wrong_try_limit(scope: str) -> int:
    """Wrong codes allowed within the window, per learner or per client address (settings)."""
    if scope == "ip":
        return max(1, settings.CODE_ENTRY_WRONG_TRIES_PER_IP)
    return max(1, settings.CODE_ENTRY_WRONG_TRIES)


def _lock_end(attempt_times: list[datetime], limit: int) -> datetime | None:
    """When the latest lock (`limit` wrong tries within the window) ends, if there is one."""
    times = sorted(attempt_times)
    end: datetime | None = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= WRONG_TRY_WINDOW:
            end = times[i] + LOCKOUT
    return end


def _wrong_try_times(who: Q, now: datetime) -> list[datetime]:
    since = now - WRONG_TRY_WINDOW - LOCKOUT
    return list(
        CodeEntryAttempt.objects.filter(who, _is_wrong_try(), attempted_at__gt=since)
        .order_by("attempted_at")
        .values_list("attempted_at", flat=True)
    )


def locked_until(user: Any, ip_address: str | None, now: datetime | None = None) -> datetime | None:
    """When code entry opens again for this learner or this IP address; None if not locked."""
    now = now or timezone.now()
    ends: list[datetime] = []
    for scope, who in _scopes(user, ip_address).items():
        end = _lock_end(_wrong_try_times(who, now), wrong_try_limit(scope))
        if end is not None and end > now:
            ends.append(end)
    return max(ends) if ends else None


def _scopes(user: Any, ip_address: str | None) -> dict[str, Q]:
    scopes = {"learner": Q(user=user)}
    if ip_address:
        scopes["ip"] = Q(ip_address=ip_address)
    return scopes


def _record(
    user: Any, ip_address: str | None, entered: str, code: AttendanceCode | None, ok: bool
) -> CodeEntryAttempt:
    return CodeEntryAttempt.objects.create(
        user=user, ip_address=ip_address or None, entered=entered[:40], succeeded=ok, code=code
    )


def _log_new_lockouts(attempt: CodeEntryAttempt, user: Any, ip_address: str | None) -> None:
    """After a wrong try: if it was the one that locked a scope, log that lockout."""
    now = attempt.attempted_at
    for scope, who in _scopes(user, ip_address).items():
        times = _wrong_try_times(who, now)
        if _lock_end(times, wrong_try_limit(scope)) != now + LOCKOUT:
            continue
        until = now + LOCKOUT
        log_action(
            user,
            "code_entry.locked",
            attempt,
            scope=scope,
            email=getattr(user, "email", ""),
            ip_address=ip_address or "",
            until=until.isoformat(),
        )
        security_log.warning(
            "code entry locked scope=%s email=%s ip=%s until=%s",
            scope,
            getattr(user, "email", ""),
            ip_address or "unknown",
            until.isoformat(),
        )


def _find_usable_code(user: Any, normalized: str) -> AttendanceCode | None:
    code = AttendanceCode.objects.select_related("activity").filter(code=normalized).first()
    if code is None:
        return None
    if code.kind == CodeKind.PERSONAL and code.email.lower() != user.email.lower():
        return None  # someone else's code: indistinguishable from a wrong one
    return code


def validity_problem(code: AttendanceCode, now: datetime) -> str | None:
    """None when `code` may be entered at `now`, else the learner-facing reason."""
    if now < code.valid_from:
        return (
            f"This code opens when the session starts on {format_moment(code.valid_from)}. "
            "Enter it again then."
        )
    if code.valid_until is not None and now > code.valid_until:
        return (
            f"This code expired on {_format_day(code.valid_until)}; contact the coordinator "
            f"({code.activity.contact_email}) if you attended."
        )
    return None


def _enrollment_for(user: Any, code: AttendanceCode) -> Enrollment:
    """The learner's enrollment in the code's activity (for a series session's code: in
    that session), created where the rules say so."""
    from equitylens.live.services.series import series_session_of

    activity: Activity = code.activity
    from_lms = code.source == CodeSource.LMS_IMPORT
    session = series_session_of(code)
    enrollment, created = Enrollment.objects.get_or_create(
        user=user, activity=activity, session=session
    )
    if created:
        extra = {"session": session.pk} if session else {}
        log_action(
            user, "enrollment.started", enrollment, activity=activity.slug, via="code", **extra
        )
    if activity.is_enduring and from_lms:
        _mark_completed_elsewhere(enrollment)
    if code.kind == CodeKind.PERSONAL and code.enrollment_id is None:
        code.enrollment = enrollment
        code.save(update_fields=["enrollment"])
    return enrollment


def _mark_completed_elsewhere(enrollment: Enrollment) -> None:
    """An LMS-imported code: the course was completed in the LMS, so record it as complete."""
    locked = lock_enrollment(enrollment)
    if locked.evaluated_at is not None:
        return
    now = timezone.now()
    missing = missing_required_modules(locked)
    ModuleProgress.objects.bulk_create(
        [ModuleProgress(enrollment=locked, module=module, completed_at=now) for module in missing]
    )
    if locked.modules_completed_at is None:
        locked.modules_completed_at = now
        locked.save(update_fields=["modules_completed_at"])
        enrollment.modules_completed_at = now
    elif not missing:
        return
    log_action(
        locked.user,
        "enrollment.modules_completed",
        locked,
        source="lms_import",
        modules=[m.pk for m in missing],
    )


def enter_code(user: Any, entered: str, ip_address: str | None) -> CodeEntryResult:
    """Check `entered` for the signed-in `user` and verify their attendance.

    Returns the CodeEntryResult, or raises a CodeEntryError subclass whose message
    says what to do: CodeEntryLockedError (with `until`), CodeShapeError,
    WrongCodeError, CodeNotValidNowError or CodeRefusedError. A refused try changes
    nothing except the stored attempt (and, for the fifth wrong one, the lockout).
    Verifying is idempotent: the same valid code again returns newly_verified=False.
    """
    now = timezone.now()
    until = locked_until(user, ip_address, now)
    if until is not None:
        raise CodeEntryLockedError(until)
    normalized = normalize_code(entered)
    problem = shape_problem(normalized)
    if problem:
        _record(user, ip_address, normalized, None, False)
        raise CodeShapeError(problem)
    code = _find_usable_code(user, normalized)
    if code is None:
        attempt = _record(user, ip_address, normalized, None, False)
        _log_new_lockouts(attempt, user, ip_address)
        until = locked_until(user, ip_address)
        if until is not None:
            raise CodeEntryLockedError(until)
        raise WrongCodeError(_wrong_code_message(normalized, _tries_left(user, ip_address)))
    problem = validity_problem(code, now)
    if problem:
        _record(user, ip_address, normalized, code, False)
        raise CodeNotValidNowError(problem)
    if not may_participate(user, code.activity):
        _record(user, ip_address, normalized, code, False)
        raise CodeRefusedError(
            "This code is for an activity open only to its intended audience (for example, "
            "the members of one organization). Sign in with the account you use there, or "
            "contact the coordinator."
        )
    try:
        with transaction.atomic():
            enrollment = _enrollment_for(user, code)
            newly = record_code_verified(enrollment, code.code)
            _record(user, ip_address, normalized, code, True)
    except LearningRuleError as error:
        _record(user, ip_address, normalized, code, False)
        raise CodeRefusedError(str(error)) from error
    return CodeEntryResult(enrollment=enrollment, code=code, newly_verified=newly)


def _tries_left(user: Any, ip_address: str | None) -> int:
    since = timezone.now() - WRONG_TRY_WINDOW
    left = [
        wrong_try_limit(scope)
        - CodeEntryAttempt.objects.filter(who, _is_wrong_try(), attempted_at__gt=since).count()
        for scope, who in _scopes(user, ip_address).items()
    ]
    return max(0, min(left))


def _wrong_code_message(normalized: str, tries_left: int) -> str:
    message = f"“{normalized}” is not a code we recognise. Check the letters and try again."
    if tries_left <= 2:
        tries = "try" if tries_left == 1 else "tries"
        message += f" {tries_left} more wrong {tries} will pause code entry for 15 minutes."
    return message


@dataclass(frozen=True)
class Lockout:
    """A recorded lockout, for the coordinator: who, from where, when, and what they typed."""

    locked_at: datetime
    until: datetime
    scope: str
    email: str
    ip_address: str
    entered: list[str]


def recent_lockouts(days: int = 7, limit: int = 20) -> list[Lockout]:
    """Lockouts of the last `days` days, newest first, with the wrong entries that caused them.

    Wrong codes belong to no activity, so this is one list for the whole platform.
    """
    from equitylens.audit.models import LogEntry

    since = timezone.now() - timedelta(days=days)
    entries = LogEntry.objects.filter(action="code_entry.locked", created_at__gte=since)
    lockouts: list[Lockout] = []
    for entry in entries.select_related("actor")[:limit]:
        data = entry.data
        ip_address = str(data.get("ip_address", ""))
        if data.get("scope") == "ip" and ip_address:
            who = Q(ip_address=ip_address)
        else:
            who = Q(user=entry.actor)
        entered = CodeEntryAttempt.objects.filter(
            who,
            _is_wrong_try(),
            attempted_at__gt=entry.created_at - WRONG_TRY_WINDOW - timedelta(seconds=1),
            attempted_at__lte=entry.created_at,
        ).values_list("entered", flat=True)
        lockouts.append(
            Lockout(
                locked_at=entry.created_at,
                until=datetime.fromisoformat(str(data.get("until"))),
                scope="IP address" if data.get("scope") == "ip" else "Learner",
                email=str(data.get("email", "")),
                ip_address=ip_address,
                entered=list(entered),
            )
        )
    return lockouts
