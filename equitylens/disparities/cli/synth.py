"""`equitylens disparities synth --rows N --out FILE [--seed S]`

Writes synthetic people with planted disparities (services/synth.py documents the rates) to
Parquet, or CSV when FILE ends in .csv. The file appears only when complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser, OutputWrapper

HELP = (
    "Write a synthetic extract with planted disparities (Parquet, or CSV by extension).\n"
    "Example: equitylens disparities synth --rows 100000 --out demo.parquet"
)


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""
    parser.add_argument("--rows", type=int, required=True, metavar="N", help="people to write")
    parser.add_argument("--out", required=True, metavar="FILE", help=".parquet or .csv")
    parser.add_argument("--seed", type=int, default=2026, metavar="S", help="random seed")


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run it; return the exit code (0, 2 for a bad row count or extension, 1 if unwritable)."""
    from equitylens.disparities.services.synth import PLANTED, write_synthetic

    try:
        out = write_synthetic(Path(options["out"]), options["rows"], seed=options["seed"])
    except ValueError as error:
        stderr.write(f"error: {error}")
        return 2
    except OSError as error:
        stderr.write(f"error: could not write {options['out']}: {error.strerror or error}")
        return 1
    planted = "; ".join(f"{outcome} by {column}" for outcome, (column, _) in PLANTED.items())
    stdout.write(f"Wrote {options['rows']:,} synthetic people to {out} (planted: {planted}).")
    return 0
