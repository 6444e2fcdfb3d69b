"""MOC completions made with the real models, for the PARS tests and the benchmark."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from equitylens.accounts.models import BoardCertification
from equitylens.catalog.models import Activity, CreditType
from equitylens.catalog.models.credits import MOC_BOARD_BY_CREDIT_TYPE
from equitylens.learning.models import ClaimedCredit, CreditClaim, EnrollmentStatus
from tests.factories import make_enrollment, make_learner

CONSENTED = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def make_moc_learner(
    board_id: str | None = "123456",
    *,
    board: str = "ABIM",
    birth: tuple[int | None, int | None] = (3, 7),
    **extra: Any,
) -> Any:
    """A physician with birth month/day and (unless board_id is None) a board ID on file."""
    learner = make_learner(birth_month=birth[0], birth_day=birth[1], **extra)
    if board_id is not None:
        BoardCertification.objects.create(user=learner, board=board, board_id=board_id)
    return learner


def make_moc_completion(
    learner: Any,
    activity: Activity,
    *,
    completed_on: date = date(2026, 3, 10),
    credit_type: str = CreditType.MOC_ABIM,
    amount: str = "2.00",
    board_id: str | None = None,
    consent: bool = True,
) -> ClaimedCredit:
    """A claim by `learner` for `activity` with one MOC line (board ID from the profile
    unless given), consented unless told not to."""
    board = MOC_BOARD_BY_CREDIT_TYPE[credit_type]
    if board_id is None:
        on_file = BoardCertification.objects.filter(user=learner, board=board).first()
        board_id = on_file.board_id if on_file else ""
    enrollment = make_enrollment(learner, activity, status=EnrollmentStatus.CLAIMED)
    claim = CreditClaim.objects.create(
        enrollment=enrollment,
        user=learner,
        activity=activity,
        completed_on=completed_on,
        moc_consent_at=CONSENTED if consent else None,
    )
    return ClaimedCredit.objects.create(
        claim=claim,
        credit_type=credit_type,
        amount=Decimal(amount),
        unit="points",
        board=board,
        board_id=board_id,
    )
