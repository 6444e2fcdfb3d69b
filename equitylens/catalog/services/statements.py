"""The accreditation and credit designation statements, generated from data.

Wording follows the ACCME's required statements (see GLOSSARY.md); it is never
typed by hand, so it cannot drift from the credit actually offered.
"""

from __future__ import annotations

from decimal import Decimal

from equitylens.catalog.models import Activity, CreditType

ACCME = "Accreditation Council for Continuing Medical Education (ACCME)"


def format_credit_amount(amount: Decimal) -> str:
    """Credit amounts as printed: 2 → "2.0", 1.5 → "1.5", 0.25 → "0.25"."""
    text = f"{amount.quantize(Decimal('0.01')):f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def accreditation_statement(activity: Activity) -> str:
    """The accreditation statement, naming the joint provider when there is one."""
    provider = activity.provider.name
    accredited = (
        f"{provider} is accredited by the {ACCME} to provide continuing medical education "
        "for physicians."
    )
    if activity.joint_provider_id is None:
        return accredited
    assert activity.joint_provider is not None
    return (
        "This activity has been planned and implemented in accordance with the accreditation "
        f"requirements and policies of the {ACCME} through the joint providership of "
        f"{provider} and {activity.joint_provider.name}. {accredited}"
    )


def designation_statement(activity: Activity) -> str | None:
    """The AMA PRA Category 1 credit designation statement, or None if no such credit.

    Live activities are designated as a "live activity", enduring material as
    "enduring material".
    """
    offering = activity.credit_offerings.filter(credit_type=CreditType.AMA_PRA_1).first()
    if offering is None:
        return None
    kind = "enduring material" if activity.is_enduring else "live activity"
    return (
        f"{activity.provider.name} designates this {kind} for a maximum of "
        f"{format_credit_amount(offering.amount)} AMA PRA Category 1 Credit(s)™. "
        "Physicians should claim only the credit commensurate with the extent of their "
        "participation in the activity."
    )
