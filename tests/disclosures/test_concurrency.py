"""Submitting one disclosure link from many tabs at once makes exactly one disclosure.

Runs on PostgreSQL with DATABASE_URL=postgres://… and on SQLite (the shared_database
fixture of tests/learning/conftest.py, imported).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.catalog.models import ActivityStatus
from equitylens.disclosures.models import ContentRoleStatus, Disclosure, FinancialRelationship
from tests.disclosures.factories_disclosures import latest_request, make_invited
from tests.factories import make_activity
from tests.learning.concurrency import post_at_once
from tests.learning.conftest import shared_database  # noqa: F401  (a fixture)

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_of_one_link_make_one_disclosure(
    shared_database: None,  # noqa: F811
) -> None:
    role = make_invited(make_activity(status=ActivityStatus.IN_DEVELOPMENT))
    url = reverse("disclosures:respond", kwargs={"token": latest_request(role).token})
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "30", "form-0-company": "Northwind Medical Devices",
        "form-0-nature": "consultant", "form-0-status": "current", "attested": "on",
        "submit": "1",
    }  # fmt: skip
    responses = post_at_once([Client() for _ in range(THREADS)], url, data)

    statuses = sorted(response.status_code for response in responses)
    assert 302 in statuses and set(statuses) <= {302, 410}
    assert Disclosure.objects.count() == 1
    assert FinancialRelationship.objects.count() == 1
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.DISCLOSED
