"""An organization admin's report: their members' completions and credit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from equitylens.accounts.models import Organization
from equitylens.catalog.models import CreditType
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.learning.models import Enrollment
from equitylens.outcomes.services.csv_export import csv_document


@dataclass(frozen=True)
class MemberCompletion:
    """One member's completion of one activity, with the credit claimed (if any)."""

    name: str
    email: str
    activity_title: str
    completed_on: date
    credits: list[str]


def organization_completions(
    organization: Organization, year: int | None = None
) -> list[MemberCompletion]:
    """Completions (evaluation submitted) by members of `organization`, newest first.

    Members are the users with a Membership in `organization`, whatever their role.
    With `year`, only completions in that year (by completion date: the claim's
    completed_on when claimed, else the evaluation date). Credits read like
    "2 AMA PRA Category 1 Credits™"-style lines from the claim; none when unclaimed.
    """
    enrollments = (
        Enrollment.objects.filter(
            user__memberships__organization=organization, evaluated_at__isnull=False
        )
        .select_related("user", "activity", "claim")
        .prefetch_related("claim__credits")
        .distinct()
    )
    labels = dict(CreditType.choices)
    rows = []
    for enrollment in enrollments:
        claim = getattr(enrollment, "claim", None)
        assert enrollment.evaluated_at is not None
        completed_on = claim.completed_on if claim else enrollment.evaluated_at.date()
        if year is not None and completed_on.year != year:
            continue
        credits = (
            [
                f"{format_credit_amount(c.amount)} {labels.get(c.credit_type, c.credit_type)}"
                for c in claim.credits.all()
            ]
            if claim
            else []
        )
        user = enrollment.user
        rows.append(
            MemberCompletion(
                name=user.get_full_name() or user.email,
                email=user.email,
                activity_title=enrollment.activity.title,
                completed_on=completed_on,
                credits=credits,
            )
        )
    rows.sort(key=lambda r: (r.completed_on, r.name), reverse=True)
    return rows


def organization_completions_csv(rows: list[MemberCompletion]) -> str:
    """The completions as CSV: name, e-mail, activity, completed on (ISO), credit claimed."""
    return csv_document(
        ("Name", "E-mail", "Activity", "Completed on", "Credit claimed"),
        (
            (r.name, r.email, r.activity_title, r.completed_on.isoformat(), "; ".join(r.credits))
            for r in rows
        ),
    )
