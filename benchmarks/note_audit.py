"""Benchmark: audit about 1 GB of clinical-note text in under 2 minutes on 2 cores.

    .venv/bin/python benchmarks/note_audit.py [--megabytes 1024] [--workers 2] [--keep DIR]

Generates synthetic notes (services/audit/synthetic.py) into a temporary Parquet file
until the note text reaches `--megabytes` (generation is not timed), then times
`run_audit` with `--workers` processes: reading, scanning, context, statistics and the
three output files. Prints MB/s and the total; exits 1 when slower than the target.
Needs no database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_SECONDS = 120.0
BYTES_PER_PATIENT = 2745  # measured average of the generator (1-4 notes per patient)


def main() -> int:
    """Generate, audit, report."""
    from equitylens.language.services.audit.run import run_audit
    from equitylens.language.services.audit.synthetic import REFERENCE, write_notes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1024.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--keep", type=Path, help="keep notes and outputs here; reuse notes.parquet if present"
    )
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="equitylens-note-audit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "notes.parquet"
    patients = int(args.megabytes * 1e6 / BYTES_PER_PATIENT)
    if args.keep and notes.exists():
        print(f"Reusing {notes} ({notes.stat().st_size / 1e6:,.0f} MB Parquet)")
    else:
        started = time.perf_counter()
        text_bytes = write_notes(notes, patients, seed=2026)
        print(
            f"Generated {patients:,} patients, {text_bytes / 1e6:,.0f} MB of note text "
            f"({notes.stat().st_size / 1e6:,.0f} MB Parquet) "
            f"in {time.perf_counter() - started:.0f} s"
        )

    started = time.perf_counter()
    cpu_started = time.process_time()
    summary = run_audit(
        notes, list(REFERENCE), dict(REFERENCE), folder / "out", workers=args.workers
    )
    seconds = time.perf_counter() - started
    text_bytes = int(summary["input"]["text_megabytes"] * 1e6)
    rate = text_bytes / 1e6 / seconds
    print(
        f"Audited {summary['input']['notes']:,} notes in {seconds:.1f} s wall "
        f"({rate:.1f} MB/s; scan {summary['timing']['scan_seconds']:.1f} s; "
        f"parent CPU {time.process_time() - cpu_started:.1f} s), "
        f"{args.workers} workers, target < {TARGET_SECONDS:.0f} s for 1 GB"
    )
    races = {r["value"]: r["odds_ratio"] for r in summary["groups"][0]["rows"]}
    print("Recovered race_ethnicity odds ratios:", json.dumps(races))
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    scaled = seconds * 1e9 / text_bytes
    if scaled > TARGET_SECONDS:
        print(f"SLOWER than target: {scaled:.0f} s per GB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
