"""Reminder e-mails 24 hours before: scheduled as stored tasks, sent at most once, skipped
after a cancellation or when the session moved (the edit schedules a new one)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from equitylens.live.models import Registration
from equitylens.live.services.registration import cancel_registration
from equitylens.live.services.reminders import send_reminder
from equitylens.live.services.sessions import SessionDraft, save_session
from tests.factories import make_learner
from tests.live.factories_sessions import make_registration, make_session

pytestmark = pytest.mark.django_db(transaction=True)
REMINDER_TASK = "equitylens.live.services.reminders.send_reminder"


def reminder_tasks() -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=REMINDER_TASK)


def run_worker(*, time_passes: bool = True) -> None:
    """Let the worker run what is due; with time_passes, reminders are due now."""
    if time_passes:
        reminder_tasks().filter(status="READY").update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def reminders_sent() -> list[Any]:
    return [m for m in mail.outbox if m.subject.startswith("Tomorrow:")]


def test_the_reminder_is_scheduled_24_hours_before_and_sent_once(database_tasks: Any) -> None:
    session = make_session(starts_at=timezone.now() + timedelta(days=3))
    learner = make_learner()
    registration = make_registration(learner, session)
    (task_row,) = reminder_tasks()
    assert task_row.run_after == session.starts_at - timedelta(hours=24)

    run_worker(time_passes=False)
    assert reminders_sent() == []  # not due yet

    run_worker()
    assert [m.to for m in reminders_sent()] == [[learner.email]]
    assert "BEGIN:VCALENDAR" in reminders_sent()[0].attachments[0][1]

    # The same task delivered twice (a retry) sends nothing more.
    send_reminder.enqueue(registration.pk, session.starts_at.isoformat())
    run_worker()
    assert len(reminders_sent()) == 1
    assert Registration.objects.get().reminder_sent_at is not None


def test_no_reminder_after_the_learner_cancelled(database_tasks: Any) -> None:
    session = make_session(starts_at=timezone.now() + timedelta(days=3))
    learner = make_learner()
    registration = make_registration(learner, session)
    cancel_registration(registration, by=learner)
    run_worker()
    assert reminders_sent() == []


def test_a_moved_session_skips_the_old_reminder_and_schedules_a_new_one(
    database_tasks: Any,
) -> None:
    session = make_session(starts_at=timezone.now() + timedelta(days=3))
    learner = make_learner()
    make_registration(learner, session)
    zone = ZoneInfo(session.time_zone)
    new_start = (session.starts_at + timedelta(days=2)).astimezone(zone).replace(tzinfo=None)
    save_session(
        session.activity,
        session,
        SessionDraft(
            starts_local=new_start,
            ends_local=new_start + timedelta(hours=1),
            time_zone=session.time_zone,
            mode=session.mode,
            meeting_url=session.meeting_url,
        ),
        by=None,
    )
    session.refresh_from_db()
    runs = sorted(row.run_after for row in reminder_tasks())
    assert runs[-1] == session.starts_at - timedelta(hours=24)
    run_worker()
    # Two tasks ran (old and new); only the one for the new start sent a reminder.
    assert len(reminders_sent()) == 1
    assert reminder_tasks().filter(status="SUCCESSFUL").count() == 2


def test_registering_less_than_a_day_before_schedules_no_reminder(database_tasks: Any) -> None:
    session = make_session(starts_at=timezone.now() + timedelta(hours=5))
    make_registration(make_learner(), session)
    assert not reminder_tasks().exists()
