"""Demo data: bookings (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_bookings(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo bookings; idempotent. `people` maps e-mail → User."""
