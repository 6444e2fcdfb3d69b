"""`equitylens language audit NOTES --group COLUMN... --reference COLUMN=VALUE... --out DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser, OutputWrapper

HELP = (
    "Audit clinical notes (CSV or Parquet with note_id, patient_id, text and patient\n"
    "attributes) for negative patient descriptors; write findings.parquet, summary.json\n"
    "and report.html. Cells under 11 are suppressed in summary.json and report.html."
)


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""
    parser.add_argument("notes", type=Path, metavar="NOTES", help="notes file (.csv or .parquet)")
    parser.add_argument(
        "--group",
        nargs="+",
        action="extend",
        default=[],
        metavar="COLUMN",
        help="patient-attribute column(s) to compare, e.g. race_ethnicity sex insurance",
    )
    parser.add_argument(
        "--reference",
        nargs="+",
        action="extend",
        default=[],
        metavar="COLUMN=VALUE",
        help="reference value per group column (default: the column's largest group)",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")


def parse_references(items: list[str]) -> tuple[dict[str, str], list[str]]:
    """Turn ["col=value", ...] into a dict; return it with a problem per malformed item."""
    references: dict[str, str] = {}
    problems = []
    for item in items:
        column, sep, value = item.partition("=")
        if not sep or not column.strip() or not value.strip():
            problems.append(f"--reference {item!r}: write COLUMN=VALUE, e.g. race_ethnicity=White.")
        elif column.strip() in references:
            problems.append(f"--reference: {column.strip()!r} is given more than once.")
        else:
            references[column.strip()] = value.strip()
    return references, problems


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run the audit; print a short summary; return 0, or 2 with every input problem."""
    from equitylens.language.services.audit.run import AuditInputError, check_input, run_audit

    references, problems = parse_references(options["reference"])
    if options["workers"] is not None and options["workers"] < 1:
        problems.append(f"--workers must be 1 or more; you gave {options['workers']}.")
    if problems:
        try:  # report the file's problems too, in one go
            check_input(options["notes"], list(options["group"]), references)
        except AuditInputError as exc:
            problems += exc.problems
        for problem in problems:
            stderr.write(problem)
        return 2
    try:
        summary = run_audit(
            options["notes"],
            list(options["group"]),
            references,
            options["out"],
            workers=options["workers"],
        )
    except AuditInputError as exc:
        for problem in exc.problems:
            stderr.write(problem)
        return 2
    source, overall, timing = summary["input"], summary["overall"], summary["timing"]
    share = "suppressed" if overall["share"] is None else f"{100 * overall['share']:.1f}%"
    stdout.write(
        f"Audited {source['notes']:,} notes of {source['patients']:,} patients "
        f"({source['text_megabytes']:,.1f} MB) in {timing['seconds']:.1f} s."
    )
    stdout.write(f"Patients with at least one counted descriptor: {share}.")
    for table in summary["groups"]:
        ref = summary["references"][table["column"]]
        chosen = "" if ref["chosen"] == "given" else " (largest group; none given)"
        stdout.write(f"  {table['column']}: reference {ref['value']}{chosen}")
        for row in table["rows"]:
            if row["is_reference"]:
                continue
            if row["odds_ratio"] is None:
                stdout.write(f"    {row['value']}: suppressed or not estimated")
            else:
                lo, hi = row["odds_ratio_ci"]
                stdout.write(
                    f"    {row['value']}: adjusted OR {row['odds_ratio']:.2f} ({lo:.2f}–{hi:.2f})"
                )
    out = Path(options["out"])
    stdout.write(
        f"Wrote {out / 'summary.json'} and {out / 'report.html'} (cells under 11 suppressed)."
    )
    stdout.write(
        f"Wrote {out / 'findings.parquet'}: note-level findings with note and patient ids; "
        "keep it inside the organization."
    )
    return 0
