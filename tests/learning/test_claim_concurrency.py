"""Concurrent claims: many requests for the same claim at once make one claim, one certificate.

Each thread has its own database connection and its own test Client (as separate
browser tabs or a retrying proxy would). Runs on PostgreSQL with DATABASE_URL=postgres://…
and on SQLite (see the shared_database fixture in conftest.py).
"""

from __future__ import annotations

import pytest

from equitylens.credentials.models import Certificate
from equitylens.learning.models import ClaimedCredit, CreditClaim, EnrollmentStatus
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.factories_claims import make_ready_physician
from tests.learning.test_claim_views import MOC_POST

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_claims_make_exactly_one_claim_and_certificate(
    shared_database: None,
) -> None:
    learner, enrollment = make_ready_physician()
    url = f"/learn/{enrollment.activity.slug}/credit/"
    clients = signed_in_clients(learner, THREADS)
    statuses = [response.status_code for response in post_at_once(clients, url, MOC_POST)]

    assert statuses == [302] * THREADS
    assert CreditClaim.objects.count() == 1
    assert Certificate.objects.count() == 1
    assert ClaimedCredit.objects.count() == 2
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CLAIMED
    # Every tab then shows the same certificate.
    number = Certificate.objects.get().number
    assert all(number in c.get(url).content.decode() for c in clients)
