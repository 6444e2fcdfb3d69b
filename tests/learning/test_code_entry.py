"""Entering an attendance verification code: shape, ownership, dates, audience, lockout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import Audience
from equitylens.learning.models import (
    AttendanceCode,
    CodeEntryAttempt,
    CodeKind,
    CodeSource,
    Enrollment,
    EnrollmentStatus,
    ModuleProgress,
)
from equitylens.learning.services.code_entry import (
    CodeEntryLockedError,
    CodeNotValidNowError,
    CodeRefusedError,
    CodeShapeError,
    WrongCodeError,
    enter_code,
    locked_until,
    recent_lockouts,
)
from equitylens.learning.services.code_import import import_lms_codes
from equitylens.learning.services.codes import (
    SessionCodeError,
    create_session_code,
    issue_course_code,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_enrollment,
    make_learner,
    make_online_course,
)

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


def session_code(activity: Any = None, *, starts: timedelta = timedelta(hours=-1)) -> Any:
    activity = activity or make_activity()
    return create_session_code(
        activity, label="Morning session", starts_at=timezone.now() + starts, by=None
    )


def wrong_tries(user: Any, count: int, ip: str | None = IP) -> None:
    for _ in range(count):
        with pytest.raises((WrongCodeError, CodeEntryLockedError)):
            enter_code(user, "ZZZZZZ", ip)


def age_attempts(**filters: Any) -> None:
    """Move the clock: make matching attempts (and lockout log entries) 16 minutes older."""
    earlier = timezone.now() - timedelta(minutes=16)
    CodeEntryAttempt.objects.filter(**filters).update(attempted_at=earlier)
    LogEntry.objects.filter(action="code_entry.locked").update(created_at=earlier)


# --- What the learner types ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["abcdef", " ABC-DEF ", "abc def", "a-b-c-d-e-f"])
def test_case_spaces_and_dashes_do_not_matter(typed: str) -> None:
    code = session_code()
    AttendanceCode.objects.filter(pk=code.pk).update(code="ABCDEF")
    result = enter_code(make_learner(), typed, IP)
    assert result.code.pk == code.pk
    assert result.newly_verified


def test_too_short_says_how_many_characters_were_entered() -> None:
    with pytest.raises(CodeShapeError, match="Codes are 6 letters; you entered 5 characters"):
        enter_code(make_learner(), "ABCDE", IP)


def test_digits_are_refused_before_any_lookup() -> None:
    with pytest.raises(CodeShapeError, match="no numbers"):
        enter_code(make_learner(), "ABC12D", IP)


def test_blank_entry_asks_for_the_code() -> None:
    with pytest.raises(CodeShapeError, match="Enter the 6-letter code"):
        enter_code(make_learner(), "  ", IP)


def test_unknown_code_is_wrong_and_stored() -> None:
    learner = make_learner()
    with pytest.raises(WrongCodeError, match="not a code we recognise"):
        enter_code(learner, "zzzzzz", IP)
    attempt = CodeEntryAttempt.objects.get(user=learner)
    assert (attempt.entered, attempt.succeeded, attempt.ip_address) == ("ZZZZZZ", False, IP)
    assert not Enrollment.objects.filter(user=learner).exists()


# --- Personal codes -----------------------------------------------------------------------


def test_someone_elses_personal_code_counts_as_wrong() -> None:
    course = make_online_course()
    owner = make_learner()
    enrollment = make_enrollment(owner, course, modules_completed_at=timezone.now())
    code = issue_course_code(enrollment)
    intruder = make_learner()
    with pytest.raises(WrongCodeError) as refused:
        enter_code(intruder, code.code, IP)
    assert course.title not in str(refused.value)
    assert CodeEntryAttempt.objects.get(user=intruder).code is None
    assert not Enrollment.objects.filter(user=intruder).exists()


def test_own_course_code_verifies_the_enrollment() -> None:
    course = make_online_course()
    learner = make_learner()
    enrollment = make_enrollment(learner, course, modules_completed_at=timezone.now())
    code = issue_course_code(enrollment)
    result = enter_code(learner, code.code.lower(), IP)
    enrollment.refresh_from_db()
    assert result.enrollment.pk == enrollment.pk
    assert enrollment.status == EnrollmentStatus.CODE_VERIFIED
    assert enrollment.code_verified_at is not None


def test_lms_code_for_a_learner_not_enrolled_creates_a_completed_enrollment() -> None:
    course = make_online_course()
    learner = make_learner(email="lms.learner@example.org")
    assert import_lms_codes(course, "email,code\nlms.learner@example.org,LMSABC\n", None).ok
    result = enter_code(learner, "lmsabc", IP)
    enrollment = Enrollment.objects.get(user=learner, activity=course)
    assert result.enrollment.pk == enrollment.pk
    assert enrollment.modules_completed_at is not None
    assert enrollment.status == EnrollmentStatus.CODE_VERIFIED
    required = course.modules.filter(required=True).count()
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == required
    assert AttendanceCode.objects.get(code="LMSABC").enrollment_id == enrollment.pk


def test_lms_code_completes_an_enrollment_started_here() -> None:
    course = make_online_course()
    learner = make_learner(email="half.way@example.org")
    enrollment = make_enrollment(learner, course)
    assert import_lms_codes(course, "email,code\nhalf.way@example.org,HALFWY\n", None).ok
    enter_code(learner, "HALFWY", IP)
    enrollment.refresh_from_db()
    assert enrollment.modules_completed_at is not None
    assert enrollment.status == EnrollmentStatus.CODE_VERIFIED


# --- Session codes and their dates --------------------------------------------------------


def test_session_code_creates_the_live_enrollment() -> None:
    workshop = make_activity()
    code = session_code(workshop)
    learner = make_learner()
    result = enter_code(learner, code.code, IP)
    assert result.enrollment.activity == workshop
    assert result.enrollment.status == EnrollmentStatus.CODE_VERIFIED
    assert CodeEntryAttempt.objects.get(user=learner).succeeded


def test_session_code_before_the_session_says_when_it_opens() -> None:
    code = session_code(starts=timedelta(days=2))
    with pytest.raises(CodeNotValidNowError, match="This code opens when the session starts on"):
        enter_code(make_learner(), code.code, IP)


def test_expired_session_code_says_when_and_whom_to_contact() -> None:
    workshop = make_activity(attendance_code_days=3, contact_email="cme@lakeshore.example")
    code = session_code(workshop, starts=timedelta(days=-4))
    learner = make_learner()
    with pytest.raises(CodeNotValidNowError, match=r"expired on .*cme@lakeshore\.example"):
        enter_code(learner, code.code, IP)
    assert not Enrollment.objects.filter(user=learner).exists()


def test_code_outside_its_dates_does_not_count_towards_the_lockout() -> None:
    code = session_code(starts=timedelta(days=2))
    learner = make_learner()
    for _ in range(6):
        with pytest.raises(CodeNotValidNowError):
            enter_code(learner, code.code, IP)
    assert locked_until(learner, IP) is None


def test_session_code_valid_for_the_activitys_code_days() -> None:
    workshop = make_activity(attendance_code_days=10)
    start = timezone.now()
    code = create_session_code(workshop, label="Evening", starts_at=start, by=None)
    assert code.kind == CodeKind.SESSION
    assert code.source == CodeSource.LIVE_SESSION
    assert code.valid_until == start + timedelta(days=10)


def test_creating_the_same_session_code_twice_returns_the_first() -> None:
    workshop = make_activity()
    start = timezone.now()
    coordinator = make_coordinator()
    first = create_session_code(workshop, label="Evening", starts_at=start, by=coordinator)
    again = create_session_code(workshop, label=" Evening ", starts_at=start, by=coordinator)
    assert first.pk == again.pk
    assert LogEntry.objects.filter(action="attendance_code.session_created").count() == 1


def test_online_courses_get_no_session_codes() -> None:
    with pytest.raises(SessionCodeError, match="personal code"):
        create_session_code(make_online_course(), label="X", starts_at=timezone.now(), by=None)


def test_session_code_needs_a_label() -> None:
    with pytest.raises(SessionCodeError, match="label"):
        create_session_code(make_activity(), label="  ", starts_at=timezone.now(), by=None)


def test_audience_is_checked() -> None:
    members_only = make_activity(audience=Audience.MEMBERS)
    code = session_code(members_only)
    learner = make_learner()
    with pytest.raises(CodeRefusedError, match="intended audience"):
        enter_code(learner, code.code, IP)
    assert not Enrollment.objects.filter(user=learner).exists()


def test_online_course_code_before_modules_complete_is_refused() -> None:
    course = make_online_course()
    learner = make_learner()
    enrollment = make_enrollment(learner, course, modules_completed_at=timezone.now())
    code = issue_course_code(enrollment)
    enrollment.modules_completed_at = None
    enrollment.save()
    with pytest.raises(CodeRefusedError, match="required module"):
        enter_code(learner, code.code, IP)
    enrollment.refresh_from_db()
    assert enrollment.code_verified_at is None


# --- Idempotency --------------------------------------------------------------------------


def test_entering_the_same_code_twice_just_sends_the_learner_on() -> None:
    code = session_code()
    learner = make_learner()
    first = enter_code(learner, code.code, IP)
    verified_at = first.enrollment.code_verified_at
    second = enter_code(learner, code.code, IP)
    assert first.newly_verified and not second.newly_verified
    assert second.enrollment.pk == first.enrollment.pk
    assert Enrollment.objects.filter(user=learner).count() == 1
    second.enrollment.refresh_from_db()
    assert second.enrollment.code_verified_at == verified_at
    assert LogEntry.objects.filter(action="enrollment.code_verified").count() == 1


# --- Lockout ------------------------------------------------------------------------------


def test_four_wrong_tries_do_not_lock() -> None:
    learner = make_learner()
    wrong_tries(learner, 4)
    assert locked_until(learner, IP) is None


def test_fifth_wrong_try_locks_the_learner_for_15_minutes() -> None:
    learner = make_learner()
    wrong_tries(learner, 4)
    with pytest.raises(CodeEntryLockedError, match="try again after") as locked:
        enter_code(learner, "ZZZZZZ", IP)
    fifth = CodeEntryAttempt.objects.filter(user=learner).latest("attempted_at")
    assert locked.value.until == fifth.attempted_at + timedelta(minutes=15)


def test_while_locked_even_the_right_code_is_refused_and_not_stored() -> None:
    code = session_code()
    learner = make_learner()
    wrong_tries(learner, 5)
    with pytest.raises(CodeEntryLockedError):
        enter_code(learner, code.code, IP)
    assert CodeEntryAttempt.objects.filter(user=learner).count() == 5
    assert not Enrollment.objects.filter(user=learner).exists()


def test_lock_applies_to_the_learner_from_any_ip_address() -> None:
    learner = make_learner()
    wrong_tries(learner, 5, ip="198.51.100.1")
    with pytest.raises(CodeEntryLockedError):
        enter_code(learner, "ABCDEF", "198.51.100.2")


def test_lock_applies_to_the_ip_address_for_every_learner() -> None:
    for _ in range(5):
        wrong_tries(make_learner(), 1)
    code = session_code()
    with pytest.raises(CodeEntryLockedError):
        enter_code(make_learner(), code.code, IP)
    # Another address is not affected.
    assert enter_code(make_learner(), code.code, "192.0.2.55").newly_verified


def test_a_room_sharing_one_address_can_be_given_a_higher_limit(settings: Any) -> None:
    settings.CODE_ENTRY_WRONG_TRIES_PER_IP = 20
    for _ in range(5):
        wrong_tries(make_learner(), 1)
    code = session_code()
    assert enter_code(make_learner(), code.code, IP).newly_verified
    # The per-learner limit is unchanged.
    learner = make_learner()
    wrong_tries(learner, 5, ip="198.51.100.9")
    with pytest.raises(CodeEntryLockedError):
        enter_code(learner, code.code, "198.51.100.9")


def test_lock_expires_15_minutes_after_the_fifth_failure() -> None:
    code = session_code()
    learner = make_learner()
    wrong_tries(learner, 5)
    age_attempts(user=learner)
    assert locked_until(learner, IP) is None
    assert enter_code(learner, code.code, IP).newly_verified


def test_wrong_tries_spread_over_more_than_15_minutes_do_not_lock() -> None:
    learner = make_learner()
    wrong_tries(learner, 3)
    age_attempts(user=learner)
    wrong_tries(learner, 2)
    assert locked_until(learner, IP) is None


def test_badly_shaped_entries_do_not_count_as_wrong_tries() -> None:
    learner = make_learner()
    for _ in range(6):
        with pytest.raises(CodeShapeError):
            enter_code(learner, "ABC", IP)
    assert locked_until(learner, IP) is None
    assert CodeEntryAttempt.objects.filter(user=learner).count() == 6


def test_a_lockout_is_logged_for_the_coordinator(caplog: pytest.LogCaptureFixture) -> None:
    learner = make_learner(email="guesser@example.org")
    with caplog.at_level("WARNING", logger="equitylens.security"):
        wrong_tries(learner, 5)
    entries = LogEntry.objects.filter(action="code_entry.locked")
    assert sorted(e.data["scope"] for e in entries) == ["ip", "learner"]
    assert all(e.actor == learner for e in entries)
    assert "code entry locked" in caplog.text and "guesser@example.org" in caplog.text
    lockouts = recent_lockouts()
    assert {lockout.scope for lockout in lockouts} == {"Learner", "IP address"}
    assert lockouts[0].entered == ["ZZZZZZ"] * 5
    assert lockouts[0].ip_address == IP


def test_wrong_code_warns_when_few_tries_are_left() -> None:
    learner = make_learner()
    wrong_tries(learner, 2)
    with pytest.raises(WrongCodeError, match="2 more wrong tries will pause"):
        enter_code(learner, "ZZZZZZ", IP)
