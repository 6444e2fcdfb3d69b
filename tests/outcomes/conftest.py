"""Fixtures for outcomes tests: the small fixed world of factories_world.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.outcomes.factories_world import World, make_world


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


# A database threads really share (SQLite file or PostgreSQL), for the concurrency tests.
from tests.learning.conftest import shared_database  # noqa: E402,F401
