"""Support tests keep uploaded agreements in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# A database threads really share, for the double-submit test (defined with the learner tests).
from tests.learning.conftest import shared_database  # noqa: E402, F401
