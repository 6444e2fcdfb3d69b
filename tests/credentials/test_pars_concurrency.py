"""Two coordinators (or a double click) creating a learner batch at once report each
completion once. Runs on SQLite (file) and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.credentials.models import ParsBatch, ParsRecord
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity, make_coordinator
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.conftest import shared_database  # noqa: F401  (the fixture)


@pytest.mark.usefixtures("shared_database")
def test_simultaneous_batch_requests_report_each_completion_once() -> None:
    activity = make_activity("Implicit Bias in Triage")
    for n in range(5):
        make_moc_completion(make_moc_learner(f"10000{n}"), activity)
    clients = signed_in_clients(make_coordinator(), 4)
    responses = post_at_once(clients, reverse("coordinator:pars_learner_batch"), {})
    assert all(r.status_code == 302 for r in responses)
    assert ParsBatch.objects.count() == 1
    assert ParsRecord.objects.count() == 5
