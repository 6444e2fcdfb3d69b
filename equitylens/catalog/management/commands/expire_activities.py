"""`equitylens expire_activities`: expire enduring material past its expiration date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equitylens.catalog.services.lifecycle import expire_due_activities


class Command(BaseCommand):
    help = "Expire enduring material whose expiration date has passed (run daily; safe to rerun)."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_due_activities()
        for activity in expired:
            self.stdout.write(f"Expired: {activity.title} (expiration date {activity.ends_on})")
        count = len(expired)
        noun = "activity" if count == 1 else "activities"
        self.stdout.write(self.style.SUCCESS(f"{count} {noun} expired."))
