"""An uploaded extract as the web form judges it, before anything is saved.

Checks read only the file's header (a CSV's first line, a Parquet file's schema), so a large
upload is judged in milliseconds. Whether outcomes hold only 0 and 1 needs a scan of the data:
the background run checks that and its message appears on the run's page. Every refusal
names the form field and the fix; the columns of the file are listed so the user can pick.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

FORMATS = (".csv", ".parquet")
REFERENCE_RULES = ("largest", "best")
MIN_CELL_FLOOR = 11
_HEADER_LIMIT = 1024 * 1024
_LISTED_COLUMNS = 40


@dataclass(frozen=True)
class UploadProblem:
    """One reason an upload was refused: the form field it concerns and what to do."""

    field: str
    message: str


class RunUploadError(Exception):
    """The upload was refused and nothing was saved; `problems` names each field and fix."""

    def __init__(self, problems: list[UploadProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def max_upload_mb() -> float:
    """The upload limit in MB (setting DISPARITIES_MAX_UPLOAD_MB, default 500)."""
    return float(settings.DISPARITIES_MAX_UPLOAD_MB)


def new_upload_token() -> str:
    """A one-time token for one rendering of the upload form (double-submit guard)."""
    return secrets.token_urlsafe(24)


def _mb(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def parse_columns(text: str) -> list[str]:
    """Column names separated by commas or new lines; blanks dropped, order kept."""
    return [name for name in (p.strip() for p in re.split(r"[,\n]", text or "")) if name]


def parse_references(text: str, groups: list[str]) -> tuple[dict[str, str], list[str]]:
    """COLUMN=VALUE entries (one a line, or separated by commas) and the problems found."""
    reference: dict[str, str] = {}
    problems: list[str] = []
    for raw in re.split(r"[,\n]", text or ""):
        entry = raw.strip()
        if not entry:
            continue
        column, sep, value = (part.strip() for part in entry.partition("="))
        if not sep or not column or not value:
            problems.append(f"“{entry[:60]}” must read COLUMN=VALUE, e.g. race_ethnicity=White.")
        elif column not in groups:
            problems.append(
                f"“{column}” is not one of the group columns ({', '.join(groups) or 'none given'})"
                "; add it to the group columns or remove its reference."
            )
        elif column in reference:
            problems.append(f"“{column}” has two references; keep one.")
        else:
            reference[column] = value
    return reference, problems


def read_header(fileobj: IO[bytes], name: str) -> list[str]:
    """The column names of a CSV or Parquet file, reading only its header or schema.

    Raises ValueError with a message for the user when the file is empty or unreadable.
    """
    fileobj.seek(0)
    try:
        if Path(name).suffix.lower() == ".parquet":
            return _parquet_header(fileobj)
        return _csv_header(fileobj)
    finally:
        fileobj.seek(0)


def _parquet_header(fileobj: IO[bytes]) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(fileobj).metadata
    except (pa.ArrowException, OSError) as error:
        first = (str(error).splitlines() or [type(error).__name__])[0][:160]
        raise ValueError(
            f"The file could not be read as Parquet ({first}). It may be incomplete or "
            "damaged: export it again and upload it."
        ) from error
    if metadata.num_rows == 0:
        raise ValueError("The Parquet file has no rows; export the extract again with its data.")
    return [str(field.name) for field in metadata.schema.to_arrow_schema()]


def _csv_header(fileobj: IO[bytes]) -> list[str]:
    head = fileobj.read(_HEADER_LIMIT)
    if not head.strip():
        raise ValueError("The file is empty: its first line must name the columns.")
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(head, final=len(head) < _HEADER_LIMIT)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"The CSV file is not UTF-8 text (byte {error.start + 1}). Save it as “CSV UTF-8” "
            "and upload it again."
        ) from error
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, [])
        first = next(rows, None)
    except csv.Error as error:
        raise ValueError(f"The CSV header could not be read: {error}.") from error
    if not any(cell.strip() for cell in header):
        raise ValueError("The file is empty: its first line must name the columns.")
    if first is None and len(head) < _HEADER_LIMIT:
        raise ValueError("The CSV file has a header but no rows below it.")
    return [cell.strip() for cell in header]


def check_upload(
    upload: UploadedFile | None,
    *,
    groups_text: str,
    outcomes_text: str,
    references_text: str,
    reference_rule: str,
    min_cell: Any,
) -> dict[str, Any]:
    """The run options of a valid upload, as stored in DisparityRun.options.

    Checks all at once: a file was chosen; it is .csv or .parquet; it is within the size
    limit; it has a header and rows; every group and outcome column is in the header (the
    message lists the file's columns); a column is not both a group and an outcome;
    references read COLUMN=VALUE for a group column; the rule is largest or best; the
    minimum cell is a whole number of at least 11. Reads only the header. Raises
    RunUploadError listing every problem; saves nothing.
    """
    problems: list[UploadProblem] = []
    groups = list(dict.fromkeys(parse_columns(groups_text)))
    outcomes = list(dict.fromkeys(parse_columns(outcomes_text)))
    if not groups:
        problems.append(UploadProblem("groups", "Name at least one group column, e.g. race."))
    if not outcomes:
        problems.append(
            UploadProblem("outcomes", "Name at least one 0/1 outcome column, e.g. screened.")
        )
    both = [c for c in groups if c in outcomes]
    if both:
        problems.append(
            UploadProblem("outcomes", f"{', '.join(both)} cannot be a group and an outcome.")
        )
    reference, reference_problems = parse_references(references_text, groups)
    problems += [UploadProblem("references", message) for message in reference_problems]
    if reference_rule not in REFERENCE_RULES:
        problems.append(
            UploadProblem("reference_rule", "Choose the largest group or the best-rate group.")
        )
    cell = _min_cell(min_cell, problems)
    columns = _checked_columns(upload, problems)
    if columns is not None:
        available = ", ".join(columns[:_LISTED_COLUMNS]) + (
            f" and {len(columns) - _LISTED_COLUMNS} more" if len(columns) > _LISTED_COLUMNS else ""
        )
        for field, wanted in (("groups", groups), ("outcomes", outcomes)):
            missing = [c for c in wanted if c not in columns]
            if missing:
                noun = "is not a column" if len(missing) == 1 else "are not columns"
                problems.append(
                    UploadProblem(
                        field,
                        f"{', '.join(missing)} {noun} of the file. Its columns are: {available}.",
                    )
                )
    if problems:
        raise RunUploadError(problems)
    return {
        "groups": groups,
        "outcomes": outcomes,
        "reference": reference,
        "reference_rule": reference_rule,
        "min_cell": cell,
    }


def _min_cell(value: Any, problems: list[UploadProblem]) -> int:
    try:
        cell = int(str(value).strip())
    except ValueError:
        problems.append(UploadProblem("min_cell", "Give the minimum cell as a whole number."))
        return MIN_CELL_FLOOR
    if cell < MIN_CELL_FLOOR:
        problems.append(
            UploadProblem(
                "min_cell",
                f"The minimum cell must be at least {MIN_CELL_FLOOR} to protect patients; "
                f"you entered {cell}.",
            )
        )
    return cell


def _checked_columns(
    upload: UploadedFile | None, problems: list[UploadProblem]
) -> list[str] | None:
    """The file's columns, or None after adding the problem that stops reading it."""
    if upload is None:
        problems.append(UploadProblem("data_file", "Choose a .csv or .parquet file."))
        return None
    name = upload.name or ""
    if Path(name).suffix.lower() not in FORMATS:
        problems.append(
            UploadProblem(
                "data_file",
                f"“{name}” is not a .csv or .parquet file; export the extract as one of those.",
            )
        )
        return None
    limit = max_upload_mb()
    size = upload.size or 0
    if size > limit * 1024 * 1024:
        problems.append(
            UploadProblem(
                "data_file",
                f"The file is {_mb(size / 1024 / 1024)} MB; the limit is {_mb(limit)} MB. Upload "
                "a Parquet file (smaller than CSV), fewer columns, or ask for a higher limit.",
            )
        )
        return None
    if size == 0:
        problems.append(UploadProblem("data_file", "The file is empty (0 bytes)."))
        return None
    try:
        return read_header(upload, name)
    except ValueError as error:
        problems.append(UploadProblem("data_file", str(error)))
        return None
