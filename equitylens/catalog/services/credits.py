"""Rules for credit offerings: amounts in 0.25 steps, never more than a live activity lasts."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from equitylens.catalog.models import Activity, CreditOffering, CreditType, CreditUnit
from equitylens.catalog.services.statements import format_credit_amount

QUARTER = Decimal("0.25")

DEFAULT_UNIT: dict[str, str] = {
    CreditType.AMA_PRA_1: CreditUnit.CREDITS,
    CreditType.PARTICIPATION: CreditUnit.HOURS,
    CreditType.NURSING: CreditUnit.HOURS,
    CreditType.MOC_ABIM: CreditUnit.POINTS,
}


def default_unit(credit_type: str) -> str:
    """The usual unit for a credit type (ABIM MOC in points, nursing in contact hours …)."""
    return DEFAULT_UNIT.get(credit_type, CreditUnit.CREDITS)


def credit_amount_errors(activity: Activity, credit_type: str, amount: Decimal | None) -> list[str]:
    """Every problem with offering `amount` of `credit_type` on `activity`, as sentences.

    Rules: the amount is positive and in 0.25 steps; for live activities AMA PRA
    Category 1 credit never exceeds the activity's duration in hours.
    """
    if amount is None:
        return ["Enter the maximum credit, e.g. 2.0."]
    errors: list[str] = []
    if amount <= 0:
        errors.append("The maximum credit must be more than 0.")
    elif amount % QUARTER != 0:
        lower = (amount // QUARTER) * QUARTER
        errors.append(
            f"Credit is designated in 0.25 steps; {format_credit_amount(amount)} is not one. "
            f"Use {format_credit_amount(lower)} or {format_credit_amount(lower + QUARTER)}."
        )
    if (
        credit_type == CreditType.AMA_PRA_1
        and not activity.is_enduring
        and activity.duration_minutes
        and amount > activity.duration_hours
    ):
        errors.append(
            f"A live activity cannot designate more AMA PRA Category 1 credit than it lasts: "
            f"{format_credit_amount(amount)} credits for {activity.duration_minutes} minutes "
            f"(at most {format_credit_amount(max_live_credit(activity))})."
        )
    return errors


def max_live_credit(activity: Activity) -> Decimal:
    """Most AMA PRA Category 1 credit a live activity may designate: its hours, in 0.25 steps."""
    hours = Decimal(activity.duration_minutes) / Decimal(60)
    return (hours // QUARTER) * QUARTER


def validate_offering(offering: CreditOffering) -> None:
    """Raise ValidationError (on field "amount") if the offering breaks a credit rule."""
    errors = credit_amount_errors(offering.activity, offering.credit_type, offering.amount)
    if errors:
        raise ValidationError({"amount": errors})


def offerings_exceeding_duration(activity: Activity) -> list[CreditOffering]:
    """Offerings that a change of duration or format has made invalid."""
    return [
        offering
        for offering in activity.credit_offerings.all()
        if credit_amount_errors(activity, offering.credit_type, offering.amount)
    ]
