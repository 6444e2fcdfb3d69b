"""A clinical-note upload as the user sees it: its checks, and what a failure says.

The checks run before anything is saved (file type, size, columns) and read only what
they need (a CSV's header and first row, a Parquet file's schema), so a 200 MB upload is
judged in milliseconds. Every refusal names the form field and the fix; a failed audit's
message says what to do, never with a stack trace.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

REQUIRED_COLUMNS = ("note_id", "patient_id", "text")
FORMATS = (".csv", ".parquet")
_HEADER_LIMIT = 1024 * 1024  # header + first row read to check a CSV's columns


@dataclass(frozen=True)
class UploadProblem:
    """One reason an upload was refused: the form field it concerns and what to do."""

    field: str
    message: str


class AuditUploadError(Exception):
    """The upload was refused; nothing was saved. `problems` names each field and the fix."""

    def __init__(self, problems: list[UploadProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def max_upload_mb() -> float:
    """The upload limit in MB (setting NOTE_AUDIT_MAX_UPLOAD_MB, default 200)."""
    return float(getattr(settings, "NOTE_AUDIT_MAX_UPLOAD_MB", 200))


def _mb(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def new_upload_token() -> str:
    """A one-time token for one rendering of the upload form (double-submit guard)."""
    return secrets.token_urlsafe(24)


def parse_groups(text: str) -> list[str]:
    """Column names separated by commas or new lines, blanks dropped, order kept."""
    names = [part.strip() for part in re.split(r"[,\n]", text or "")]
    return [name for name in names if name]


def parse_reference(text: str, groups: list[str]) -> tuple[dict[str, str], list[str]]:
    """COLUMN=VALUE lines as a dict, and the problems found (each naming its line)."""
    reference: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        column, sep, value = (part.strip() for part in line.partition("="))
        if not sep or not column or not value:
            problems.append(
                f"Line {number} (“{line[:60]}”) must read COLUMN=VALUE, e.g. race_ethnicity=White."
            )
        elif column not in groups:
            problems.append(
                f"Line {number}: “{column}” is not one of the group columns "
                f"({', '.join(groups) or 'none given'}); add it to the group columns or remove "
                "the line."
            )
        elif column in reference:
            problems.append(f"Line {number}: “{column}” has a reference already; keep one line.")
        else:
            reference[column] = value
    return reference, problems


def read_columns(fileobj: IO[bytes], name: str) -> list[str]:
    """The column names of a notes file, reading only its header (and first CSV row) or
    Parquet schema. Raises ValueError with a message for the user when unreadable."""
    suffix = Path(name).suffix.lower()
    fileobj.seek(0)
    try:
        if suffix == ".parquet":
            return _parquet_columns(fileobj)
        return _csv_columns(fileobj)
    finally:
        fileobj.seek(0)


def _parquet_columns(fileobj: IO[bytes]) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(fileobj).metadata
    except (pa.ArrowException, OSError) as error:
        raise ValueError(
            f"The file could not be read as Parquet ({readable_error(error)}). It may be "
            "incomplete or damaged: export it again and upload it."
        ) from error
    if metadata.num_rows == 0:
        raise ValueError("The Parquet file has no rows.")
    return [str(field.name) for field in metadata.schema.to_arrow_schema()]


def _csv_columns(fileobj: IO[bytes]) -> list[str]:
    head = fileobj.read(_HEADER_LIMIT)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(head, final=len(head) < _HEADER_LIMIT)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"The CSV file is not UTF-8 text (byte {error.start + 1} of the header). Save it "
            "as “CSV UTF-8” and upload it again."
        ) from error
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, [])
        first = next(rows, None)
    except csv.Error as error:
        raise ValueError(f"The CSV header could not be read: {error}.") from error
    if not any(cell.strip() for cell in header):
        raise ValueError("The CSV file is empty: its first line must name the columns.")
    if first is None and len(head) < _HEADER_LIMIT:
        raise ValueError("The CSV file has a header but no notes below it.")
    return [cell.strip() for cell in header]


def check_upload(
    upload: UploadedFile | None, groups_text: str, reference_text: str
) -> tuple[list[str], dict[str, str]]:
    """The group columns and reference values of a valid upload.

    Checks, in order and all at once: a file was chosen, it is .csv or .parquet, it is within
    the size limit, its header has note_id, patient_id and text, and every group column exists
    (and is not one of those three); reference lines read COLUMN=VALUE for a group column.
    Reads only the header. Raises AuditUploadError listing every problem; saves nothing.
    """
    problems: list[UploadProblem] = []
    groups = parse_groups(groups_text)
    reference, reference_problems = parse_reference(reference_text, groups)
    problems += [UploadProblem("reference", message) for message in reference_problems]
    if not groups:
        problems.append(
            UploadProblem("groups", "Name at least one patient-group column, e.g. race_ethnicity.")
        )
    duplicates = sorted({g for g in groups if groups.count(g) > 1})
    if duplicates:
        problems.append(UploadProblem("groups", f"Listed twice: {', '.join(duplicates)}."))
    columns = _checked_columns(upload, problems)
    if columns is not None:
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            problems.append(
                UploadProblem(
                    "notes_file",
                    f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}"
                    f". Its columns are: {', '.join(columns[:30]) or 'none'}. Every notes file "
                    "needs note_id, patient_id and text.",
                )
            )
        for group in dict.fromkeys(groups):
            if group in REQUIRED_COLUMNS:
                problems.append(
                    UploadProblem("groups", f"“{group}” is not a patient attribute; remove it.")
                )
            elif group not in columns:
                problems.append(
                    UploadProblem(
                        "groups",
                        f"“{group}” is not a column of the file. Its other columns are: "
                        f"{', '.join(c for c in columns if c not in REQUIRED_COLUMNS) or 'none'}.",
                    )
                )
    if problems:
        raise AuditUploadError(problems)
    return list(dict.fromkeys(groups)), reference


def _checked_columns(
    upload: UploadedFile | None, problems: list[UploadProblem]
) -> list[str] | None:
    """The file's columns, or None after adding the problem that stops reading it."""
    if upload is None:
        problems.append(UploadProblem("notes_file", "Choose a .csv or .parquet file of notes."))
        return None
    name = upload.name or ""
    if Path(name).suffix.lower() not in FORMATS:
        problems.append(
            UploadProblem(
                "notes_file",
                f"“{name}” is not a .csv or .parquet file; export the notes in one of those.",
            )
        )
        return None
    limit = max_upload_mb()
    if (upload.size or 0) > limit * 1024 * 1024:
        problems.append(
            UploadProblem(
                "notes_file",
                f"The file is {_mb((upload.size or 0) / 1024 / 1024)} MB; the limit is "
                f"{_mb(limit)} MB. Split the notes into smaller files, or ask for a higher limit.",
            )
        )
        return None
    try:
        return read_columns(upload, name)
    except ValueError as error:
        problems.append(UploadProblem("notes_file", str(error)))
        return None


