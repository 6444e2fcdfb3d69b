"""Demo data: evaluations (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_evaluations(activities: Any) -> None:
    """Create or refresh the demo evaluations; idempotent."""
