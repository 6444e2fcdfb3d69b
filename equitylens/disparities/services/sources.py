"""Opening an extract (CSV or Parquet) as a lazy Ibis table, and checking it before measuring.

Nothing here loads the data into Python: files are opened by DuckDB (`read_parquet` /
`read_csv`), and every check is a schema look-up or one aggregate query whose answer is a
handful of numbers. Any Ibis table (PySpark, BigQuery, Snowflake, Trino…) can be checked the
same way. Every problem is reported with the column (and an example value) and the fix;
checking changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa

PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")


class DataInputError(ValueError):
    """The extract cannot be measured as asked; `problems` says why, one sentence each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class OutcomeSpec:
    """One outcome: a 0/1 column, or a numerator/denominator pair written "num:den"."""

    name: str
    column: str
    denominator: str | None = None

    @classmethod
    def parse(cls, spec: str) -> OutcomeSpec:
        """Read "col" (0/1 per person) or "num:den" (event and people counts per row)."""
        if ":" in spec:
            numerator, _, denominator = spec.partition(":")
            if not numerator or not denominator:
                raise DataInputError(
                    [f"Outcome {spec!r} must be COLUMN or NUMERATOR:DENOMINATOR column names."]
                )
            return cls(name=spec, column=numerator, denominator=denominator)
        return cls(name=spec, column=spec)

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,) if self.denominator is None else (self.column, self.denominator)


def open_table(path: str | Path, backend: Any = None) -> ir.Table:
    """Open a CSV or Parquet file lazily with DuckDB (or `backend`, any Ibis connection).

    Raises DataInputError when the file is missing, empty (0 bytes), of an unknown kind, or
    unreadable (the reader's first line of explanation is included).
    """
    path = Path(path)
    if not path.is_file():
        raise DataInputError([f"File {str(path)!r} was not found; check the path."])
    if path.stat().st_size == 0:
        raise DataInputError([f"File {path.name!r} is empty (0 bytes); export the data again."])
    name = path.name.lower()
    con = backend if backend is not None else ibis.duckdb.connect()
    try:
        if name.endswith(PARQUET_SUFFIXES):
            return con.read_parquet(str(path))
        if name.endswith(CSV_SUFFIXES):
            return con.read_csv(str(path))
    except Exception as error:  # any reader failure is a problem with the user's file
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        kind = "Parquet" if name.endswith(PARQUET_SUFFIXES) else "CSV"
        raise DataInputError([f"File {path.name!r} could not be read as {kind}: {first}"]) from None
    raise DataInputError(
        [f"File {path.name!r} must end in .csv or .parquet so its format is known."]
    )


def fetch(expr: ir.Expr) -> pa.Table:
    """Run a query and return its (small) answer; a failure while reading the data (a CSV
    value that does not fit the column's type found far down the file, a truncated file…)
    becomes a DataInputError with the reader's first line of explanation."""
    try:
        return expr.to_pyarrow()
    except Exception as error:  # the reader's errors differ by backend
        lines = [line.strip() for line in str(error).strip().splitlines()]
        said = [lines[0] if lines else type(error).__name__]
        said += [line for line in lines if line.startswith("Error when converting column")]
        message = f"The data could not be read to the end: {'; '.join(said)}"
        if len(said) > 1:  # DuckDB guessed the column's type from the first rows
            message += ". The first rows of that column held other values; correct this one."
        raise DataInputError([message]) from None


def check_columns(table: ir.Table, wanted: Iterable[tuple[str, str]]) -> None:
    """Raise DataInputError listing every (column, role) pair absent from the table."""
    present = set(table.columns)
    missing = [(column, role) for column, role in wanted if column not in present]
    if missing:
        listed = ", ".join(f"{column!r} ({role})" for column, role in missing)
        available = ", ".join(table.columns[:30]) + (" …" if len(table.columns) > 30 else "")
        raise DataInputError([f"Missing column(s): {listed}. The file has: {available}."])


def _numeric_problems(table: ir.Table, column: str, role: str) -> list[str]:
    dtype = table[column].type()
    if dtype.is_boolean() or dtype.is_numeric():
        return []
    return [f"Column {column!r} ({role}) must hold numbers; it holds {dtype} values."]


def _example(table: ir.Table, column: str, bad: ir.BooleanValue) -> object:
    rows = fetch(table.filter(bad).select(table[column]).limit(1))
    return rows.column(0)[0].as_py() if rows.num_rows else None


def check_measure_inputs(
    table: ir.Table, groups: Sequence[str], outcomes: Sequence[OutcomeSpec]
) -> int:
    """Check a table for `measure` with one aggregate query; return its row count.

    Problems (all reported together): missing columns; outcome columns that are not numbers;
    0/1 outcomes with any value other than 0, 1 or empty (column and an example value);
    numerator/denominator pairs with negative, fractional or numerator > denominator values;
    a table with no rows.
    """
    if not groups:
        raise DataInputError(["Choose at least one group column (--group COL)."])
    if not outcomes:
        raise DataInputError(["Choose at least one outcome column (--outcome COL)."])
    check_columns(
        table,
        [(g, "group") for g in groups]
        + [(c, "outcome") for spec in outcomes for c in spec.columns],
    )
    problems = [
        p for spec in outcomes for c in spec.columns for p in _numeric_problems(table, c, "outcome")
    ]
    if problems:
        raise DataInputError(problems)
    tests: dict[str, tuple[str, ir.BooleanValue, str]] = {}
    for i, spec in enumerate(outcomes):
        numerator = table[spec.column]
        if numerator.type().is_boolean():
            continue
        if spec.denominator is None:
            tests[f"bad{i}"] = (
                spec.column,
                numerator.notnull() & ~numerator.cast(dt.float64).isin([0.0, 1.0]),
                "must be 0 or 1 (or empty)",
            )
            continue
        denominator = table[spec.denominator]
        for j, (column, value) in enumerate(
            ((spec.column, numerator), (spec.denominator, denominator))
        ):
            as_float = value.cast(dt.float64)
            tests[f"neg{i}_{j}"] = (
                column,
                value.notnull() & ((as_float < 0) | (as_float != as_float.floor())),
                "must be whole, non-negative counts",
            )
        tests[f"over{i}"] = (
            spec.column,
            numerator.notnull()
            & denominator.notnull()
            & (numerator.cast(dt.float64) > denominator.cast(dt.float64)),
            f"(numerator) must not exceed {spec.denominator!r} (denominator)",
        )
    aggregates: dict[str, ir.Value] = {"rows": table.count()}
    aggregates.update({key: test.cast(dt.int64).sum() for key, (_, test, _) in tests.items()})
    answer = fetch(table.aggregate(**aggregates)).to_pylist()[0]
    rows = int(answer["rows"] or 0)
    if rows == 0:
        raise DataInputError(["The file has column names but no rows of data."])
    for key, (column, test, rule) in tests.items():
        count = int(answer[key] or 0)
        if count:
            example = _example(table, column, test)
            problems.append(
                f"Column {column!r} {rule}; {count:,} row(s) are not, for example {example!r}."
            )
    if problems:
        raise DataInputError(problems)
    return rows


def check_audit_inputs(table: ir.Table, group: str, label: str, score: str) -> int:
    """Check a table for `audit` with one aggregate query; return its row count.

    The label must be 0/1 (or empty) and the score a number between 0 and 1 (a predicted
    probability, so that calibration compares like with like).
    """
    check_columns(table, [(group, "group"), (label, "label"), (score, "score")])
    problems = _numeric_problems(table, label, "label") + _numeric_problems(table, score, "score")
    if problems:
        raise DataInputError(problems)
    label_value = table[label].cast(dt.float64)
    score_value = table[score].cast(dt.float64)
    tests = {
        label: (
            label_value.notnull() & ~label_value.isin([0.0, 1.0]),
            "(label) must be 0 or 1 (or empty)",
        ),
        score: (
            score_value.notnull() & ((score_value < 0) | (score_value > 1)),
            "(score) must be a predicted probability between 0 and 1",
        ),
    }
    answer = fetch(
        table.aggregate(
            rows=table.count(),
            **{f"bad_{i}": test.cast(dt.int64).sum() for i, (test, _) in enumerate(tests.values())},
        )
    ).to_pylist()[0]
    rows = int(answer["rows"] or 0)
    if rows == 0:
        raise DataInputError(["The file has column names but no rows of data."])
    for i, (column, (test, rule)) in enumerate(tests.items()):
        count = int(answer[f"bad_{i}"] or 0)
        if count:
            example = _example(table, column, test)
            problems.append(
                f"Column {column!r} {rule}; {count:,} row(s) are not, for example {example!r}."
            )
    if problems:
        raise DataInputError(problems)
    return rows
