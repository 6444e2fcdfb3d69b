"""Demo data: certificates (fictional, written by us)."""

from __future__ import annotations

from typing import Any


def load_certificate_layout(activities: Any) -> None:
    """Create or refresh the demo certificates; idempotent."""
