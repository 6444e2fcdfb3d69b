"""Importing personal codes issued by an organization's LMS (a CSV of e-mails and codes).

The file has a header row naming the columns `email` and `code` (any case, any order,
extra whitespace ignored; other columns are ignored). The import is all-or-nothing:
every bad row is reported with its line number, the field and the reason, and nothing
is imported until the whole file is valid. Importing the same file again changes
nothing (rows already imported are counted as unchanged).

Imported codes are personal: they work only for the learner signed in with that
e-mail address (see learning.services.code_entry). The LMS shows learners their code,
so no e-mail is sent here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import AttendanceCode, CodeKind, CodeSource, Enrollment
from equitylens.learning.services.code_entry import CODE_SHAPE
from equitylens.learning.services.codes import normalize_code

MAX_ROWS = 5000
REQUIRED_COLUMNS = ("email", "code")


@dataclass(frozen=True)
class ImportRowError:
    """One problem in the file: where (line, field) and what to fix."""

    line: int
    field: str
    message: str


@dataclass
class ImportResult:
    """What an import did: codes created, rows already present, or the problems found."""

    created: int = 0
    unchanged: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    email: str
    code: str


def _read_rows(csv_text: str, result: ImportResult) -> list[_Row]:
    """The data rows, or [] with `result.errors` filled when the file cannot be read."""
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header: list[str] | None = None
    rows: list[_Row] = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in record]
            missing = [name for name in REQUIRED_COLUMNS if name not in header]
            if missing:
                result.errors.append(
                    ImportRowError(
                        reader.line_num,
                        "header",
                        f"The first row must name the columns “email” and “code” "
                        f"(found: {', '.join(record) or 'nothing'}).",
                    )
                )
                return []
            continue
        cells = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(header)
        }
        rows.append(_Row(reader.line_num, cells["email"].lower(), cells["code"]))
        if len(rows) > MAX_ROWS:
            result.errors.append(
                ImportRowError(
                    reader.line_num, "file", f"Import at most {MAX_ROWS} rows at a time."
                )
            )
            return []
    if header is None:
        result.errors.append(
            ImportRowError(1, "file", "The file is empty. The first row must be “email,code”.")
        )
    elif not rows:
        result.errors.append(
            ImportRowError(1, "file", "The file has a header but no rows of e-mails and codes.")
        )
    return rows


def _check_row(
    row: _Row, seen_email: dict[str, int], seen_code: dict[str, int]
) -> list[ImportRowError]:
    errors: list[ImportRowError] = []
    try:
        validate_email(row.email)
    except ValidationError:
        shown = row.email or "(blank)"
        errors.append(
            ImportRowError(row.line, "email", f"“{shown}” is not a valid e-mail address.")
        )
    code = normalize_code(row.code)
    if not CODE_SHAPE.match(code):
        errors.append(
            ImportRowError(
                row.line,
                "code",
                f"Codes must be 6 letters (A–Z); “{row.code or '(blank)'}” has "
                f"{len(code)} character{'s' if len(code) != 1 else ''}"
                f"{'' if code.isalpha() or not code else ', not all letters'}.",
            )
        )
    if row.email in seen_email:
        errors.append(
            ImportRowError(
                row.line,
                "email",
                f"{row.email} is also on line {seen_email[row.email]}; each learner has one code.",
            )
        )
    if code and code in seen_code:
        errors.append(
            ImportRowError(row.line, "code", f"{code} is also on line {seen_code[code]}.")
        )
    seen_email.setdefault(row.email, row.line)
    if code:
        seen_code.setdefault(code, row.line)
    return errors


def _check_against_database(
    activity: Activity, rows: list[_Row]
) -> tuple[list[ImportRowError], list[_Row], int]:
    """Errors for clashes with stored codes; the rows to create; how many are already there."""
    codes = {normalize_code(row.code) for row in rows}
    emails = {row.email for row in rows}
    by_code = {c.code: c for c in AttendanceCode.objects.filter(code__in=codes)}
    mine = {
        c.email.lower(): c
        for c in AttendanceCode.objects.filter(
            activity=activity, kind=CodeKind.PERSONAL, email__in=emails
        )
    }
    errors: list[ImportRowError] = []
    to_create: list[_Row] = []
    unchanged = 0
    for row in rows:
        code = normalize_code(row.code)
        stored = by_code.get(code)
        held = mine.get(row.email)
        if stored is not None and not (
            stored.activity_id == activity.pk
            and stored.kind == CodeKind.PERSONAL
            and stored.email.lower() == row.email
        ):
            errors.append(
                ImportRowError(
                    row.line,
                    "code",
                    f"{code} is already used by someone else; give this learner another code.",
                )
            )
        elif held is not None and held.code != code:
            errors.append(
                ImportRowError(
                    row.line,
                    "code",
                    f"{row.email} already has the code {held.code} for this activity; "
                    "use that code or leave this row out.",
                )
            )
        elif stored is not None:
            unchanged += 1
        else:
            to_create.append(row)
    return errors, to_create, unchanged


def import_lms_codes(activity: Activity, csv_text: str, by: Any) -> ImportResult:
    """Import personal codes for `activity` from an LMS's CSV; all-or-nothing, idempotent.

    Returns an ImportResult: on any problem `errors` lists every bad row (line, field,
    reason) and nothing is stored. Otherwise the new codes are created in one
    transaction (linked to the learner's enrollment when one exists) and the import
    is logged to the audit trail; rows already imported count as `unchanged`.
    """
    result = ImportResult()
    rows = _read_rows(csv_text, result)
    if result.errors:
        return result
    seen_email: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    for row in rows:
        result.errors.extend(_check_row(row, seen_email, seen_code))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            errors, to_create, result.unchanged = _check_against_database(activity, rows)
            if errors:
                result.errors = errors
                return result
            _create_codes(activity, to_create, by)
    except IntegrityError:
        # Another import or a learner's new code took one of these codes meanwhile.
        return ImportResult(
            errors=[ImportRowError(0, "file", "Codes changed while importing; import again.")]
        )
    result.created = len(to_create)
    return result


def _create_codes(activity: Activity, rows: list[_Row], by: Any) -> None:
    if not rows:
        return
    enrollments = {
        e.user.email.lower(): e
        for e in Enrollment.objects.filter(
            activity=activity, user__email__in=[row.email for row in rows]
        ).select_related("user")
    }
    now = timezone.now()
    AttendanceCode.objects.bulk_create(
        [
            AttendanceCode(
                code=normalize_code(row.code),
                activity=activity,
                kind=CodeKind.PERSONAL,
                source=CodeSource.LMS_IMPORT,
                email=row.email,
                enrollment=enrollments.get(row.email),
                valid_from=now,
                created_by=by,
            )
            for row in rows
        ]
    )
    log_action(by, "attendance_codes.imported", activity, created=len(rows))
