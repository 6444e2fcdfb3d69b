"""Saving the readiness check from several tabs at once keeps one check.

Runs on PostgreSQL with DATABASE_URL=postgres://… and on SQLite (the shared_database
fixture of tests/learning/conftest.py, imported).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.accounts.models import MembershipRole
from equitylens.audit.models import LogEntry
from equitylens.casereview.models import ReadinessAssessment
from tests.casereview.factories_readiness import readiness_post
from tests.factories import make_membership, make_organization, make_user
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.conftest import shared_database  # noqa: F401  (a fixture)

THREADS = 5


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_submits_save_one_check(
    shared_database: None,  # noqa: F811
) -> None:
    org = make_organization(slug="riverbend-health")
    admin = make_user()
    make_membership(admin, org, role=MembershipRole.ORG_ADMIN)
    url = reverse("casereview:readiness", args=[org.slug])
    data = readiness_post("partly")

    responses = post_at_once(signed_in_clients(admin, THREADS), url, data)

    assert {response.status_code for response in responses} == {302}
    assert ReadinessAssessment.objects.count() == 1
    assert LogEntry.objects.filter(action="casereview.readiness_assessed").count() == 1
