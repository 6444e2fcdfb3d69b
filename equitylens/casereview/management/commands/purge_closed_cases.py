"""Purge finished Health Equity M&M cases whose retention period is over (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from equitylens.casereview.services.retention import purge_closed_cases, purge_plan


class Command(BaseCommand):
    help = (
        "Replace closed (and declined or merged) cases older than their series' retention "
        "period with de-identified counts. Safe to run twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list how many cases each series would lose; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            plan = purge_plan()
            if not plan:
                self.stdout.write("No case is due for purging.")
            for series, count in plan:
                # Series title and id only: never anything from the cases themselves.
                self.stdout.write(
                    f"{series.organization.name} · {series.title} (series {series.pk}): "
                    f"{count} case{'s' if count != 1 else ''} would be purged."
                )
            return
        purged = purge_closed_cases()
        self.stdout.write(self.style.SUCCESS(f"Purged {purged} case{'s' if purged != 1 else ''}."))
