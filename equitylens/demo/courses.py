"""Demo data: courses (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_courses(activities: Any) -> None:
    """Create or refresh the demo courses; idempotent."""
