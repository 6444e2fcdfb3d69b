"""The enrollment's states and the rule for each transition.

started ──(code verified)──▶ code_verified ──(evaluation submitted)──▶ evaluated
        ──(credit claimed)──▶ claimed

Every transition is one function here; each runs inside the caller's transaction
with the enrollment row locked (select_for_update), checks the rule, sets the
timestamp and logs to the audit trail. Repeating a transition that already happened
is a no-op, so double submits and retries are harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ActivityStatus
from equitylens.catalog.services.visibility import may_participate
from equitylens.learning.models import Enrollment, EnrollmentStatus, Module, ModuleProgress
from equitylens.learning.services.mail import send_learner_mail


class LearningRuleError(Exception):
    """A step of the learner's path is not allowed now; the message says why and what to do."""


def can_start(user: Any, activity: Activity, today: date | None = None) -> str | None:
    """None when `user` may start `activity` now, else the reason in the learner's words."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return "Sign in to start this activity."
    if not may_participate(user, activity):
        return "This activity is open only to its intended audience."
    if activity.status != ActivityStatus.OPEN or not activity.is_open_on(today):
        return "This activity is not open at the moment."
    return None


def start_enrollment(user: Any, activity: Activity) -> tuple[Enrollment, bool]:
    """Enroll `user` in `activity` ("Start"), or return the existing enrollment.

    Returns (enrollment, created). A learner already enrolled always gets their
    enrollment back (resume), even after the activity closed. A new enrollment needs
    the audience and status rules of can_start (LearningRuleError otherwise) and
    sends the enrollment confirmation e-mail once the transaction commits.
    """
    existing = Enrollment.objects.filter(user=user, activity=activity, session=None).first()
    if existing is not None:
        return existing, False
    reason = can_start(user, activity)
    if reason:
        raise LearningRuleError(reason)
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(user=user, activity=activity)
            log_action(user, "enrollment.started", enrollment, activity=activity.slug)
    except IntegrityError:
        # Two tabs pressed "Start" at once: the other request created it.
        return Enrollment.objects.get(user=user, activity=activity, session=None), False
    send_learner_mail(
        "enrollment_confirmed",
        user,
        {"activity_title": activity.title, "path": f"/learn/{activity.slug}/"},
    )
    return enrollment, True


def lock_enrollment(enrollment: Enrollment) -> Enrollment:
    """Re-read `enrollment` with its row locked; call inside transaction.atomic()."""
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


def required_modules(activity: Activity) -> list[Module]:
    return list(activity.modules.filter(required=True).order_by("position"))


def missing_required_modules(enrollment: Enrollment) -> list[Module]:
    """Required modules of the course that the learner has not completed, in order."""
    done = set(
        ModuleProgress.objects.filter(enrollment=enrollment).values_list("module_id", flat=True)
    )
    return [m for m in required_modules(enrollment.activity) if m.pk not in done]


def record_modules_completed(enrollment: Enrollment) -> bool:
    """Mark that every required module is complete. True the first time it happens.

    Call inside a transaction after saving progress. Raises LearningRuleError if a
    required module is still missing.
    """
    locked = lock_enrollment(enrollment)
    if locked.modules_completed_at is not None:
        return False
    missing = missing_required_modules(locked)
    if missing:
        raise LearningRuleError(f"Complete “{missing[0].title}” first.")
    locked.modules_completed_at = timezone.now()
    locked.save(update_fields=["modules_completed_at"])
    enrollment.modules_completed_at = locked.modules_completed_at
    log_action(locked.user, "enrollment.modules_completed", locked)
    return True


def record_code_verified(enrollment: Enrollment, code: str) -> bool:
    """started → code_verified. True if it changed now, False if it already had happened."""
    locked = lock_enrollment(enrollment)
    if locked.code_verified_at is not None:
        return False
    if locked.activity.is_enduring and locked.modules_completed_at is None:
        raise LearningRuleError("Complete every required module before entering the code.")
    locked.code_verified_at = timezone.now()
    locked.status = EnrollmentStatus.CODE_VERIFIED
    locked.save(update_fields=["code_verified_at", "status"])
    _refresh(enrollment, locked)
    log_action(locked.user, "enrollment.code_verified", locked, code=code)
    return True


def evaluation_blocker(enrollment: Enrollment) -> str | None:
    """None when the evaluation may be submitted, else why not (in the learner's words)."""
    if enrollment.evaluated_at is not None:
        return "You have already submitted the evaluation."
    activity = enrollment.activity
    if activity.is_enduring and activity.ends_on and timezone.localdate() > activity.ends_on:
        # Completing after expiration earns no credit (ACCME enduring-material rule).
        return (
            f"This course's approval period ended on {activity.ends_on:%B} "
            f"{activity.ends_on.day}, {activity.ends_on.year}: it can no longer be completed "
            "for credit."
        )
    if enrollment.activity.is_enduring:
        missing = missing_required_modules(enrollment)
        if missing:
            return f"Complete every required module first (next: “{missing[0].title}”)."
    if enrollment.code_verified_at is None:
        return "Enter your attendance verification code first."
    return None


def record_evaluated(enrollment: Enrollment) -> None:
    """code_verified → evaluated; locks the participation record. LearningRuleError if not allowed.

    Call inside the transaction that saves the Evaluation, after lock_enrollment().
    """
    blocker = evaluation_blocker(enrollment)
    if blocker:
        raise LearningRuleError(blocker)
    enrollment.evaluated_at = timezone.now()
    enrollment.status = EnrollmentStatus.EVALUATED
    enrollment.save(update_fields=["evaluated_at", "status"])
    log_action(enrollment.user, "enrollment.evaluated", enrollment)


def record_claimed(enrollment: Enrollment) -> None:
    """evaluated → claimed. Call inside the claim's transaction, after lock_enrollment()."""
    if enrollment.evaluated_at is None:
        raise LearningRuleError("Submit the evaluation before claiming credit.")
    if enrollment.claimed_at is not None:
        raise LearningRuleError("You have already claimed credit for this activity.")
    enrollment.claimed_at = timezone.now()
    enrollment.status = EnrollmentStatus.CLAIMED
    enrollment.save(update_fields=["claimed_at", "status"])


def completion_date(enrollment: Enrollment) -> date:
    """The date printed on the certificate: when the evaluation locked the record.

    Live activities use their (last) day when the code was verified after it. A series
    session's enrollment completes on the session's own date (in its time zone).
    """
    if enrollment.session_id is not None:
        session = enrollment.session
        assert session is not None
        return session.starts_at.astimezone(ZoneInfo(session.time_zone)).date()
    moment = enrollment.evaluated_at or enrollment.code_verified_at or timezone.now()
    day = timezone.localdate(moment)
    activity = enrollment.activity
    if not activity.is_enduring and activity.last_day and activity.last_day < day:
        return activity.last_day
    return day


def _refresh(target: Enrollment, source: Enrollment) -> None:
    for field in (
        "status",
        "modules_completed_at",
        "code_verified_at",
        "evaluated_at",
        "claimed_at",
    ):
        setattr(target, field, getattr(source, field))
