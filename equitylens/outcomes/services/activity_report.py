"""Per-activity numbers: registrations, attendance, completions and credit claimed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from equitylens.catalog.models import Activity, CreditType
from equitylens.learning.models import ClaimedCredit, Enrollment
from equitylens.live.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class CreditTotal:
    """Credit of one type claimed for an activity: the sum and how many learners claimed it."""

    credit_type: str
    label: str
    amount: Decimal
    unit: str
    learners: int


@dataclass(frozen=True)
class ActivityReport:
    registered: int
    waitlisted: int
    cancelled: int
    attended: int
    enrolled: int
    completed: int
    claimed: int
    credits: list[CreditTotal]


def activity_report(activity: Activity) -> ActivityReport:
    """The key numbers of `activity`, counted as they are (internal report).

    Registrations count live.Registration rows of the activity's sessions by status;
    attended counts registrations marked attended; completed counts enrollments whose
    evaluation is submitted (evaluated_at set); credits sum ClaimedCredit.amount per
    credit type with the number of distinct learners who claimed that type.
    """
    by_status = dict(
        Registration.objects.filter(session__activity=activity)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    enrollments = Enrollment.objects.filter(activity=activity)
    labels = dict(CreditType.choices)
    credits = [
        CreditTotal(
            credit_type=row["credit_type"],
            label=labels.get(row["credit_type"], row["credit_type"]),
            amount=row["total"] or Decimal("0"),
            unit=row["unit"],
            learners=row["learners"],
        )
        for row in ClaimedCredit.objects.filter(claim__activity=activity)
        .values("credit_type", "unit")
        .annotate(total=Sum("amount"), learners=Count("claim__user", distinct=True))
        .order_by("credit_type", "unit")
    ]
    return ActivityReport(
        registered=by_status.get(RegistrationStatus.REGISTERED, 0),
        waitlisted=by_status.get(RegistrationStatus.WAITLISTED, 0),
        cancelled=by_status.get(RegistrationStatus.CANCELLED, 0),
        attended=Registration.objects.filter(session__activity=activity, attended=True).count(),
        enrolled=enrollments.count(),
        completed=enrollments.filter(evaluated_at__isnull=False).count(),
        claimed=enrollments.filter(claimed_at__isnull=False).count(),
        credits=credits,
    )
