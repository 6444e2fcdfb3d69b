"""Fixtures for the back office tests: a signed-in coordinator (with TOTP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import make_coordinator


@pytest.fixture
def coordinator(db: Any) -> Any:
    return make_coordinator()


@pytest.fixture
def coordinator_client(client: Client, coordinator: Any) -> Client:
    client.force_login(coordinator)
    return client
