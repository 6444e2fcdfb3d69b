"""Create due commitment-to-change follow-ups and queue their e-mails (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equitylens.outcomes.services.follow_ups import schedule_follow_ups


class Command(BaseCommand):
    help = "Create due commitment-to-change follow-ups and e-mail each once. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        result = schedule_follow_ups()
        self.stdout.write(f"{result.created} follow-ups created, {result.queued} e-mails queued.")
