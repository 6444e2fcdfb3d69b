"""Test data for outcomes reports: completions with evaluations, claims and registrations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.catalog.models import Activity
from equitylens.learning.models import (
    ClaimedCredit,
    CreditClaim,
    Enrollment,
    EnrollmentStatus,
    Evaluation,
)
from equitylens.learning.services.evaluations import QUALITY_ITEMS
from equitylens.live.models import Registration, Session


def make_completion(
    user: User,
    activity: Activity,
    *,
    rating: int = 5,
    intends: bool = True,
    change: str = "",
    commitment: str = "",
    bias_free: bool = True,
    bias_explanation: str = "",
    comments: str = "",
    quality: int = 4,
    credits: tuple[tuple[str, str, str], ...] = (),
    evaluated_at: datetime | None = None,
    claimed_at: datetime | None = None,
    completed_on: date | None = None,
    session: Session | None = None,
) -> Enrollment:
    """An enrollment of `user` with its evaluation submitted, every objective rated `rating`.

    With `credits` ((credit_type, amount, unit), …) a claim is made too, at `claimed_at`.
    """
    evaluated_at = evaluated_at or timezone.now()
    enrollment = Enrollment.objects.create(
        user=user,
        activity=activity,
        session=session,
        status=EnrollmentStatus.EVALUATED,
        code_verified_at=evaluated_at,
        evaluated_at=evaluated_at,
    )
    Evaluation.objects.create(
        enrollment=enrollment,
        objective_ratings={str(o.pk): rating for o in activity.objectives.all()},
        intends_to_change=intends,
        change_description=change,
        commitment=commitment,
        free_of_commercial_bias=bias_free,
        bias_explanation=bias_explanation,
        quality_ratings={key: quality for key, _ in QUALITY_ITEMS},
        comments=comments,
    )
    if credits:
        claimed_at = claimed_at or evaluated_at
        claim = CreditClaim.objects.create(
            enrollment=enrollment,
            user=user,
            activity=activity,
            completed_on=completed_on or timezone.localdate(evaluated_at),
        )
        CreditClaim.objects.filter(pk=claim.pk).update(claimed_at=claimed_at)
        claim.refresh_from_db()
        for credit_type, amount, unit in credits:
            ClaimedCredit.objects.create(
                claim=claim, credit_type=credit_type, amount=Decimal(amount), unit=unit
            )
        enrollment.status = EnrollmentStatus.CLAIMED
        enrollment.claimed_at = claimed_at
        enrollment.save()
    return enrollment


def make_registration_row(user: User, session: Session, status: str, **extra: Any) -> Registration:
    """A registration row in `status` (the live app's rules are tested there)."""
    return Registration.objects.create(
        session=session, user=user, status=status, queued_at=timezone.now(), **extra
    )
