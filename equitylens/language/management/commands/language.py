"""`equitylens language check FILE...` and `equitylens language audit NOTES ...`."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Inclusive-language tools: check text files, audit clinical notes."

    def add_arguments(self, parser: CommandParser) -> None:
        from equitylens.language.cli import audit, check

        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        check.add_arguments(
            subcommands.add_parser(
                "check", help=check.HELP, formatter_class=argparse.RawTextHelpFormatter
            )
        )
        audit.add_arguments(
            subcommands.add_parser(
                "audit", help=audit.HELP, formatter_class=argparse.RawTextHelpFormatter
            )
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from equitylens.language.cli import audit, check

        runner = {"check": check.run, "audit": audit.run}[options["subcommand"]]
        code = runner(options, self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
