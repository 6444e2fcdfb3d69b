"""Reminders to action owners: before and after the due date, each once, no case content."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import ActionItem, ActionLevel, ActionStatus, Case, CaseStatus
from equitylens.casereview.services.action_reminders import send_action_reminders
from tests.casereview.factories import ReviewBody, make_case, make_review_body
from tests.learning.conftest import shared_database  # noqa: F401  (a fixture)

NOW = timezone.make_aware(datetime(2030, 6, 10, 9, 0))
TODAY = timezone.localdate(NOW)
SECRET_TITLE = "Mr. Okafor's missed dialysis"


def action_for(body: ReviewBody, due_on: date, owner: Any = None, **extra: Any) -> ActionItem:
    case: Case = make_case(body.series, status=CaseStatus.ACTIONS_OPEN, title=SECRET_TITLE)
    return ActionItem.objects.create(
        case=case,
        description="Call the dialysis unit before every weekend discharge",
        level=ActionLevel.INSTITUTIONAL,
        owner=owner or body.presenter,
        due_on=due_on,
        **extra,
    )


@pytest.mark.django_db
def test_a_reminder_before_the_due_date_is_sent_once(settings: Any) -> None:
    settings.CASE_ACTION_REMINDER_DAYS_BEFORE = 3
    body = make_review_body()
    action = action_for(body, TODAY + timedelta(days=3))
    action_for(body, TODAY + timedelta(days=4))  # not yet

    assert send_action_reminders(NOW) == 1
    assert send_action_reminders(NOW + timedelta(hours=1)) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [body.presenter.email]
    assert message.subject.endswith(
        f"An action from a case in {body.series.title} is due on Jun 13, 2030"
    )
    action.refresh_from_db()
    assert action.reminder_before_sent_at == NOW
    assert action.reminder_after_sent_at is None


@pytest.mark.django_db
def test_the_setting_moves_the_first_reminder(settings: Any) -> None:
    settings.CASE_ACTION_REMINDER_DAYS_BEFORE = 7
    body = make_review_body()
    action_for(body, TODAY + timedelta(days=6))

    assert send_action_reminders(NOW) == 1


@pytest.mark.django_db
def test_a_reminder_after_the_due_date_is_sent_once_from_the_day_after() -> None:
    body = make_review_body()
    action = action_for(body, TODAY, reminder_before_sent_at=NOW - timedelta(days=3))

    assert send_action_reminders(NOW) == 0  # due today: not overdue yet
    assert send_action_reminders(NOW + timedelta(days=1)) == 1
    assert send_action_reminders(NOW + timedelta(days=2)) == 0

    assert len(mail.outbox) == 1
    assert "is overdue since Jun 10, 2030" in mail.outbox[0].subject
    action.refresh_from_db()
    assert action.reminder_after_sent_at is not None


@pytest.mark.django_db
def test_an_action_already_overdue_gets_only_the_after_reminder() -> None:
    body = make_review_body()
    action_for(body, TODAY - timedelta(days=10))

    assert send_action_reminders(NOW) == 1
    assert "overdue" in mail.outbox[0].subject


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.DROPPED])
def test_no_reminders_for_finished_actions(status: str) -> None:
    body = make_review_body()
    action_for(body, TODAY + timedelta(days=1), status=status)
    action_for(body, TODAY - timedelta(days=1), status=status)

    assert send_action_reminders(NOW) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_email_holds_no_case_content_and_links_members_to_the_action() -> None:
    body = make_review_body()
    action = action_for(body, TODAY + timedelta(days=2))

    send_action_reminders(NOW)

    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    assert SECRET_TITLE not in text and "Okafor" not in text
    assert "dialysis" not in text  # neither title nor description
    assert "level: institutional" in text
    assert (
        reverse("casereview:action_edit", args=[body.series.pk, action.case.number, action.pk])
        in message.body
    )


@pytest.mark.django_db
def test_an_owner_outside_the_review_body_is_linked_to_the_module_home() -> None:
    body = make_review_body()
    action = action_for(body, TODAY + timedelta(days=2), owner=body.org_member)

    send_action_reminders(NOW)

    body_text = mail.outbox[0].body
    assert reverse("casereview:home") in body_text
    assert f"/actions/{action.pk}/" not in body_text


@pytest.mark.django_db
def test_a_failed_send_is_retried_on_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    body = make_review_body()
    action = action_for(body, TODAY + timedelta(days=1))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("equitylens.casereview.services.action_reminders.send_mail", broken)
    assert send_action_reminders(NOW) == 0
    action.refresh_from_db()
    assert action.reminder_before_sent_at is None
    monkeypatch.undo()

    assert send_action_reminders(NOW) == 1


@pytest.mark.django_db
def test_the_management_command_sends_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    body = make_review_body()
    action_for(body, timezone.localdate() + timedelta(days=1))

    call_command("send_action_reminders")

    assert "1 action reminder sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(
    shared_database: None,  # noqa: F811
) -> None:
    body = make_review_body()
    for days in (1, 2, -1, -2):
        action_for(body, TODAY + timedelta(days=days))
    barrier = threading.Barrier(2)
    counts: list[int] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            counts.append(send_action_reminders(NOW))
        except BaseException as error:  # re-raised below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures
    assert sum(counts) == 4
    assert len(mail.outbox) == 4
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1, 1, 1]
    assert ActionItem.objects.filter(reminder_before_sent_at__isnull=True).count() == 2
    assert ActionItem.objects.filter(reminder_after_sent_at__isnull=True).count() == 2
