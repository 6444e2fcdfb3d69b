"""Benchmark: measure disparities in 10 million rows in under 5 s and 2 GB, and ≥ 100x fairlearn.

    .venv/bin/python benchmarks/disparities.py [--rows 10000000] [--fairlearn-rows 1000000]
                                               [--keep DIR]

Generates synthetic people (services/synth.py; 3 group columns and 2 outcomes are measured)
into temporary Parquet files (not timed). Then, each in a fresh Python process whose imports
are done before the clock starts, times `run_measure` end to end (opening the file, checking
the values, aggregation, rates, intervals, comparisons, q-values, suppression, indices) and
reads the process's peak memory (ru_maxrss); the first call counts for the 5 s target, the
best of 3 (each with a new DuckDB connection) for the ratio. Side by side in the same run,
fairlearn's MetricFrame computes the same group rates (selection_rate per group column ×
outcome, on y loaded in pandas; only the MetricFrame computations are timed) on
`--fairlearn-rows` rows, and our engine is timed on the very same rows. Checks the rates
agree to 1e-12, writes benchmarks/results/disparities.json, prints the figures, and exits 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GROUPS = ["race_ethnicity", "language", "payer"]
OUTCOMES = ["colorectal_screened", "bp_controlled"]
TARGET_SECONDS = 5.0
TARGET_PEAK_BYTES = 2 * 1024**3
TARGET_RATIO = 100.0
REPEATS = 3
RESULTS = Path(__file__).resolve().parent / "results" / "disparities.json"


def child(path: str) -> None:
    """In a fresh process: import, then time one run_measure; print JSON figures."""
    started = time.perf_counter()
    # Import everything the run will use before the clock starts (ibis loads pandas and its
    # DuckDB backend lazily on first use; that is start-up, not measuring).
    import ibis
    import ibis.backends.duckdb.converter
    import pandas  # noqa: F401

    from equitylens.disparities.services import stats  # noqa: F401
    from equitylens.disparities.services.contract import MeasureOptions
    from equitylens.disparities.services.measure_run import run_measure

    ibis.duckdb  # noqa: B018 - resolves the backend entry point
    import_seconds = time.perf_counter() - started
    runs = []
    for _ in range(REPEATS):  # each run opens its own DuckDB connection: nothing is reused
        started, cpu = time.perf_counter(), time.process_time()
        result = run_measure(path, GROUPS, OUTCOMES, MeasureOptions())
        runs.append((time.perf_counter() - started, time.process_time() - cpu))
    (seconds, cpu_seconds), best = runs[0], min(wall for wall, _ in runs)
    rates = {f"{r['group_column']}|{r['group']}|{r['outcome']}": r["rate"] for r in result["rows"]}
    print(
        json.dumps(
            {
                "seconds": seconds,
                "best_of_3_seconds": best,
                "cpu_seconds": cpu_seconds,
                "import_seconds": import_seconds,
                "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                "rows_out": len(result["rows"]),
                "rates": rates,
            }
        )
    )


def ours(path: Path) -> dict[str, Any]:
    """Run `child` in a fresh interpreter and return its figures."""
    output = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, __file__, "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def fairlearn_rates(path: Path) -> tuple[float, dict[str, float]]:
    """Seconds for MetricFrame(selection_rate) over every group column × outcome, and rates."""
    import pandas as pd
    from fairlearn.metrics import MetricFrame, selection_rate

    frame = pd.read_parquet(path, columns=GROUPS + OUTCOMES)
    rates: dict[str, float] = {}
    started = time.perf_counter()
    for column in GROUPS:
        for outcome in OUTCOMES:
            y = frame[outcome]
            by_group = MetricFrame(
                metrics=selection_rate, y_true=y, y_pred=y, sensitive_features=frame[column]
            ).by_group
            rates.update({f"{column}|{g}|{outcome}": float(v) for g, v in by_group.items()})
    return time.perf_counter() - started, rates


def machine() -> dict[str, object]:
    """CPU model, cores and load average, as reported with the figures."""
    model = "unknown"
    described = subprocess.run(["lscpu"], capture_output=True, text=True)  # noqa: S607
    for line in described.stdout.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def main() -> int:
    """Generate, time both, compare, report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--fairlearn-rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the Parquet files here; reuse them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    from equitylens.disparities.services.synth import write_synthetic

    folder = args.keep or Path(tempfile.mkdtemp(prefix="equitylens-disparities-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    big, small = (
        folder / f"people-{args.rows}.parquet",
        folder / f"people-{args.fairlearn_rows}.parquet",
    )
    for path, rows in ((big, args.rows), (small, args.fairlearn_rows)):
        if not path.exists():
            started = time.perf_counter()
            write_synthetic(path, rows, seed=2026)
            print(f"Generated {rows:,} rows in {time.perf_counter() - started:.0f} s: {path}")
    load_before = machine()["load_average"]
    ours_big = ours(big)
    ours_small = ours(small)
    fairlearn_seconds, fairlearn = fairlearn_rates(small)
    ours_rates = ours_small.pop("rates")
    ours_big.pop("rates")
    worst = max(abs(float(v) - fairlearn[k]) for k, v in ours_rates.items() if v is not None)
    ratio = fairlearn_seconds / float(ours_small["best_of_3_seconds"])
    first_call_ratio = fairlearn_seconds / float(ours_small["seconds"])
    figures = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {**machine(), "load_average_before": load_before},
        "rows": args.rows,
        "groups": GROUPS,
        "outcomes": OUTCOMES,
        "ours": ours_big,
        "same_rows_comparison": {
            "rows": args.fairlearn_rows,
            "ours": ours_small,
            "fairlearn_metricframe_seconds": fairlearn_seconds,
            "ratio": ratio,
            "ratio_first_call": first_call_ratio,
            "max_rate_difference": worst,
        },
        "targets": {
            "seconds": TARGET_SECONDS,
            "peak_bytes": TARGET_PEAK_BYTES,
            "ratio": TARGET_RATIO,
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(
        f"\n{args.rows:,} rows: {ours_big['seconds']:.2f} s wall, "
        f"{ours_big['cpu_seconds']:.2f} s CPU, peak {int(ours_big['peak_bytes']) / 1e9:.2f} GB "
        f"(targets {TARGET_SECONDS} s, {TARGET_PEAK_BYTES / 1e9:.2f} GB)\n"
        f"{args.fairlearn_rows:,} rows: ours {ours_small['best_of_3_seconds']:.3f} s best of 3 "
        f"({ours_small['seconds']:.3f} s first), fairlearn MetricFrame {fairlearn_seconds:.2f} s "
        f"→ {ratio:.0f}x ({first_call_ratio:.0f}x first call; target {TARGET_RATIO:.0f}x); "
        f"rates agree to {worst:.1e}"
    )
    ok = (
        float(ours_big["seconds"]) < TARGET_SECONDS
        and int(ours_big["peak_bytes"]) < TARGET_PEAK_BYTES
        and ratio >= TARGET_RATIO
        and worst < 1e-12
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
