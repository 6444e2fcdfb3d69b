"""A clinical-note upload's checks (before anything is saved) and what a failure says."""

from __future__ import annotations

import errno
import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equitylens.language.services.audit.run import AuditInputError
from equitylens.language.services.audit_uploads import (
    AuditUploadError,
    check_upload,
    failure_message,
)

HEADER = "note_id,patient_id,text,race_ethnicity,sex\n"
ROWS = (
    "n1,p1,Patient was agitated overnight.,White,Female\nn2,p2,Calm and cooperative.,Black,Male\n"
)


def csv_upload(text: str = HEADER + ROWS, name: str = "notes.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def parquet_bytes(columns: dict[str, list[str]]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def problems_of(error: pytest.ExceptionInfo[AuditUploadError]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.value.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def test_a_csv_without_the_required_columns_is_refused_naming_them_and_its_columns() -> None:
    upload = csv_upload("id,patient,text,race_ethnicity\n1,2,three,White\n")
    with pytest.raises(AuditUploadError) as error:
        check_upload(upload, "race_ethnicity", "")
    (message,) = problems_of(error)["notes_file"]
    assert "no note_id, patient_id columns" in message
    assert "Its columns are: id, patient, text, race_ethnicity" in message


def test_an_unknown_group_column_is_named_with_the_columns_available() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(), "race_ethnicity, insurance\nnote_id", "")
    messages = problems_of(error)["groups"]
    assert any(
        "“insurance” is not a column of the file" in m and "race_ethnicity, sex" in m
        for m in messages
    )
    assert any("“note_id” is not a patient attribute" in m for m in messages)


def test_groups_are_required_and_read_from_commas_or_lines() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(), " ,\n", "")
    assert problems_of(error)["groups"] == [
        "Name at least one patient-group column, e.g. race_ethnicity."
    ]
    assert check_upload(csv_upload(), "race_ethnicity,\nsex", "sex = Female") == (
        ["race_ethnicity", "sex"],
        {"sex": "Female"},
    )


def test_reference_lines_must_read_column_equals_value_for_a_group_column() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(), "race_ethnicity", "race_ethnicity White\nsex=Male\n")
    first, second = problems_of(error)["reference"]
    assert first.startswith("Line 1 (“race_ethnicity White”) must read COLUMN=VALUE")
    assert second.startswith("Line 2: “sex” is not one of the group columns (race_ethnicity)")


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(settings: Any) -> None:
    settings.NOTE_AUDIT_MAX_UPLOAD_MB = 1
    big = HEADER + ROWS * 20_000  # about 1.6 MB
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(big), "race_ethnicity", "")
    (message,) = problems_of(error)["notes_file"]
    assert message.startswith("The file is 1.")
    assert "the limit is 1 MB" in message


def test_only_csv_and_parquet_files_are_taken() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(name="notes.xlsx"), "race_ethnicity", "")
    assert problems_of(error)["notes_file"] == [
        "“notes.xlsx” is not a .csv or .parquet file; export the notes in one of those."
    ]


def test_a_parquet_file_is_judged_by_its_schema() -> None:
    good = parquet_bytes({"note_id": ["1"], "patient_id": ["p"], "text": ["t"], "sex": ["Male"]})
    assert check_upload(SimpleUploadedFile("n.parquet", good), "sex", "") == (["sex"], {})
    lacking = parquet_bytes({"note_id": ["1"], "text": ["t"], "sex": ["Male"]})
    with pytest.raises(AuditUploadError) as error:
        check_upload(SimpleUploadedFile("n.parquet", lacking), "sex", "")
    assert "no patient_id column." in problems_of(error)["notes_file"][0]


def test_a_damaged_parquet_or_a_non_utf8_csv_is_refused_before_saving() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(SimpleUploadedFile("n.parquet", b"PAR1 not really"), "sex", "")
    assert problems_of(error)["notes_file"][0].startswith("The file could not be read as Parquet")
    latin1 = (HEADER + "n1,p1,Café visit,White,Female\n").encode("latin-1")
    with pytest.raises(AuditUploadError) as error:
        check_upload(SimpleUploadedFile("n.csv", latin1), "sex", "")
    assert "is not UTF-8 text" in problems_of(error)["notes_file"][0]


def test_a_csv_with_a_header_only_is_refused() -> None:
    with pytest.raises(AuditUploadError) as error:
        check_upload(csv_upload(HEADER), "sex", "")
    assert problems_of(error)["notes_file"] == ["The CSV file has a header but no notes below it."]


# --- What a failed audit says --------------------------------------------------------------


def test_a_failure_reads_as_what_to_do_and_never_as_a_trace() -> None:
    engine = AuditInputError(["--reference sex=F: no patient has sex 'F'; the values are: Male."])
    assert failure_message(engine, 7) == (
        "The notes could not be audited: Reference sex=F: no patient has sex 'F'; "
        "the values are: Male."
    )
    damaged = OSError("Couldn't deserialize thrift: TProtocolException: Invalid data\nmore")
    assert failure_message(damaged, 7) == (
        "The notes file could not be read (Couldn't deserialize thrift: TProtocolException). "
        "It may be incomplete or damaged: export it again and upload it."
    )
    row = pa.ArrowInvalid("CSV parse error: Expected 5 columns, got 6: n9,p9,Mr X said ...")
    assert "Mr X" not in failure_message(row, 7)  # note text is cut off, not stored
    disk_full = OSError(errno.ENOSPC, "No space left on device")
    assert failure_message(disk_full, 7).startswith(
        "The audit stopped because of an internal error (audit 7)"
    )