def readable_error(error: BaseException) -> str:
    """The first line of an error's message, cut before any quoted data it may carry."""
    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    line = ": ".join(line.split(": ")[:2])
    return line[:200].rstrip(" .")


# --- What a failed audit says -----------------------------------------------------------


def failure_message(error: BaseException, audit_id: int) -> str:
    """What the user reads when an audit fails: the input problems, or what could not be
    read, or (for anything unexpected) that it was an internal error — never a trace."""
    from equitylens.language.services.audit.run import AuditInputError

    if isinstance(error, AuditInputError):
        # The engine speaks to the command line; the web form names the same things so.
        problems = " ".join(error.problems)
        problems = problems.replace("--reference ", "Reference ").replace("--group ", "Group ")
        return "The notes could not be audited: " + problems
    if isinstance(error, FileNotFoundError):
        return "The uploaded file is no longer on the server; upload it again."
    if isinstance(error, UnicodeDecodeError):
        return "The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."
    if isinstance(error, MemoryError):
        return "The file was too large to audit in memory; split it into smaller files."
    if _unreadable_file(error):
        return (
            f"The notes file could not be read ({readable_error(error)}). It may be incomplete or "
            "damaged: export it again and upload it."
        )
    return (
        f"The audit stopped because of an internal error (audit {audit_id}); nothing was "
        "kept. Try again later; if it fails again, tell the Equity Lens team this number."
    )


def _unreadable_file(error: BaseException) -> bool:
    """True for the errors of reading a damaged or malformed file (pyarrow reports a bad
    Parquet page as an OSError without an errno; a full disk has one)."""
    import pyarrow as pa

    if isinstance(error, OSError):
        return error.errno is None
    return (
        isinstance(error, pa.ArrowException | csv.Error)
        or type(error).__module__.split(".")[0] == "pandas"
    )
