"""A learner's progress toward each licence state's implicit-bias requirement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.accounts.models import Licence
from equitylens.catalog.models import CreditType
from equitylens.licensure.models import StateRequirement
from equitylens.licensure.services.progress import cycle_start, licence_progress
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_activity, make_learner, make_topic

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def requirement(state: str = "MI", profession: str = "physician", **extra: Any) -> Any:
    values: dict[str, Any] = {
        "hours_required": Decimal(3),
        "cycle_years": 3,
        "description": "1 hour per year of the licence cycle.",
        "source_url": "https://example.gov/mi",
        "last_reviewed_on": TODAY,
    }
    values.update(extra)
    return StateRequirement.objects.create(state=state, profession=profession, **values)


def bias_activity(title: str = "Implicit Bias in the Exam Room") -> Any:
    activity = make_activity(title)
    activity.topics.add(make_topic("Implicit bias"))
    return activity


def physician(*states: str) -> Any:
    user = make_learner(profession="physician")
    for state in states:
        Licence.objects.create(user=user, state=state, number=f"{state}-1")
    return user


def test_hours_from_implicit_bias_activities_in_the_cycle_count() -> None:
    requirement()
    user = physician("MI")
    make_claim(user, bias_activity(), completed_on=date(2025, 6, 1))
    make_claim(user, bias_activity("Second"), completed_on=date(2024, 1, 10),
               credits=((CreditType.AMA_PRA_1, "1.0", "credits"),))  # fmt: skip
    [row] = licence_progress(user, TODAY)
    assert row.hours_earned == Decimal("2.75")
    assert row.hours_remaining == Decimal("0.25") and not row.is_met
    assert row.cycle_start == date(2023, 11, 30)
    assert [item.title for item in row.counted] == ["Implicit Bias in the Exam Room", "Second"]


def test_claims_before_the_cycle_do_not_count() -> None:
    requirement()
    user = physician("MI")
    make_claim(user, bias_activity(), completed_on=date(2023, 11, 29))
    make_claim(user, bias_activity("In cycle"), completed_on=date(2023, 11, 30))
    [row] = licence_progress(user, TODAY)
    assert [item.title for item in row.counted] == ["In cycle"]


def test_activities_without_the_implicit_bias_topic_do_not_count() -> None:
    requirement()
    user = physician("MI")
    make_claim(user, make_activity("Other subject"), completed_on=date(2026, 1, 1))
    [row] = licence_progress(user, TODAY)
    assert row.hours_earned == 0 and row.hours_remaining == Decimal(3)


def test_only_accepted_credit_types_count() -> None:
    requirement(accepted_credit_types=["ama_pra_1"])
    user = physician("MI")
    make_claim(user, bias_activity(), completed_on=date(2026, 1, 1),
               credits=((CreditType.PARTICIPATION, "2.0", "hours"),))  # fmt: skip
    [row] = licence_progress(user, TODAY)
    assert row.hours_earned == 0


def test_one_claim_counts_once_even_with_two_accepted_lines() -> None:
    requirement()
    user = physician("MI")
    make_claim(
        user,
        bias_activity(),
        completed_on=date(2026, 1, 1),
        credits=((CreditType.AMA_PRA_1, "2.0", "credits"), (CreditType.NURSING, "2.0", "hours")),
    )
    [row] = licence_progress(user, TODAY)
    assert row.hours_earned == Decimal(2)


def test_enough_hours_meet_the_requirement() -> None:
    requirement(hours_required=Decimal(1))
    user = physician("MI")
    make_claim(user, bias_activity(), completed_on=date(2026, 1, 1))
    [row] = licence_progress(user, TODAY)
    assert row.is_met and row.hours_remaining == 0


def test_a_state_without_a_requirement_for_the_profession_says_so() -> None:
    requirement(profession="nurse")
    user = physician("MI", "MN")
    rows = licence_progress(user, TODAY)
    assert [(row.state, row.requirement) for row in rows] == [("MI", None), ("MN", None)]


def test_other_learners_claims_never_count() -> None:
    requirement()
    user = physician("MI")
    make_claim(make_learner(), bias_activity(), completed_on=date(2026, 1, 1))
    [row] = licence_progress(user, TODAY)
    assert row.hours_earned == 0


def test_no_licences_means_no_rows() -> None:
    requirement()
    assert licence_progress(make_learner(profession="physician"), TODAY) == []


def test_a_leap_day_cycle_starts_on_february_28() -> None:
    assert cycle_start(date(2028, 2, 29), 3) == date(2025, 2, 28)


# ---- the transcript page ---------------------------------------------------------------


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_transcript_shows_progress_per_licence_state() -> None:
    requirement()
    user = physician("MI", "MN")
    make_claim(user, bias_activity(), completed_on=date.today())
    html = signed_in(user).get(reverse("credentials:transcript")).content.decode()
    assert "Licence renewal: implicit-bias training" in html
    assert "1.75 of 3.0 hours" in html and "1.25 hours to go" in html
    assert (
        "no implicit-bias training requirement on record for your profession in Minnesota" in html
    )


def test_a_learner_without_licences_is_sent_to_the_profile() -> None:
    html = signed_in(make_learner()).get(reverse("credentials:transcript")).content.decode()
    assert "Add your state licences to your profile" in html
    assert reverse("accounts:profile") in html
