"""The outcomes demo data: the video course gets completions and follow-ups, twice unchanged."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from equitylens.accounts.models import Organization, User
from equitylens.catalog.models import Activity
from equitylens.demo.outcomes import COURSE_SLUG, load_outcomes
from equitylens.learning.models import ClaimedCredit, CreditClaim
from equitylens.outcomes.models import CommitmentFollowUp
from equitylens.outcomes.services.activity_report import activity_report
from equitylens.outcomes.services.follow_ups import follow_up_results
from equitylens.outcomes.services.organizations import organization_completions


def load() -> None:
    by_slug = {a.slug: a for a in Activity.objects.all()}
    load_outcomes(by_slug, {u.email: u for u in User.objects.all()})


@pytest.mark.django_db
def test_demo_outcomes_fill_the_reports_and_load_twice_unchanged() -> None:
    call_command("demo_data", stdout=StringIO())
    load()
    counts = (CreditClaim.objects.count(), ClaimedCredit.objects.count(),
              CommitmentFollowUp.objects.count(), User.objects.count())  # fmt: skip
    load()
    assert counts == (
        CreditClaim.objects.count(),
        ClaimedCredit.objects.count(),
        CommitmentFollowUp.objects.count(),
        User.objects.count(),
    )

    course = Activity.objects.get(slug=COURSE_SLUG)
    assert activity_report(course).claimed >= 5
    results = follow_up_results(course)
    assert (results.sent, results.responded) == (2, 1)
    assert results.barriers == ["Interpreters are hard to book for same-day visits."]
    riverbend = Organization.objects.get(slug="riverbend-health")
    names = {row.name for row in organization_completions(riverbend)}
    assert {"Devon Brooks", "Lena Fischer"} <= names
    assert not User.objects.get(email="devon.brooks@demo-learners.example").has_usable_password()
