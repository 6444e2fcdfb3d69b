"""Claims and certificates made directly with the real models, for transcript tests.

The claim service is built in parallel; these factories write what it will write
(CreditClaim + ClaimedCredit lines + a Certificate snapshot) without depending on it.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from equitylens.catalog.models import Activity, ActivityFormat, CreditType
from equitylens.catalog.presentation import day
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.credentials.models import Certificate
from equitylens.learning.models import ClaimedCredit, CreditClaim, EnrollmentStatus
from tests.factories import make_activity, make_enrollment

_numbers = itertools.count(1)
# Printed labels as the certificate snapshot holds them (amount + label reads as a phrase).
PRINTED_LABELS = {
    "ama_pra_1": "AMA PRA Category 1 Credit(s)™",
    "participation": "participation hours",
    "nursing": "nursing contact hours",
    "moc_abim": "ABIM MOC points",
}


def make_claim(
    user: Any,
    activity: Activity | None = None,
    *,
    completed_on: date,
    credits: tuple[tuple[str, str, str], ...] = ((CreditType.AMA_PRA_1, "1.75", "credits"),),
    title: str | None = None,
    number: str | None = None,
    certificate: bool = True,
) -> CreditClaim:
    """A claim by `user` for `activity` (a new live course unless given), with one
    ClaimedCredit per (credit_type, amount, unit) and, unless told not to, its certificate."""
    activity = activity or make_activity(title, format=ActivityFormat.LIVE_COURSE)
    enrollment = make_enrollment(user, activity, status=EnrollmentStatus.CLAIMED)
    claim = CreditClaim.objects.create(
        enrollment=enrollment, user=user, activity=activity, completed_on=completed_on
    )
    for credit_type, amount, unit in credits:
        ClaimedCredit.objects.create(
            claim=claim, credit_type=credit_type, amount=Decimal(amount), unit=unit
        )
    if certificate:
        make_certificate(claim, number=number)
    return claim


def make_certificate(claim: CreditClaim, *, number: str | None = None) -> Certificate:
    """The certificate snapshot of `claim`, frozen as the claim service would freeze it."""
    user = claim.user
    return Certificate.objects.create(
        claim=claim,
        number=number or f"EL-{claim.completed_on.year}-{next(_numbers):05d}",
        learner_name=user.display_name,
        learner_credentials=", ".join(user.credentials),
        activity_title=claim.activity.title,
        activity_type=claim.activity.get_format_display(),
        completion_text=f"Completed {day(claim.completed_on)}",
        provider_name=claim.activity.provider.name,
        accreditation_statement="Accredited by the ACCME.",
        designation_statement="Designated for a maximum of 2.0 credits.",
        credits=[
            {
                "credit_type": line.credit_type,
                "label": PRINTED_LABELS.get(line.credit_type, line.credit_type),
                "amount": format_credit_amount(line.amount),
                "unit": line.unit,
            }
            for line in claim.credits.all()
        ],
    )
