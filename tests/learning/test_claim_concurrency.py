"""Concurrent claims: many requests for the same claim at once make one claim, one certificate.

Each thread has its own database connection and its own test Client (as separate
browser tabs or a retrying proxy would). Runs on PostgreSQL with DATABASE_URL=postgres://…
and on SQLite. Django tests SQLite in a shared-cache in-memory database, whose table
locks fail at once instead of waiting; so on SQLite this test runs against a migrated
database file with the production settings (WAL, BEGIN IMMEDIATE, busy timeout), as a
deployment does.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from equitylens.credentials.models import Certificate
from equitylens.learning.models import ClaimedCredit, CreditClaim, EnrollmentStatus
from tests.learning.factories_claims import make_ready_physician
from tests.learning.test_claim_views import MOC_POST

THREADS = 8


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
def test_simultaneous_claims_make_exactly_one_claim_and_certificate(
    shared_database: None,
) -> None:
    learner, enrollment = make_ready_physician()
    url = f"/learn/{enrollment.activity.slug}/credit/"
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def claim(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(url, MOC_POST)
            with lock:
                statuses.append(response.status_code)
        except BaseException as error:  # reported below, with the thread's failure
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert statuses == [302] * THREADS
    assert CreditClaim.objects.count() == 1
    assert Certificate.objects.count() == 1
    assert ClaimedCredit.objects.count() == 2
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CLAIMED
    # Every tab then shows the same certificate.
    number = Certificate.objects.get().number
    assert all(number in c.get(url).content.decode() for c in clients)
