"""E-mail action-item owners their reminders, before and after the due date (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equitylens.casereview.services.action_reminders import send_action_reminders


class Command(BaseCommand):
    help = (
        "Send Health Equity M&M action reminders (before and after the due date), each "
        "once. Safe to repeat and to run twice at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_action_reminders()
        self.stdout.write(f"{sent} action reminder{'s' if sent != 1 else ''} sent.")
