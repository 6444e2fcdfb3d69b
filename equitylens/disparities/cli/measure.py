"""`equitylens disparities measure DATA --group COL --outcome COL …`

Prints (or writes with --out) one JSON object `{"rule", "rows", "indices"}`, or the rows as
CSV. Bad input exits with status 2, a message per problem, and no file written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser, OutputWrapper

from equitylens.disparities.services.contract import ROW_KEYS, MeasureOptions

HELP = (
    "Rates, intervals and comparisons by group for 0/1 outcomes in a CSV or Parquet file.\n"
    "Example: equitylens disparities measure data.parquet --group race_ethnicity "
    "--outcome bp_controlled"
)
INPUT_ERROR = 2


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""
    parser.add_argument("data", metavar="DATA", help="CSV or Parquet file, one row per person")
    parser.add_argument(
        "--group", action="append", required=True, metavar="COL", help="group column (repeat)"
    )
    parser.add_argument(
        "--outcome",
        action="append",
        required=True,
        metavar="COL",
        help="0/1 outcome column, or NUMERATOR:DENOMINATOR count columns (repeat)",
    )
    parser.add_argument(
        "--reference",
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="reference group for a group column (others use --reference-rule)",
    )
    parser.add_argument("--reference-rule", choices=("largest", "best"), default="largest")
    parser.add_argument(
        "--lower-is-better",
        action="append",
        default=[],
        metavar="OUTCOME",
        help="outcome where a lower rate is better (for --reference-rule best)",
    )
    parser.add_argument("--min-cell", type=int, default=11, metavar="N")
    parser.add_argument(
        "--stratum", metavar="COL", help="column of strata for direct standardization"
    )
    parser.add_argument(
        "--standard",
        action="append",
        default=[],
        metavar="STRATUM=WEIGHT",
        help="standard population weight of one stratum (repeat; needs --stratum)",
    )
    add_output_arguments(parser)


def add_output_arguments(parser: CommandParser) -> None:
    """--format json|csv and --out FILE (shared with `audit`)."""
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument(
        "--out", metavar="FILE", help="write here (complete or not at all) instead of stdout"
    )


def _pairs(values: list[str], flag: str) -> tuple[dict[str, str], list[str]]:
    pairs: dict[str, str] = {}
    problems = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key or not rest:
            problems.append(f"{flag} must be written NAME=VALUE; you entered {value!r}.")
        else:
            pairs[key] = rest
    return pairs, problems


def options_from(args: dict[str, Any]) -> tuple[MeasureOptions, list[str]]:
    """MeasureOptions from the parsed arguments, and any problems with how they were written."""
    reference, problems = _pairs(args.get("reference") or [], "--reference")
    weights_text, more = _pairs(args.get("standard") or [], "--standard")
    problems += more
    weights: dict[str, float] = {}
    for stratum, text in weights_text.items():
        try:
            weights[stratum] = float(text)
        except ValueError:
            problems.append(f"--standard weight for {stratum!r} must be a number; got {text!r}.")
    if weights and not args.get("stratum"):
        problems.append("--standard needs --stratum COL (the column holding the strata).")
    if args.get("min_cell", 11) < 1:
        problems.append(f"--min-cell must be at least 1; you entered {args['min_cell']}.")
    options = MeasureOptions(
        reference=reference,
        reference_rule=args.get("reference_rule") or "largest",
        min_cell=args.get("min_cell", 11),
        lower_is_better=tuple(args.get("lower_is_better") or ()),
        standard_population=weights or None,
    )
    return options, problems


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _json_value(value.item())
    return value


def _csv_cell(value: Any) -> Any:
    """Empty for null, true/false as in the JSON, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def render(result: dict[str, Any], output_format: str, keys: tuple[str, ...] | None) -> str:
    """The result as JSON text, or its rows as CSV (columns `keys`, or the first row's)."""
    if output_format == "json":
        return json.dumps(_json_value(result), indent=2, allow_nan=False) + "\n"
    rows = result.get("rows", [])
    columns = list(keys or (rows[0].keys() if rows else ()))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in _json_value(row).items()})
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename: the
    file is either complete or untouched (any earlier version stays) if anything fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def emit(result: dict[str, Any], args: dict[str, Any], stdout: OutputWrapper, keys: Any) -> None:
    """Print the result, or write it to --out atomically and say where."""
    text = render(result, args.get("format") or "json", keys)
    if args.get("out"):
        write_atomically(Path(args["out"]), text)
        stdout.write(f"Wrote {args['out']}")
    else:
        stdout.write(text, ending="")


def report_problems(error: Exception, stderr: OutputWrapper) -> int:
    """Write each problem of an input error on its own line; return the input-error status."""
    for problem in getattr(error, "problems", None) or [str(error)]:
        stderr.write(f"error: {problem}")
    return INPUT_ERROR


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run it; return the exit code (0, or 2 for bad input with nothing written)."""
    from equitylens.disparities.services.measure_run import run_measure
    from equitylens.disparities.services.sources import DataInputError
    from equitylens.disparities.services.stats_compare import MeasureInputError

    measure_options, problems = options_from(options)
    if problems:
        return report_problems(DataInputError(problems), stderr)
    try:
        result = run_measure(
            options["data"],
            options["group"],
            options["outcome"],
            measure_options,
            stratum=options.get("stratum"),
        )
    except (DataInputError, MeasureInputError) as error:
        return report_problems(error, stderr)
    # The output object has exactly rule, rows and indices (the documented interface); the
    # notes that explain null values go to standard error.
    for note in result.get("notes", []):
        stderr.write(f"note: {note}")
    output = {key: result[key] for key in ("rule", "rows", "indices")}
    return emit_or_fail(output, options, stdout, stderr, ROW_KEYS)


def emit_or_fail(
    result: dict[str, Any],
    args: dict[str, Any],
    stdout: OutputWrapper,
    stderr: OutputWrapper,
    keys: Any,
) -> int:
    """emit(), turning a failure to write --out into a message and status 1."""
    try:
        emit(result, args, stdout, keys)
    except OSError as error:
        stderr.write(f"error: could not write {args.get('out')}: {error.strerror or error}")
        return 1
    return 0
