"""Fixtures for the learner's path tests: a database that threads really share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """A database every thread really shares: as is, or an SQLite file instead of memory.

    Django tests SQLite in a shared-cache in-memory database whose table locks fail at
    once instead of waiting; a migrated file with the production settings (WAL, BEGIN
    IMMEDIATE, busy timeout) behaves as a deployment does. PostgreSQL is used as is.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    memory_settings = connections.settings["default"]
    memory_connection = connections["default"]
    connections.settings["default"] = {**memory_settings, "NAME": str(tmp_path / "db.sqlite3")}
    connections["default"] = connections.create_connection("default")
    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        yield
    finally:
        connections["default"].close()
        connections["default"] = memory_connection
        connections.settings["default"] = memory_settings
