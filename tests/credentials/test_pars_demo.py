"""The PARS demo: one past learner batch and one learner listed for a malformed ABIM ID."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from equitylens.accounts.models import User
from equitylens.catalog.models import Activity
from equitylens.credentials.models import ParsBatch
from equitylens.credentials.services.pars import validate_completions
from equitylens.demo.pars import load_pars


@pytest.mark.django_db
def test_demo_pars_loads_once_and_shows_a_batch_and_a_problem() -> None:
    call_command("demo_data", stdout=StringIO())
    activities = {a.slug: a for a in Activity.objects.all()}
    users = {u.email: u for u in User.objects.all()}
    load_pars(activities, users)
    load_pars(activities, users)
    batch = ParsBatch.objects.get()
    assert batch.record_count == 1
    assert "\tHelen\tMarsh\tABIM\t204518\t09/14\t" in batch.content
    assert [(p.learner_name, p.field) for p in validate_completions()] == [
        ("Omar Siddiqui", "ABIM ID")
    ]
