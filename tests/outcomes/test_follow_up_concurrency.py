"""Follow-ups under concurrency: two workers sending, several tabs answering at once.

Runs on SQLite (a shared file) and on PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/pytest tests/outcomes
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import CreditType
from equitylens.outcomes.models import CommitmentFollowUp
from equitylens.outcomes.services.follow_ups import create_due_follow_ups, send_follow_up
from tests.factories import make_learner, make_online_course
from tests.learning.concurrency import post_at_once
from tests.outcomes.factories_reports import make_completion

pytestmark = pytest.mark.django_db(transaction=True)


def due_follow_up() -> CommitmentFollowUp:
    when = timezone.now() - timedelta(days=61)
    make_completion(
        make_learner(),
        make_online_course(),
        commitment="Use teach-back with every new prescription.",
        credits=((CreditType.AMA_PRA_1, "2.00", "credits"),),
        evaluated_at=when,
        claimed_at=when,
    )
    create_due_follow_ups()
    return CommitmentFollowUp.objects.get()


def test_two_workers_sending_the_same_follow_up_send_one_email(shared_database: Any) -> None:
    follow_up = due_follow_up()
    barrier = threading.Barrier(3)
    results: list[bool] = []

    def send() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(send_follow_up.call(follow_up.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == [False, False, True]
    assert len(mail.outbox) == 1
    assert LogEntry.objects.filter(action="follow_up.sent").count() == 1


def test_answers_from_several_tabs_at_once_record_one(shared_database: Any) -> None:
    follow_up = due_follow_up()
    url = reverse("outcomes:follow_up", args=[follow_up.token])

    responses = post_at_once([Client() for _ in range(4)], url, {"extent": "partly"})

    assert all(r.status_code == 302 for r in responses)
    follow_up.refresh_from_db()
    assert follow_up.extent == "partly"
    assert LogEntry.objects.filter(action="follow_up.answered").count() == 1
