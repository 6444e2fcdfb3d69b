"""Credit is designated in 0.25 steps and never above a live activity's length."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from equitylens.catalog.models import ActivityFormat, CreditOffering
from equitylens.catalog.services.credits import (
    credit_amount_errors,
    default_unit,
    max_live_credit,
    validate_offering,
)
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


def test_quarter_steps_are_accepted() -> None:
    activity = make_activity(duration_minutes=120)
    for amount in ("0.25", "0.5", "1.75", "2"):
        assert credit_amount_errors(activity, "ama_pra_1", Decimal(amount)) == []


def test_amount_between_quarters_is_refused_with_the_nearest_steps() -> None:
    activity = make_activity(duration_minutes=120)
    [error] = credit_amount_errors(activity, "ama_pra_1", Decimal("1.3"))
    assert "0.25 steps" in error
    assert "Use 1.25 or 1.5" in error


def test_zero_and_negative_amounts_are_refused() -> None:
    activity = make_activity()
    assert credit_amount_errors(activity, "participation", Decimal("0"))
    assert credit_amount_errors(activity, "participation", Decimal("-1"))
    assert credit_amount_errors(activity, "participation", None)


def test_live_activity_cannot_designate_more_ama_credit_than_it_lasts() -> None:
    activity = make_activity(format=ActivityFormat.LIVE_COURSE, duration_minutes=90)
    assert credit_amount_errors(activity, "ama_pra_1", Decimal("1.5")) == []
    [error] = credit_amount_errors(activity, "ama_pra_1", Decimal("1.75"))
    assert "90 minutes" in error and "at most 1.5" in error


def test_the_duration_cap_applies_only_to_ama_credit_of_live_activities() -> None:
    live = make_activity(format=ActivityFormat.LIVE_COURSE, duration_minutes=60)
    enduring = make_activity(format=ActivityFormat.ENDURING, duration_minutes=60)
    assert credit_amount_errors(live, "moc_abim", Decimal("2")) == []
    assert credit_amount_errors(enduring, "ama_pra_1", Decimal("2")) == []


def test_max_live_credit_floors_to_a_quarter() -> None:
    assert max_live_credit(make_activity(duration_minutes=100)) == Decimal("1.5")


def test_validate_offering_reports_on_the_amount_field() -> None:
    offering = CreditOffering(
        activity=make_activity(duration_minutes=60), credit_type="ama_pra_1", amount=Decimal("3")
    )
    with pytest.raises(ValidationError) as error:
        validate_offering(offering)
    assert "amount" in error.value.message_dict


def test_default_units() -> None:
    assert default_unit("moc_abim") == "points"
    assert default_unit("nursing") == "hours"
    assert default_unit("ama_pra_1") == "credits"
