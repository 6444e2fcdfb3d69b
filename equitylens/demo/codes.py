"""Demo data: codes (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_codes(activities: dict[str, Any], coordinator: Any) -> None:
    """Create or refresh the demo codes; idempotent."""
