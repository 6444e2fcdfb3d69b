"""`equitylens disparities measure|audit|synth`."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Measure disparities in care, audit an algorithm by group, or make synthetic data."

    def add_arguments(self, parser: CommandParser) -> None:
        from equitylens.disparities.cli import audit, measure, synth

        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        for name, module in (("measure", measure), ("audit", audit), ("synth", synth)):
            module.add_arguments(
                subcommands.add_parser(
                    name, help=module.HELP, formatter_class=argparse.RawTextHelpFormatter
                )
            )

    def handle(self, *args: Any, **options: Any) -> None:
        from equitylens.disparities.cli import audit, measure, synth

        runner = {"measure": measure.run, "audit": audit.run, "synth": synth.run}
        code = runner[options["subcommand"]](options, self.stdout, self.stderr)
        if code:
            raise SystemExit(code)
