"""`equitylens disparities audit DATA --group COL --label COL --score COL [--threshold X]`

Audits a risk score by group (prevalence, TPR, FPR, PPV, NPV, calibration by decile) and
prints the JSON result (or its rows as CSV). Bad input exits with status 2, nothing written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser, OutputWrapper

from equitylens.disparities.cli.measure import (
    add_output_arguments,
    emit_or_fail,
    options_from,
    report_problems,
)

HELP = (
    "Audit a predicted-risk score by group: error rates at a threshold and calibration.\n"
    "Example: equitylens disparities audit data.parquet --group race_ethnicity "
    "--label label --score risk_score --threshold 0.3"
)


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""
    parser.add_argument("data", metavar="DATA", help="CSV or Parquet file, one row per person")
    parser.add_argument("--group", required=True, metavar="COL", help="group column")
    parser.add_argument("--label", required=True, metavar="COL", help="observed outcome, 0/1")
    parser.add_argument("--score", required=True, metavar="COL", help="predicted risk, 0-1")
    parser.add_argument(
        "--threshold", type=float, default=0.5, help="score ≥ threshold is predicted positive"
    )
    parser.add_argument(
        "--reference", action="append", default=[], metavar="COL=VALUE", help="reference group"
    )
    parser.add_argument("--reference-rule", choices=("largest", "best"), default="largest")
    parser.add_argument("--min-cell", type=int, default=11, metavar="N")
    add_output_arguments(parser)


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run it; return the exit code (0, or 2 for bad input with nothing written)."""
    from equitylens.disparities.services.measure_run import run_audit
    from equitylens.disparities.services.sources import DataInputError
    from equitylens.disparities.services.stats_compare import MeasureInputError

    measure_options, problems = options_from(options)
    if problems:
        return report_problems(DataInputError(problems), stderr)
    try:
        result = run_audit(
            options["data"],
            options["group"],
            options["label"],
            options["score"],
            options["threshold"],
            measure_options,
        )
    except (DataInputError, MeasureInputError) as error:
        return report_problems(error, stderr)
    return emit_or_fail(result, options, stdout, stderr, None)
