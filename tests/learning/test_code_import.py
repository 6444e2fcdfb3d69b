"""Importing LMS codes from CSV: all rows or none, each problem located, re-import is a no-op."""

from __future__ import annotations

import pytest
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.learning.models import AttendanceCode, CodeKind, CodeSource
from equitylens.learning.services.code_import import ImportRowError, import_lms_codes
from equitylens.learning.services.codes import create_session_code, issue_course_code
from tests.factories import (
    make_activity,
    make_coordinator,
    make_enrollment,
    make_learner,
    make_online_course,
)

pytestmark = pytest.mark.django_db

GOOD = "email,code\nana@example.org,ABCDEF\nben@example.org,GHJKMN\n"


def problems(result: object) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in result.errors]  # type: ignore[attr-defined]


def test_a_valid_file_creates_personal_lms_codes() -> None:
    course = make_online_course()
    coordinator = make_coordinator()
    result = import_lms_codes(course, GOOD, coordinator)
    assert result.ok and result.created == 2 and result.unchanged == 0
    code = AttendanceCode.objects.get(code="ABCDEF")
    assert (code.activity, code.kind, code.source, code.email) == (
        course,
        CodeKind.PERSONAL,
        CodeSource.LMS_IMPORT,
        "ana@example.org",
    )
    assert code.created_by == coordinator
    entry = LogEntry.objects.get(action="attendance_codes.imported")
    assert entry.actor == coordinator and entry.data == {"created": 2}


def test_headers_any_case_any_order_with_whitespace_and_extra_columns() -> None:
    text = "\ufeff Code , E-mail note, EMAIL \n abc-def , x, Ana@Example.org \n\n"
    result = import_lms_codes(make_online_course(), text, None)
    assert result.ok and result.created == 1
    assert AttendanceCode.objects.get(code="ABCDEF").email == "ana@example.org"


def test_reimporting_the_same_file_changes_nothing() -> None:
    course = make_online_course()
    import_lms_codes(course, GOOD, None)
    again = import_lms_codes(course, GOOD, None)
    assert again.ok and again.created == 0 and again.unchanged == 2
    assert AttendanceCode.objects.count() == 2
    assert LogEntry.objects.filter(action="attendance_codes.imported").count() == 1


def test_every_bad_row_is_listed_and_nothing_is_imported() -> None:
    text = (
        "email,code\n"
        "ok@example.org,ABCDEF\n"  # line 2 fine
        "not-an-email,GHJKMN\n"  # line 3 bad e-mail
        "cara@example.org,ABCDE\n"  # line 4 too short
        "dan@example.org,AB12EF\n"  # line 5 digits
        "eve@example.org,ABCDEF\n"  # line 6 code duplicates line 2
        "ok@example.org,PQRSTU\n"  # line 7 e-mail duplicates line 2
    )
    result = import_lms_codes(make_online_course(), text, None)
    assert not result.ok and result.created == 0
    assert problems(result) == [
        (3, "email"),
        (4, "code"),
        (5, "code"),
        (6, "code"),
        (7, "email"),
    ]
    messages = [e.message for e in result.errors]
    assert "“not-an-email” is not a valid e-mail address." in messages
    assert "has 5 characters" in messages[1]
    assert "also on line 2" in messages[3]
    assert AttendanceCode.objects.count() == 0


def test_a_code_used_by_someone_else_is_refused() -> None:
    other_course = make_online_course()
    import_lms_codes(other_course, "email,code\nzoe@example.org,ABCDEF\n", None)
    workshop = make_activity()
    session = create_session_code(workshop, label="S", starts_at=timezone.now(), by=None)
    text = f"email,code\nana@example.org,ABCDEF\nben@example.org,{session.code}\n"
    result = import_lms_codes(make_online_course(), text, None)
    assert problems(result) == [(2, "code"), (3, "code")]
    assert "already used by someone else" in result.errors[0].message
    assert not AttendanceCode.objects.filter(email="ana@example.org").exists()


def test_a_learner_with_a_different_code_for_the_activity_is_refused() -> None:
    course = make_online_course()
    learner = make_learner(email="fin@example.org")
    enrollment = make_enrollment(learner, course, modules_completed_at=timezone.now())
    issued = issue_course_code(enrollment)
    result = import_lms_codes(course, "email,code\nfin@example.org,ABCDEF\n", None)
    assert result.errors == [
        ImportRowError(
            2,
            "code",
            f"fin@example.org already has the code {issued.code} for this activity; "
            "use that code or leave this row out.",
        )
    ]


def test_missing_header_is_reported_on_line_1() -> None:
    result = import_lms_codes(make_online_course(), "ana@example.org,ABCDEF\n", None)
    assert problems(result) == [(1, "header")]
    assert AttendanceCode.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   \n", "email,code\n"])
def test_empty_files_are_refused(text: str) -> None:
    result = import_lms_codes(make_online_course(), text, None)
    assert problems(result) == [(1, "file")]


def test_codes_are_linked_to_existing_enrollments() -> None:
    course = make_online_course()
    learner = make_learner(email="ana@example.org")
    enrollment = make_enrollment(learner, course)
    import_lms_codes(course, GOOD, None)
    assert AttendanceCode.objects.get(code="ABCDEF").enrollment == enrollment
    assert AttendanceCode.objects.get(code="GHJKMN").enrollment is None
