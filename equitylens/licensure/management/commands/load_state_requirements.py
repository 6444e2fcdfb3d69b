"""`equitylens load_state_requirements [--file F]`: upsert the state requirement table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equitylens.licensure.services.requirements import (
    DEFAULT_DATASET,
    RequirementError,
    load_state_requirements,
)


class Command(BaseCommand):
    help = "Load state implicit-bias training requirements (idempotent upsert)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_DATASET, help="A JSON dataset file."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = load_state_requirements(path)
        except RequirementError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"State requirements: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
