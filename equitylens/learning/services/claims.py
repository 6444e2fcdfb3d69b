"""Claiming credit: which credit a learner may claim, how much, MOC details, and the claim.

Rules (see GLOSSARY.md "Claim"):
- A learner claims only the credit types open to their profession (an offering with no
  eligible professions is open to everyone); without a profession on file they complete
  their profile first.
- Each amount is more than 0, at most the offering's maximum, in 0.25 steps; the form
  proposes the maximum.
- MOC is reported to each chosen board through the ACCME's PARS, which needs the
  learner's consent, their board ID (diplomate number) per board and their birth month
  and day. Board IDs are kept on the learner's BoardCertification rows and the birth
  month/day on the user, as the profile's MOC fields.
- One claim per enrollment, ever, after the evaluation; the certificate is issued in
  the same transaction. Repeating a claim (double click, two tabs, retry) returns the
  first one unchanged.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from equitylens.accounts.models import BoardCertification, Profession
from equitylens.audit.services import log_action
from equitylens.catalog.models import CreditOffering, CreditType
from equitylens.catalog.presentation import PROFESSIONS_PLURAL, sorted_offerings
from equitylens.catalog.services.credits import QUARTER
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.learning.models import ClaimedCredit, CreditClaim, Enrollment
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    completion_date,
    lock_enrollment,
    record_claimed,
)
from equitylens.learning.services.mail import send_learner_mail

# Board ID formats we know. ABIM IDs are 6 digits (ABIM's own documentation).
# For every other board we assume 1–20 letters or digits (the length PARS stores) until
# the board's format is confirmed; see docs/guide/claiming-credit.md.
BOARD_ID_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "ABIM": (re.compile(r"\d{6}"), "An ABIM ID is 6 digits, e.g. 123456"),
}
ANY_BOARD_ID = (re.compile(r"[A-Za-z0-9]{1,20}"), "A board ID is 1 to 20 letters or digits")

MOC_CONSENT_TEXT = (
    "I agree that the provider reports my completion of this activity, with my name, "
    "board ID and birth month and day, to the boards I chose through the ACCME's "
    "Program and Activity Reporting System (PARS)."
)
MOC_CONSENT_WHY = (
    "Boards give MOC only for completions reported to them. The ACCME's PARS passes "
    "them on, and it needs your board ID and birth month and day to match you to your "
    "board record. Nothing is reported without your consent."
)

# Credit types in the words learners use when told a type is not open to them.
CREDIT_NAME: dict[str, str] = {
    CreditType.AMA_PRA_1: "AMA PRA Category 1 Credit™",
    CreditType.PARTICIPATION: "Participation certificates",
    CreditType.NURSING: "Nursing contact hours",
}


class ClaimError(Exception):
    """The claim was refused; nothing was saved. `errors` maps a form field to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


@dataclass
class MocDetails:
    """What the learner gave for MOC reporting: board → ID, consent and birth month/day."""

    board_ids: dict[str, str] = field(default_factory=dict)
    consent: bool = False
    birth_month: str | int | None = None
    birth_day: str | int | None = None


@dataclass(frozen=True)
class ValidClaim:
    """A claim that passed every rule: (offering, amount) lines and cleaned MOC details."""

    lines: list[tuple[CreditOffering, Decimal]]
    board_ids: dict[str, str]
    birth: tuple[int, int] | None


def _eligible(offering: CreditOffering, profession: str) -> bool:
    return not offering.eligible_professions or profession in offering.eligible_professions


def claimable_offerings(enrollment: Enrollment) -> list[CreditOffering]:
    """The activity's offerings the learner may claim by profession, AMA first, MOC last.

    An offering with an empty eligible_professions list is open to everyone. A learner
    without a profession gets only those (profile_blocker explains what to do).
    """
    profession = enrollment.user.profession
    return [o for o in sorted_offerings(enrollment.activity) if _eligible(o, profession)]


def closed_offerings(enrollment: Enrollment) -> list[str]:
    """Notes on credit offered but not open to the learner: "Nursing contact hours are for
    nurses"."""
    profession = enrollment.user.profession
    notes = []
    for offering in sorted_offerings(enrollment.activity):
        if _eligible(offering, profession):
            continue
        name = CREDIT_NAME.get(offering.credit_type, offering.get_credit_type_display())
        who = [PROFESSIONS_PLURAL.get(p, p) for p in offering.eligible_professions]
        whom = ", ".join(who[:-1]) + " and " + who[-1] if len(who) > 1 else who[0]
        verb = "is" if offering.is_moc else "are"
        notes.append(f"{name} {verb} for {whom}.")
    return notes


def profile_blocker(user: Any) -> str | None:
    """None when the profile says who the learner is professionally, else what to do."""
    if user.profession not in Profession.values:
        return (
            "Add your profession to your profile first: which credit you may claim depends on it."
        )
    return None


