"""Reading notes files (CSV or Parquet) and checking them before any work is done."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

REQUIRED_COLUMNS = ("note_id", "patient_id", "text")
NOT_RECORDED = "Not recorded"
MAX_GROUP_VALUES = 50
CSV_BLOCK_BYTES = 16 << 20


@dataclass(frozen=True)
class NotesFile:
    """A readable notes file: its format, columns and (for Parquet) row-group count."""

    path: Path
    kind: str  # "parquet" or "csv"
    columns: tuple[str, ...]
    row_groups: int = 0


def open_notes(path: Path) -> tuple[NotesFile | None, list[str]]:
    """Identify the file and its columns; return (file, problems). Reads no note text."""
    if not path.is_file():
        return None, [f"Notes file {path} does not exist or is not a file."]
    kind = "csv" if path.suffix.lower() in {".csv", ".txt"} else "parquet"
    try:
        if kind == "parquet":
            meta = pq.ParquetFile(path)
            columns = tuple(meta.schema_arrow.names)
            notes = NotesFile(path, kind, columns, meta.num_row_groups)
        else:
            reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 20))
            notes = NotesFile(path, kind, tuple(reader.schema.names))
    except (OSError, pa.ArrowException) as exc:
        expected = "a Parquet file" if kind == "parquet" else "a CSV file with a header row"
        return None, [f"Cannot read notes file {path.name} as {expected}: {exc}"]
    missing = [c for c in REQUIRED_COLUMNS if c not in notes.columns]
    if missing:
        return notes, [
            f"Missing required column(s): {', '.join(missing)}. "
            f"The notes file has: {', '.join(notes.columns) or '(no columns)'}."
        ]
    return notes, []


def read_columns(notes: NotesFile, columns: list[str]) -> pd.DataFrame:
    """Read some columns (never the text) as strings; missing values become NOT_RECORDED."""
    if notes.kind == "parquet":
        table = pq.read_table(notes.path, columns=columns)
    else:
        table = pacsv.read_csv(
            notes.path,
            convert_options=pacsv.ConvertOptions(
                include_columns=columns, column_types=dict.fromkeys(columns, pa.string())
            ),
        )
    frame = table.to_pandas()
    for column in columns:
        series = frame[column]
        frame[column] = series.astype("string").str.strip().fillna(NOT_RECORDED)
        frame.loc[frame[column] == "", column] = NOT_RECORDED
    return frame


def csv_batches(notes: NotesFile) -> Iterator[pa.RecordBatch]:
    """Stream note_id, patient_id, text from a CSV in blocks of about 16 MB."""
    reader = pacsv.open_csv(
        notes.path,
        read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(REQUIRED_COLUMNS),
            column_types=dict.fromkeys(REQUIRED_COLUMNS, pa.string()),
        ),
    )
    yield from reader


def read_row_groups(path: Path, row_groups: list[int]) -> pa.Table:
    """Read note_id, patient_id, text of some Parquet row groups."""
    return pq.ParquetFile(path).read_row_groups(row_groups, columns=list(REQUIRED_COLUMNS))
