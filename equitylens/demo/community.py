"""Demo data: community (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_community(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo community; idempotent. `people` maps e-mail → User."""