def period_blocker(enrollment: Enrollment, today: date | None = None) -> str | None:
    """Why credit cannot be claimed: an online course completed after its expiration date.

    The completion date counts (the day the evaluation locked the record), not the day of
    the claim: a learner who finished in time may claim later.
    """
    activity = enrollment.activity
    if not (activity.is_enduring and activity.ends_on):
        return None
    completed = completion_date(enrollment) if enrollment.evaluated_at else None
    day = completed or today or timezone.localdate()
    if day > activity.ends_on:
        return (
            f"The approval period of this course ended on {activity.ends_on:%B} "
            f"{activity.ends_on.day}, {activity.ends_on.year}, before you completed it, so "
            "credit can no longer be claimed."
        )
    return None


def claim_blocker(enrollment: Enrollment, today: date | None = None) -> str | None:
    """None when the learner may claim now, else why not (in the learner's words)."""
    if enrollment.evaluated_at is None:
        return "Submit the evaluation first: credit is claimed after it."
    blocker = period_blocker(enrollment, today) or profile_blocker(enrollment.user)
    if blocker is None and not claimable_offerings(enrollment):
        notes = " ".join(closed_offerings(enrollment))
        return f"None of the credit for this activity is open to your profession. {notes}".strip()
    return blocker


def parse_amount(text: Any) -> Decimal | None:
    """The amount the learner typed as a Decimal, or None when it is not a number."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount_errors(offering: CreditOffering, text: Any) -> list[str]:
    """Problems with claiming `text` of `offering`: a number, > 0, ≤ maximum, 0.25 steps."""
    maximum = format_credit_amount(offering.amount)
    amount = parse_amount(text)
    if amount is None:
        return [f"Enter the amount as a number, e.g. {maximum}."]
    if amount <= 0:
        return ["Claim more than 0, or untick this credit to leave it out."]
    if amount > offering.amount:
        return [f"You can claim at most {maximum}; you entered {format_credit_amount(amount)}."]
    if amount % QUARTER != 0:
        lower = (amount // QUARTER) * QUARTER
        options = [format_credit_amount(v) for v in (lower, lower + QUARTER) if v > 0]
        return [
            f"Claim in 0.25 steps; {format_credit_amount(amount)} is not one. "
            f"Use {' or '.join(options)}."
        ]
    if offering.credit_type == CreditType.MOC_ABP and amount != offering.amount:
        # ABP awards the same points to every learner of an activity: no partial points.
        return [
            f"ABP MOC points are all or nothing: claim all {maximum}, "
            "or untick ABP to leave it out."
        ]
    return []


def board_id_errors(board: str, board_id: str) -> list[str]:
    """Problems with a board ID for `board` (format per board where known)."""
    if not board_id:
        return [f"Enter your {board} ID (diplomate number) to have MOC reported."]
    pattern, hint = BOARD_ID_FORMATS.get(board, ANY_BOARD_ID)
    if not pattern.fullmatch(board_id):
        return [f"{hint}; you entered “{board_id}”."]
    return []


def board_id_hint(board: str) -> str:
    """How a board's ID looks, for the form: "An ABIM ID is 6 digits, e.g. 123456"."""
    return BOARD_ID_FORMATS.get(board, ANY_BOARD_ID)[1] + "."


def normalize_board_id(text: Any) -> str:
    """Board IDs without spaces or hyphens, upper-case: " 123 456 " → "123456"."""
    return re.sub(r"[\s-]", "", str(text or "")).upper()


def birth_errors(month: Any, day: Any) -> dict[str, list[str]]:
    """Birth month 1–12 and a day that exists in it (29 February is allowed)."""
    errors: dict[str, list[str]] = {}
    try:
        m = int(month)
    except (TypeError, ValueError):
        m = 0
    try:
        d = int(day)
    except (TypeError, ValueError):
        d = 0
    if not 1 <= m <= 12:
        errors["birth_month"] = ["Choose your birth month (MOC reporting needs it)."]
    if not 1 <= d <= 31:
        errors["birth_day"] = ["Choose your birth day (MOC reporting needs it)."]
    elif 1 <= m <= 12 and d > calendar.monthrange(2000, m)[1]:
        errors["birth_day"] = [
            f"{calendar.month_name[m]} has no day {d}; check your birth month and day."
        ]
    return errors


