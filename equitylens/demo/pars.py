"""Demo data: PARS reporting (fictional learners, written by us).

Two physicians who never sign in (unusable passwords) completed "Recognizing and
Mitigating Unconscious Bias" and claimed 2 ABIM MOC points with consent:
- Helen Marsh, ABIM ID 204518: reported in one past learner batch, so the PARS page
  shows a batch to download;
- Omar Siddiqui, whose ABIM ID on file has 5 digits: listed on the PARS page as a
  validation problem and left out of every batch until he corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import BoardCertification, User
from equitylens.catalog.models import CreditType
from equitylens.credentials.models import ParsBatch
from equitylens.credentials.services.pars import build_learner_batch
from equitylens.learning.models import ClaimedCredit, CreditClaim, Enrollment, EnrollmentStatus

COURSE_SLUG = "recognizing-and-mitigating-unconscious-bias"
COORDINATOR = "sam.rivera@lakeshoremed.example"


@dataclass(frozen=True)
class MocCompletion:
    email: str
    first_name: str
    last_name: str
    abim_id: str
    birth: tuple[int, int]
    days_ago: int


COMPLETIONS = [
    MocCompletion("helen.marsh@demo-learners.example", "Helen", "Marsh", "204518", (9, 14), 40),
    MocCompletion("omar.siddiqui@demo-learners.example", "Omar", "Siddiqui", "20451", (1, 30), 12),
]


def _learner(entry: MocCompletion) -> User:
    user = User.objects.filter(email=entry.email).first()
    if user is None:
        user = User.objects.create_user(email=entry.email, password=None)
    user.first_name, user.last_name = entry.first_name, entry.last_name
    user.profession = "physician"
    user.birth_month, user.birth_day = entry.birth
    user.set_unusable_password()
    user.save()
    BoardCertification.objects.get_or_create(
        user=user, board="ABIM", defaults={"board_id": entry.abim_id}
    )
    return user


@transaction.atomic
def load_pars(activities: Any, users: Any) -> None:
    """The two MOC completions and, once, a past learner batch by the coordinator.

    Idempotent: an existing enrollment is left as it is; no batch is built when any
    PARS batch exists (and a re-run would find nothing new anyway).
    """
    course = activities.get(COURSE_SLUG)
    if course is None:
        return
    now = timezone.now()
    for entry in COMPLETIONS:
        user = _learner(entry)
        if Enrollment.objects.filter(user=user, activity=course).exists():
            continue
        done_at = now - timedelta(days=entry.days_ago)
        enrollment = Enrollment.objects.create(
            user=user,
            activity=course,
            status=EnrollmentStatus.CLAIMED,
            modules_completed_at=done_at,
            evaluated_at=done_at,
            claimed_at=done_at,
        )
        claim = CreditClaim.objects.create(
            enrollment=enrollment,
            user=user,
            activity=course,
            completed_on=done_at.date(),
            moc_consent_at=done_at,
        )
        CreditClaim.objects.filter(pk=claim.pk).update(claimed_at=done_at)
        ClaimedCredit.objects.create(
            claim=claim,
            credit_type=CreditType.MOC_ABIM,
            amount=Decimal("2.00"),
            unit="points",
            board="ABIM",
            board_id=entry.abim_id,
        )
    coordinator = users.get(COORDINATOR)
    if coordinator is not None and not ParsBatch.objects.exists():
        build_learner_batch(coordinator)
