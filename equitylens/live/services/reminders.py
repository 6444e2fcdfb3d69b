"""Reminder e-mails 24 hours before a session, as background tasks run at that time.

`schedule_reminder` enqueues a task with run_after = start − 24 h carrying the start time
it was scheduled for. The task re-checks everything in a transaction and sends at most
once (reminder_sent_at): a cancelled registration or session is skipped, and so is a
session whose start moved (the edit scheduled a new reminder). Registering less than
24 hours before the start schedules no reminder: the confirmation has just arrived.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from equitylens.live.models import Registration, RegistrationStatus, Session, SessionStatus

REMINDER_LEAD = timedelta(hours=24)


@task
def send_reminder(registration_id: int, scheduled_for: str) -> None:
    """Send the 24-hour reminder once, if the registration and its start still stand."""
    from equitylens.live.services.session_mail import send_session_mail

    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("session")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None or registration.reminder_sent_at is not None:
            return
        session = registration.session
        if (
            registration.status != RegistrationStatus.REGISTERED
            or session.status != SessionStatus.SCHEDULED
            or session.starts_at != datetime.fromisoformat(scheduled_for)
            or session.starts_at <= timezone.now()
        ):
            return
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at"])
        send_session_mail("reminder", registration, attach_ics=True)


def schedule_reminder(registration: Registration) -> bool:
    """Enqueue the reminder (after commit) for 24 h before the start; False when none is due.

    Backends that cannot run tasks later (tests' immediate backend) schedule nothing.
    """
    session = registration.session
    run_after = session.starts_at - REMINDER_LEAD
    if run_after <= timezone.now() or not send_reminder.get_backend().supports_defer:
        return False
    registration_id, starts = registration.pk, session.starts_at.isoformat()
    transaction.on_commit(
        lambda: send_reminder.using(run_after=run_after).enqueue(registration_id, starts)
    )
    return True


def reschedule_reminders(session: Session) -> int:
    """After the session moved: every registrant gets a reminder for the new time."""
    count = 0
    registrations = Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).select_related("session")
    for registration in registrations:
        registration.reminder_sent_at = None
        registration.save(update_fields=["reminder_sent_at"])
        count += schedule_reminder(registration)
    return count