def validate_claim(
    enrollment: Enrollment, lines: Mapping[str, Any], moc: MocDetails | None
) -> ValidClaim:
    """Check a claim against every rule; ClaimError (errors keyed by field) if any fails.

    `lines` maps each chosen credit type to the amount typed. Fields: "amount_<type>",
    "credits", "board_id_<board>", "moc_consent", "birth_month", "birth_day", "profile".
    """
    errors: dict[str, list[str]] = {}
    blocker = profile_blocker(enrollment.user)
    if blocker:
        raise ClaimError({"profile": [blocker]})
    offerings = {o.credit_type: o for o in claimable_offerings(enrollment)}
    chosen: list[tuple[CreditOffering, Decimal]] = []
    for credit_type, text in lines.items():
        offering = offerings.get(credit_type)
        if offering is None:
            errors.setdefault("credits", []).append(
                "That credit is not offered to your profession for this activity."
            )
            continue
        problems = amount_errors(offering, text)
        if problems:
            errors[f"amount_{credit_type}"] = problems
        else:
            amount = parse_amount(text)
            assert amount is not None
            chosen.append((offering, amount))
    if not lines:
        errors["credits"] = ["Tick at least one credit to claim."]
    moc = moc or MocDetails()
    board_ids: dict[str, str] = {}
    birth: tuple[int, int] | None = None
    moc_lines = [offerings[t] for t in lines if t in offerings and offerings[t].is_moc]
    for offering in moc_lines:
        board = offering.board or ""
        board_id = normalize_board_id(moc.board_ids.get(board))
        problems = board_id_errors(board, board_id)
        if problems:
            errors[f"board_id_{board}"] = problems
        board_ids[board] = board_id
    if moc_lines:
        if not moc.consent:
            errors["moc_consent"] = [
                "Tick the consent to have MOC reported, or untick the boards to claim without MOC."
            ]
        problems_by_field = birth_errors(moc.birth_month, moc.birth_day)
        errors.update(problems_by_field)
        if not problems_by_field:
            birth = (int(str(moc.birth_month)), int(str(moc.birth_day)))
    if errors:
        raise ClaimError(errors)
    return ValidClaim(chosen, board_ids, birth)


def claim_credit(
    enrollment: Enrollment, lines: Mapping[str, Any], moc: MocDetails | None, by: Any
) -> CreditClaim:
    """Claim credit for `enrollment` and issue its certificate; returns the claim.

    Validates first (ClaimError, nothing saved). Then, in one transaction with the
    enrollment row locked: if a claim exists it is returned unchanged (idempotent);
    otherwise evaluated → claimed (LearningRuleError if the evaluation is missing), the
    MOC profile fields are saved, the claim, its lines and the certificate are created
    and logged. The "certificate ready" e-mail is sent once the transaction commits.
    """
    existing = CreditClaim.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    expired = period_blocker(enrollment)
    if expired:
        raise ClaimError({"__all__": [expired]})
    valid = validate_claim(enrollment, lines, moc)
    try:
        return _record_claim(enrollment, valid, by)
    except IntegrityError:
        # A concurrent request created the claim between our check and insert.
        return CreditClaim.objects.get(enrollment=enrollment)


def _record_claim(enrollment: Enrollment, valid: ValidClaim, by: Any) -> CreditClaim:
    from equitylens.credentials.services.certificates import issue_certificate

    with transaction.atomic():
        locked = lock_enrollment(enrollment)
        existing = CreditClaim.objects.filter(enrollment=locked).first()
        if existing is not None:
            return existing
        if locked.evaluated_at is None:
            raise LearningRuleError("Submit the evaluation before claiming credit.")
        record_claimed(locked)
        user = locked.user
        now = timezone.now()
        has_moc = any(o.is_moc for o, _ in valid.lines)
        if has_moc:
            _save_moc_profile(user, valid, now)
        claim = CreditClaim.objects.create(
            enrollment=locked,
            user=user,
            activity=locked.activity,
            completed_on=completion_date(locked),
            moc_consent_at=now if has_moc else None,
        )
        for offering, amount in valid.lines:
            board = offering.board or ""
            ClaimedCredit.objects.create(
                claim=claim,
                credit_type=offering.credit_type,
                amount=amount,
                unit=offering.unit,
                board=board,
                board_id=valid.board_ids.get(board, ""),
            )
        certificate = issue_certificate(claim)
        log_action(
            by,
            "claim.created",
            claim,
            activity=locked.activity.slug,
            certificate=certificate.number,
            credits={o.credit_type: str(a) for o, a in valid.lines},
        )
    enrollment.claimed_at = locked.claimed_at
    enrollment.status = locked.status
    send_learner_mail(
        "certificate_ready",
        user,
        {
            "activity_title": locked.activity.title,
            "certificate_number": certificate.number,
            "certificate_path": reverse("credentials:certificate", args=[certificate.number]),
            "transcript_path": reverse("credentials:transcript"),
        },
    )
    return claim


def _save_moc_profile(user: Any, valid: ValidClaim, now: Any) -> None:
    """Keep the board IDs and birth month/day on the profile for the next claim."""
    for board, board_id in valid.board_ids.items():
        BoardCertification.objects.update_or_create(
            user=user, board=board, defaults={"board_id": board_id}
        )
    assert valid.birth is not None
    user.birth_month, user.birth_day = valid.birth
    user.moc_consent_at = now
    user.save(update_fields=["birth_month", "birth_day", "moc_consent_at"])
