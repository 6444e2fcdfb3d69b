"""Registration for a session: places, the waitlist and promotion, all in one place.

States (RegistrationStatus): registered ⇄ waitlisted → cancelled, and cancelled →
registered/waitlisted again when the learner comes back (at the end of the line).

Capacity decisions lock the Session row (select_for_update) so two requests can never
both take the last place; SQLite serialises writers anyway (BEGIN IMMEDIATE).

Decision: an activity still "in development" can hold private sessions when it is
bookable privately (a confirmed booking creates them before the public launch); its
public sessions open only once the activity is open for registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import ActivityStatus
from equitylens.catalog.services.visibility import may_participate
from equitylens.live.models import (
    Registration,
    RegistrationStatus,
    Session,
    SessionMode,
    SessionStatus,
)
from equitylens.live.services.sessions import is_dialogue, is_private_member


class RegistrationError(Exception):
    """Registration refused; `field` names the form field at fault ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RegistrationAnswers:
    """The optional questions, and the ground-rules tick of a dialogue series."""

    accessibility_needs: str = ""
    dietary_needs: str = ""
    ground_rules_acknowledged: bool = False


def registration_refusal(user: Any, session: Session) -> str | None:
    """Why `user` may not register for `session` now, or None when they may."""
    activity = session.activity
    if session.status == SessionStatus.CANCELLED:
        return "This session was cancelled; registration is closed."
    if session.starts_at <= timezone.now():
        return "This session has already started; registration is closed."
    if not getattr(user, "is_authenticated", False):
        return "Sign in to register."
    if session.private_to_id is not None:
        open_statuses = {ActivityStatus.OPEN}
        if activity.bookable_privately:
            open_statuses.add(ActivityStatus.IN_DEVELOPMENT)
        if activity.status not in open_statuses:
            return "Registration for this activity is not open."
        if not is_private_member(user, session):
            return "This session is only for the people of the organization that booked it."
        return None
    if activity.status != ActivityStatus.OPEN:
        return "Registration for this activity is not open."
    if not may_participate(user, activity):
        return "Your account may not take part in this activity (see the activity page)."
    return None


def places_taken(session: Session) -> int:
    return Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).count()


def waitlist_length(session: Session) -> int:
    return Registration.objects.filter(
        session=session, status=RegistrationStatus.WAITLISTED
    ).count()


def _has_place(session: Session) -> bool:
    return session.capacity is None or places_taken(session) < session.capacity


def register(user: Any, session: Session, answers: RegistrationAnswers, by: Any) -> Registration:
    """Give `user` a place at `session`, or a place in line when it is full.

    Idempotent: an active registration (registered or waitlisted) is returned unchanged;
    a cancelled one is reactivated at the end of the line. Dialogue series require
    `ground_rules_acknowledged`. Dietary needs are kept only for in-person sessions.
    E-mails (confirmation with the .ics, or "on the waitlist") go after commit.
    Raises RegistrationError.
    """
    from equitylens.live.services.reminders import schedule_reminder
    from equitylens.live.services.session_mail import send_session_mail

    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("activity").get(pk=session.pk)
        refusal = registration_refusal(user, locked)
        if refusal:
            raise RegistrationError(refusal)
        existing = Registration.objects.filter(session=locked, user=user).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
        now = timezone.now()
        acknowledged = None
        if is_dialogue(locked.activity):
            if not answers.ground_rules_acknowledged:
                raise RegistrationError(
                    "Tick “I have read and agree to the ground rules” to register.",
                    field="ground_rules",
                )
            acknowledged = now
        status = (
            RegistrationStatus.REGISTERED if _has_place(locked) else (RegistrationStatus.WAITLISTED)
        )
        registration = existing or Registration(session=locked, user=user)
        registration.status = status
        registration.queued_at = now
        registration.cancelled_at = None
        registration.reminder_sent_at = None
        registration.accessibility_needs = answers.accessibility_needs.strip()
        registration.dietary_needs = (
            answers.dietary_needs.strip() if locked.mode == SessionMode.IN_PERSON else ""
        )
        registration.ground_rules_acknowledged_at = acknowledged
        registration.save()
        log_action(by, f"registration.{status}", registration, session=locked.pk)
        if status == RegistrationStatus.REGISTERED:
            send_session_mail("registered", registration, attach_ics=True)
            schedule_reminder(registration)
        else:
            send_session_mail("waitlisted", registration)
    return registration


def cancel_registration(registration: Registration, by: Any) -> Registration:
    """The learner gives up their place (or place in line) before the session starts.

    In the same transaction the first waitlisted learner (queued_at order) is promoted
    and e-mailed. Idempotent: cancelling twice changes nothing. Only the learner
    themselves may cancel (RegistrationError otherwise).
    """
    from equitylens.live.services.session_mail import send_session_mail

    if getattr(by, "pk", None) != registration.user_id:
        raise RegistrationError("Only the learner can cancel their own registration.")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return current
        if locked.starts_at <= timezone.now():
            raise RegistrationError("This session has already started; it can't be cancelled.")
        was_registered = current.status == RegistrationStatus.REGISTERED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        log_action(by, "registration.cancelled", current, session=locked.pk)
        send_session_mail("registration_cancelled", current)
        if was_registered and locked.status == SessionStatus.SCHEDULED:
            promote_waitlisted(locked, by)
    return current


def promote_waitlisted(session: Session, by: Any) -> list[Registration]:
    """Fill free places from the waitlist in order; call inside a transaction holding the lock.

    Each promoted learner gets the "you have a place" e-mail with the .ics invitation.
    """
    from equitylens.live.services.reminders import schedule_reminder
    from equitylens.live.services.session_mail import send_session_mail

    promoted: list[Registration] = []
    waiting = Registration.objects.select_for_update().filter(
        session=session, status=RegistrationStatus.WAITLISTED
    )
    for registration in waiting.order_by("queued_at", "pk"):
        if not _has_place(session):
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
        log_action(by, "registration.promoted", registration, session=session.pk)
        send_session_mail("promoted", registration, attach_ics=True)
        schedule_reminder(registration)
        promoted.append(registration)
    return promoted
