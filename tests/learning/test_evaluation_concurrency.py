"""Simultaneous submissions of one evaluation (double click, two tabs, a retrying proxy).

Each thread has its own connection and test Client. On PostgreSQL (DATABASE_URL=postgres://…)
it runs as is; on SQLite it runs against a migrated database file with the production
settings (WAL, BEGIN IMMEDIATE, busy timeout), since Django's in-memory test database
cannot make threads wait for each other's locks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from equitylens.audit.models import LogEntry
from equitylens.learning.models import EnrollmentStatus, Evaluation
from tests.factories import make_activity, make_learner, make_verified_enrollment
from tests.learning.factories_evaluation import complete_answers

THREADS = 6


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """A database every thread really shares: as is, or an SQLite file instead of memory."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    memory_settings = connections.settings["default"]
    memory_connection = connections["default"]
    connections.settings["default"] = {**memory_settings, "NAME": str(tmp_path / "db.sqlite3")}
    connections["default"] = connections.create_connection("default")
    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        yield
    finally:
        connections["default"].close()
        connections["default"] = memory_connection
        connections.settings["default"] = memory_settings


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_make_one_evaluation(shared_database: None) -> None:
    activity = make_activity()
    learner = make_learner()
    enrollment = make_verified_enrollment(learner, activity)
    url = f"/learn/{activity.slug}/evaluation/"
    answers = complete_answers(activity)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    barrier = threading.Barrier(THREADS)
    locations: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def submit(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(url, answers)
            with lock:
                locations.append(response.get("Location", str(response.status_code)))
        except BaseException as error:  # reported below
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures, failures
    assert locations == [f"/learn/{activity.slug}/credit/"] * THREADS
    assert Evaluation.objects.filter(enrollment=enrollment).count() == 1
    assert LogEntry.objects.filter(action="evaluation.submitted").count() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED
