"""The one entry point of the clinical-note audit: `run_audit`.

The CLI (`equitylens language audit`) and the web upload task both call `run_audit`.
Input is checked completely before any note text is read; then the notes are scanned in
batches across worker processes, patients are summarised, and three files are written:
findings.parquet (note-level detail, stays inside the organization), summary.json and
report.html (aggregates only, small cells suppressed). Re-running overwrites the same
files, so a retried background task is harmless.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from equitylens.language.services.audit import notes_io, report, statistics
from equitylens.language.services.audit.lexicon import default_lexicon
from equitylens.language.services.audit.scan import FINDINGS_SCHEMA, ScanResult, scan_batch

OUTCOME = "has_descriptor"
# Parquet row groups per task: small enough to balance two workers, big enough to amortise.
_TARGET_TASK_BYTES = 24 << 20


class AuditInputError(Exception):
    """The notes file or the audit's options are unusable; nothing was written.

    `problems` lists every problem found, each naming the column, value or file and the fix.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def run_audit(
    notes_path: Path,
    groups: list[str],
    reference: dict[str, str],
    out_dir: Path,
    *,
    progress: Callable[[float], None] | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Audit `notes_path`; write findings.parquet, summary.json, report.html into `out_dir`.

    `groups` are patient-attribute columns; `reference` maps a group column to its reference
    value (a column without one uses its largest group, recorded in the summary). Returns
    the summary dict. Raises AuditInputError listing every problem before doing any work.
    """
    started = time.perf_counter()
    notes, patients, references = check_input(Path(notes_path), groups, reference)
    lexicon = default_lexicon()
    result = _scan(notes, workers or os.cpu_count() or 1, progress)
    scan_seconds = time.perf_counter() - started

    with_descriptor = {pid for pid, _ in result.patient_categories}
    patients[OUTCOME] = patients["patient_id"].isin(with_descriptor)
    tables, model = statistics.group_tables(patients, OUTCOME, groups, references)
    findings = (
        pa.concat_tables(result.findings) if result.findings else FINDINGS_SCHEMA.empty_table()
    )

    summary = report.build_summary(
        file_name=Path(notes_path).name,
        lexicon=lexicon,
        result=result,
        patients=patients,
        outcome=OUTCOME,
        findings=findings,
        tables=tables,
        model=model,
        references={c: (references[c], "given" if c in reference else "largest") for c in groups},
        seconds=time.perf_counter() - started,
        scan_seconds=scan_seconds,
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(findings, out_dir / "findings.parquet")
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (out_dir / "report.html").write_text(report.render_html(summary), encoding="utf-8")
    if progress:
        progress(1.0)
    return summary


def check_input(
    notes_path: Path, groups: list[str], reference: dict[str, str]
) -> tuple[notes_io.NotesFile, pd.DataFrame, dict[str, str]]:
    """Check the file, columns and references; return the file, one row per patient, refs.

    Reads only the id and group columns. Raises AuditInputError with every problem.
    """
    notes, problems = notes_io.open_notes(notes_path)
    if notes is None or problems:
        raise AuditInputError(problems)
    if not groups:
        problems.append("Give at least one --group column (for example race_ethnicity).")
    for column in groups:
        if column not in notes.columns:
            problems.append(
                f"--group {column}: the notes file has no column {column!r} "
                f"(columns: {', '.join(notes.columns)})."
            )
    if len(set(groups)) != len(groups):
        problems.append("--group: a column is given more than once.")
    for column in reference:
        if column not in groups:
            problems.append(
                f"--reference {column}={reference[column]}: {column!r} is not one of the "
                f"--group columns ({', '.join(groups) or 'none given'})."
            )
    if problems:
        raise AuditInputError(problems)
    try:
        frame = notes_io.read_columns(notes, ["patient_id", *groups])
    except (OSError, pa.ArrowException) as exc:
        raise AuditInputError([f"Cannot read notes file {notes_path.name}: {exc}"]) from exc
    if frame.empty:
        raise AuditInputError([f"The notes file {notes_path.name} has no rows."])
    blank = frame.index[frame["patient_id"] == notes_io.NOT_RECORDED]
    if len(blank):
        rows = ", ".join(str(i + 2) for i in blank[:5])
        problems.append(
            f"patient_id is empty on {len(blank)} row(s) (first at line(s) {rows} "
            "counting the header as line 1); every note needs a patient."
        )
    patients = frame.drop_duplicates("patient_id", keep="first").reset_index(drop=True)
    references: dict[str, str] = {}
    for column in groups:
        counts = patients[column].value_counts()
        if len(counts) > notes_io.MAX_GROUP_VALUES:
            problems.append(
                f"--group {column}: {len(counts)} different values; group columns must be "
                f"categories (at most {notes_io.MAX_GROUP_VALUES}); band numbers first, "
                "for example age into age_band."
            )
            continue
        if column in reference:
            if reference[column] not in counts.index:
                values = ", ".join(sorted(map(str, counts.index))[:20])
                problems.append(
                    f"--reference {column}={reference[column]}: no patient has {column} "
                    f"{reference[column]!r}; the values are: {values}."
                )
            references[column] = reference[column]
        else:
            references[column] = str(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
    if problems:
        raise AuditInputError(problems)
    return notes, patients, references


def _tasks(notes: notes_io.NotesFile, workers: int) -> Iterator[Any]:
    if notes.kind == "parquet":
        meta = pq.ParquetFile(notes.path).metadata
        groups: list[int] = []
        size = 0
        for index in range(meta.num_row_groups):
            groups.append(index)
            size += meta.row_group(index).total_byte_size
            if size >= _TARGET_TASK_BYTES:
                yield (notes.path, groups)
                groups, size = [], 0
        if groups:
            yield (notes.path, groups)
    else:
        yield from notes_io.csv_batches(notes)


def _scan_task(task: Any) -> tuple[ScanResult, int]:
    table = notes_io.read_row_groups(task[0], task[1]) if isinstance(task, tuple) else task
    result = scan_batch(table)
    result.findings = [pa.concat_tables(result.findings)] if result.findings else []
    return result, table.num_rows


def _scan(
    notes: notes_io.NotesFile, workers: int, progress: Callable[[float], None] | None
) -> ScanResult:
    # Progress: rows done of all rows (Parquet), or text bytes of the file size (CSV).
    total = _row_count(notes) if notes.kind == "parquet" else max(1, notes.path.stat().st_size)
    merged = ScanResult()
    done = 0

    def advance(part: ScanResult, rows: int) -> None:
        nonlocal done
        merged.add(part)
        done += rows if notes.kind == "parquet" else part.text_bytes
        if progress:
            progress(min(0.95, 0.95 * done / total))

    # statsmodels takes seconds to import; import it while the scan runs (in a thread
    # started after the workers are forked, so no child inherits a half-done import).
    preload = threading.Thread(target=importlib.import_module, args=(statistics.LOGIT_MODULE,))
    tasks = _tasks(notes, workers)
    if workers <= 1:
        preload.start()
        for task in tasks:
            advance(*_scan_task(task))
        preload.join()
        return merged
    # forkserver, not fork: the parent has pyarrow threads, and forking a threaded process
    # can deadlock a child. The server pre-imports the scanner once for all workers.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([scan_batch.__module__])
    with context.Pool(workers) as pool:
        preload.start()
        for part, rows in pool.imap_unordered(_scan_task, tasks):
            advance(part, rows)
    preload.join()
    return merged


def _row_count(notes: notes_io.NotesFile) -> int:
    return max(1, int(pq.ParquetFile(notes.path).metadata.num_rows))
