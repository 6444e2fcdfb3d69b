"""`equitylens language check FILE... [--format json|text] [--fail-on-findings]`."""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser, OutputWrapper
from django.db import DatabaseError

from equitylens.language.services.checker import Checker, Finding, default_checker
from equitylens.language.services.guide_store import current_checker, current_number

STDIN = "-"
STDIN_LABEL = "<stdin>"

HELP = """Check text files against the inclusive-language guide in use.

Each FILE is read as UTF-8 ("-" reads standard input). Offsets are in characters of
the file's text as decoded, line endings unchanged.

  --format text  (default) one line per finding:
                 file:line:col: text — entry (category): try alternative, alternative
                 then a summary line.
  --format json  one JSON array of objects with the keys file, start, end, text,
                 entry, category, alternatives, explanation.

Exit codes: findings are suggestions, so the exit code is 0 even when there are some;
with --fail-on-findings it is 1 when there is at least one (useful in CI). 2: a file
could not be read or is not UTF-8 (the other files are still checked)."""


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""
    parser.description = HELP
    parser.add_argument("files", nargs="+", metavar="FILE", help='text files; "-" for stdin')
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (text)"
    )
    parser.add_argument(
        "--fail-on-findings",
        action="store_true",
        help="exit with code 1 when there is any finding (useful in CI)",
    )


def read_text(name: str) -> str:
    """The UTF-8 text of file `name` ("-": standard input); raises ValueError naming the
    file and the reason when it cannot be read or decoded."""
    label = STDIN_LABEL if name == STDIN else name
    try:
        if name == STDIN:
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text-only stream (already decoded)
                return sys.stdin.read()
            data = stream.read()
        else:
            data = Path(name).read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{label}: is a directory, not a text file") from None
    except PermissionError:
        raise ValueError(f"{label}: permission denied") from None
    except OSError as error:
        raise ValueError(f"{label}: cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{label}: not UTF-8 text (byte 0x{data[error.start]:02x} at byte offset "
            f"{error.start}, line {line}); save it as UTF-8 and try again"
        ) from None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def record(label: str, finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object with exactly the documented keys."""
    return {
        "file": label,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "entry": finding.entry,
        "category": finding.category,
        "alternatives": list(finding.alternatives),
        "explanation": finding.explanation,
    }


def text_line(label: str, line: int, column: int, finding: Finding) -> str:
    """One finding in the text format (whitespace inside the match shown as one space)."""
    shown = " ".join(finding.text.split())
    alternatives = ", ".join(finding.alternatives)
    return (
        f"{label}:{line}:{column}: {shown} — {finding.entry} ({finding.category}): "
        f"try {alternatives}"
    )


def guide_in_use() -> tuple[Checker, str]:
    """The checker of the guide in use and how to name that guide. Without a database
    (a CI job checking docs, say) the shipped guide is used."""
    try:
        checker, number = current_checker(), current_number()
    except DatabaseError:
        return default_checker(), "the shipped guide; no database to read saved versions"
    return checker, (f"guide version {number}" if number is not None else "the shipped guide")


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run it; return the exit code (0, 1 with --fail-on-findings, 2 unreadable file).

    JSON is written one finding per line as it is found (still one array), so memory
    does not grow with the number of findings.
    """
    checker, guide = guide_in_use()
    as_json = options["format"] == "json"
    unreadable = 0
    files_with_findings = 0
    total = 0
    for name in options["files"]:
        label = STDIN_LABEL if name == STDIN else name
        try:
            text = read_text(name)
        except ValueError as error:
            stderr.write(f"error: {error}")
            unreadable += 1
            continue
        starts: list[int] | None = None
        count = 0
        for finding in checker.iter_findings(text):
            if as_json:
                opening = "[\n  " if total + count == 0 else ",\n  "
                stdout.write(
                    opening + json.dumps(record(label, finding), ensure_ascii=False), ending=""
                )
            else:
                starts = starts if starts is not None else _line_starts(text)
                line = bisect_right(starts, finding.start)
                stdout.write(text_line(label, line, finding.start - starts[line - 1] + 1, finding))
            count += 1
        total += count
        files_with_findings += bool(count)
    if as_json:
        stdout.write("\n]" if total else "[]")
    else:
        stdout.write(_summary(total, files_with_findings, len(options["files"]), unreadable, guide))
    if unreadable:
        return 2
    return 1 if total and options["fail_on_findings"] else 0


def _summary(total: int, with_findings: int, files: int, unreadable: int, guide: str) -> str:
    checked = files - unreadable
    noun = "file" if checked == 1 else "files"
    if not checked:
        found = "No files checked"
    elif total:
        plural = "s" if total != 1 else ""
        found = f"{total} suggestion{plural} in {with_findings} of {checked} {noun}"
    else:
        found = f"No suggestions in {checked} {noun}"
    skipped = f"; {unreadable} could not be read" if unreadable else ""
    return f"{found} ({guide}){skipped}."
