"""The credit claim's rules: eligibility, amounts, MOC details, idempotency, locking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from equitylens.accounts.models import BoardCertification
from equitylens.audit.models import LogEntry
from equitylens.credentials.models import Certificate
from equitylens.learning.models import ClaimedCredit, CreditClaim, EnrollmentStatus
from equitylens.learning.services.claims import (
    ClaimError,
    MocDetails,
    amount_errors,
    birth_errors,
    board_id_errors,
    claim_blocker,
    claim_credit,
    claimable_offerings,
    closed_offerings,
)
from equitylens.learning.services.enrollments import LearningRuleError
from tests.factories import (
    make_enrollment,
    make_evaluated_enrollment,
    make_learner,
    make_verified_enrollment,
)
from tests.learning.factories_claims import make_claimable_course, make_ready_physician

pytestmark = pytest.mark.django_db

ABIM = MocDetails(board_ids={"ABIM": "123456"}, consent=True, birth_month="4", birth_day="9")


def _types(offerings: list[Any]) -> list[str]:
    return [o.credit_type for o in offerings]


def test_physician_may_claim_ama_and_moc_but_not_nursing() -> None:
    _, enrollment = make_ready_physician()
    assert _types(claimable_offerings(enrollment)) == ["ama_pra_1", "moc_abim", "moc_abp"]
    assert closed_offerings(enrollment) == [
        "Participation certificates are for nurses, other clinicians and other professions.",
        "Nursing contact hours are for nurses.",
    ]


def test_nurse_may_claim_only_nursing_and_participation() -> None:
    course = make_claimable_course()
    nurse = make_learner(profession="nurse", credentials=["RN"])
    enrollment = make_evaluated_enrollment(nurse, course)
    assert _types(claimable_offerings(enrollment)) == ["participation", "nursing"]
    assert "AMA PRA Category 1 Credit™ are for physicians." in closed_offerings(enrollment)


def test_offering_without_professions_is_open_to_everyone() -> None:
    from tests.factories import make_activity, make_offering

    activity = make_activity()
    make_offering(activity, "participation", "2.0", unit="hours")
    other = make_learner(profession="other")
    enrollment = make_evaluated_enrollment(other, activity)
    assert _types(claimable_offerings(enrollment)) == ["participation"]


def test_learner_without_profession_must_complete_profile_first() -> None:
    course = make_claimable_course()
    learner = make_learner(profession="")
    enrollment = make_evaluated_enrollment(learner, course)
    assert "Add your profession to your profile" in (claim_blocker(enrollment) or "")
    with pytest.raises(ClaimError) as error:
        claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
    assert "profile" in error.value.errors
    assert not CreditClaim.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2", "You can claim at most 1.75; you entered 2.0."),
        ("1.3", "Claim in 0.25 steps; 1.3 is not one. Use 1.25 or 1.5."),
        ("0.1", "Claim in 0.25 steps; 0.1 is not one. Use 0.25."),
        ("0", "Claim more than 0, or untick this credit to leave it out."),
        ("-1", "Claim more than 0, or untick this credit to leave it out."),
        ("abc", "Enter the amount as a number, e.g. 1.75."),
        ("NaN", "Enter the amount as a number, e.g. 1.75."),
    ],
)
def test_amounts_are_positive_quarters_up_to_the_maximum(typed: str, message: str) -> None:
    course = make_claimable_course()
    offering = course.credit_offerings.get(credit_type="ama_pra_1")
    assert amount_errors(offering, typed) == [message]


@pytest.mark.parametrize("typed", ["0.25", "1", "1.5", "1.75", " 1.75 "])
def test_quarter_amounts_up_to_the_maximum_are_accepted(typed: str) -> None:
    offering = make_claimable_course().credit_offerings.get(credit_type="ama_pra_1")
    assert amount_errors(offering, typed) == []


def test_abp_points_are_all_or_nothing() -> None:
    from tests.factories import make_activity, make_offering

    course = make_activity(format="enduring", duration_minutes=105)
    abp = make_offering(course, "moc_abp", "1.75", unit="points")
    assert amount_errors(abp, "1.75") == []
    assert amount_errors(abp, "1.5") == [
        "ABP MOC points are all or nothing: claim all 1.75, or untick ABP to leave it out."
    ]


@pytest.mark.parametrize(
    ("board", "board_id", "ok"),
    [
        ("ABIM", "123456", True),
        ("ABIM", "12345", False),
        ("ABIM", "1234567", False),
        ("ABIM", "12345A", False),
        ("ABP", "A1B2", True),
        ("ABP", "x" * 21, False),
        ("ABP", "12-34", False),
        ("ABP", "", False),
    ],
)
def test_board_id_formats(board: str, board_id: str, ok: bool) -> None:
    assert (board_id_errors(board, board_id) == []) is ok


@pytest.mark.parametrize(
    ("month", "day", "fields"),
    [
        ("2", "29", set()),
        ("2", "30", {"birth_day"}),
        ("2", "31", {"birth_day"}),
        ("4", "31", {"birth_day"}),
        ("12", "31", set()),
        ("13", "1", {"birth_month"}),
        (None, None, {"birth_month", "birth_day"}),
        ("x", "0", {"birth_month", "birth_day"}),
    ],
)
def test_birth_month_and_day_must_exist(month: Any, day: Any, fields: set[str]) -> None:
    assert set(birth_errors(month, day)) == fields
    if fields == {"birth_day"} and month == "2":
        assert birth_errors(month, day)["birth_day"][0].startswith("February has no day")


def test_claim_creates_claim_lines_certificate_log_and_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    learner, enrollment = make_ready_physician()
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_credit(enrollment, {"ama_pra_1": "1.75", "moc_abim": "1.5"}, ABIM, by=learner)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CLAIMED and enrollment.claimed_at
    lines = {c.credit_type: c for c in claim.credits.all()}
    assert lines["ama_pra_1"].amount == Decimal("1.75") and lines["ama_pra_1"].board == ""
    assert lines["moc_abim"].amount == Decimal("1.50")
    assert (lines["moc_abim"].board, lines["moc_abim"].board_id) == ("ABIM", "123456")
    assert claim.moc_consent_at is not None
    assert claim.completed_on is not None
    certificate = Certificate.objects.get(claim=claim)
    assert certificate.number.startswith("EL-")
    assert LogEntry.objects.filter(action="claim.created", object_id=str(claim.pk)).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith(
        "Your certificate is ready: Seeing Bias in the Exam Room"
    )
    assert f"/certificates/{certificate.number}/" in mail.outbox[0].body
    assert "/transcript/" in mail.outbox[0].body


def test_moc_details_are_kept_on_the_profile() -> None:
    learner, enrollment = make_ready_physician()
    BoardCertification.objects.create(user=learner, board="ABIM", board_id="999999")
    moc = MocDetails(board_ids={"ABIM": "123 456"}, consent=True, birth_month="2", birth_day="29")
    claim_credit(enrollment, {"moc_abim": "1.75"}, moc, by=learner)
    learner.refresh_from_db()
    assert (learner.birth_month, learner.birth_day) == (2, 29)
    assert learner.moc_consent_at is not None
    assert BoardCertification.objects.get(user=learner, board="ABIM").board_id == "123456"


def test_claim_without_moc_asks_nothing_about_moc() -> None:
    learner, enrollment = make_ready_physician()
    claim = claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
    assert claim.moc_consent_at is None
    learner.refresh_from_db()
    assert learner.birth_month is None and learner.moc_consent_at is None


@pytest.mark.parametrize(
    ("moc", "fields"),
    [
        (
            MocDetails(board_ids={"ABIM": "123456"}, consent=False, birth_month="4", birth_day="9"),
            {"moc_consent"},
        ),
        (
            MocDetails(board_ids={"ABIM": ""}, consent=True, birth_month="4", birth_day="9"),
            {"board_id_ABIM"},
        ),
        (
            MocDetails(board_ids={"ABIM": "12345"}, consent=True, birth_month="4", birth_day="9"),
            {"board_id_ABIM"},
        ),
        (
            MocDetails(board_ids={"ABIM": "123456"}, consent=True, birth_month="2", birth_day="31"),
            {"birth_day"},
        ),
        (MocDetails(), {"moc_consent", "board_id_ABIM", "birth_month", "birth_day"}),
    ],
)
def test_moc_needs_consent_board_id_and_birth_date(moc: MocDetails, fields: set[str]) -> None:
    learner, enrollment = make_ready_physician()
    with pytest.raises(ClaimError) as error:
        claim_credit(enrollment, {"ama_pra_1": "1.75", "moc_abim": "1.75"}, moc, by=learner)
    assert set(error.value.errors) == fields


def test_nothing_is_saved_when_any_line_is_wrong(
    django_capture_on_commit_callbacks: Any,
) -> None:
    learner, enrollment = make_ready_physician()
    bad = MocDetails(board_ids={"ABIM": "12"}, consent=True, birth_month="4", birth_day="9")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ClaimError) as error:
        claim_credit(enrollment, {"ama_pra_1": "1.3", "moc_abim": "1.75"}, bad, by=learner)
    assert set(error.value.errors) == {"amount_ama_pra_1", "board_id_ABIM"}
    enrollment.refresh_from_db()
    learner.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED and enrollment.claimed_at is None
    assert not CreditClaim.objects.exists() and not ClaimedCredit.objects.exists()
    assert not Certificate.objects.exists() and not BoardCertification.objects.exists()
    assert learner.birth_month is None
    assert not mail.outbox


def test_at_least_one_credit_must_be_chosen() -> None:
    learner, enrollment = make_ready_physician()
    with pytest.raises(ClaimError) as error:
        claim_credit(enrollment, {}, None, by=learner)
    assert error.value.errors == {"credits": ["Tick at least one credit to claim."]}


def test_credit_not_open_to_the_profession_is_refused() -> None:
    learner, enrollment = make_ready_physician()
    with pytest.raises(ClaimError) as error:
        claim_credit(enrollment, {"nursing": "1.75"}, None, by=learner)
    assert "credits" in error.value.errors


def test_second_claim_returns_the_first_unchanged(
    django_capture_on_commit_callbacks: Any,
) -> None:
    learner, enrollment = make_ready_physician()
    with django_capture_on_commit_callbacks(execute=True):
        first = claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
        again = claim_credit(enrollment, {"ama_pra_1": "0.25"}, None, by=learner)
    assert again.pk == first.pk
    assert CreditClaim.objects.count() == 1 and Certificate.objects.count() == 1
    assert ClaimedCredit.objects.get().amount == Decimal("1.75")
    assert len(mail.outbox) == 1


def test_stale_enrollment_object_still_gets_the_existing_claim() -> None:
    learner, enrollment = make_ready_physician()
    from equitylens.learning.models import Enrollment

    stale = Enrollment.objects.get(pk=enrollment.pk)  # read before the claim
    first = claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
    assert stale.claimed_at is None
    assert claim_credit(stale, {"ama_pra_1": "1"}, None, by=learner).pk == first.pk


def test_claim_needs_the_evaluation_first() -> None:
    course = make_claimable_course()
    learner = make_learner()
    enrollment = make_verified_enrollment(learner, course)
    assert claim_blocker(enrollment) == "Submit the evaluation first: credit is claimed after it."
    with pytest.raises(LearningRuleError):
        claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
    assert not CreditClaim.objects.exists()
    fresh = make_enrollment(make_learner(), course)
    assert claim_blocker(fresh)


def test_no_claim_when_completed_after_the_approval_period() -> None:
    from datetime import date, timedelta

    course = make_claimable_course(ends_on=date.today() - timedelta(days=1))
    learner, enrollment = make_ready_physician(course)
    assert "approval period" in (claim_blocker(enrollment) or "")
    with pytest.raises(ClaimError):
        claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)


def test_completed_in_time_may_claim_after_the_course_expired() -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    course = make_claimable_course(ends_on=date.today() - timedelta(days=1))
    learner, enrollment = make_ready_physician(course)
    enrollment.evaluated_at = timezone.now() - timedelta(days=3)
    enrollment.save()
    assert claim_blocker(enrollment) is None
    claim = claim_credit(enrollment, {"ama_pra_1": "1.75"}, None, by=learner)
    assert claim.completed_on == timezone.localdate(enrollment.evaluated_at)
