"""Simultaneous submissions of one evaluation (double click, two tabs, a retrying proxy).

Each thread has its own connection and test Client. On PostgreSQL (DATABASE_URL=postgres://…)
it runs as is; on SQLite it runs against a migrated database file with the production
settings (WAL, BEGIN IMMEDIATE, busy timeout), since Django's in-memory test database
cannot make threads wait for each other's locks.
"""

from __future__ import annotations

import pytest

from equitylens.audit.models import LogEntry
from equitylens.learning.models import EnrollmentStatus, Evaluation
from tests.factories import make_activity, make_learner, make_verified_enrollment
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.factories_evaluation import complete_answers

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_make_one_evaluation(shared_database: None) -> None:
    activity = make_activity()
    learner = make_learner()
    enrollment = make_verified_enrollment(learner, activity)
    url = f"/learn/{activity.slug}/evaluation/"
    answers = complete_answers(activity)
    clients = signed_in_clients(learner, THREADS)
    locations = [
        response.get("Location", str(response.status_code))
        for response in post_at_once(clients, url, answers)
    ]

    assert locations == [f"/learn/{activity.slug}/credit/"] * THREADS
    assert Evaluation.objects.filter(enrollment=enrollment).count() == 1
    assert LogEntry.objects.filter(action="evaluation.submitted").count() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED
