"""Demo data: sessions (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_sessions(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo sessions; idempotent. `people` maps e-mail → User."""
