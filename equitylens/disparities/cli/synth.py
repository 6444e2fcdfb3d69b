"""`equitylens disparities synth` (placeholder: being built)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser, OutputWrapper

HELP = "Not built yet."


def add_arguments(parser: CommandParser) -> None:
    """Declare the subcommand's arguments."""


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    """Run it; return the exit code."""
    stderr.write("Not built yet.")
    return 2
