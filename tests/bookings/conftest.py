"""Fixtures for the booking tests: a coordinator, and the e-mails an action sends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_coordinator


@pytest.fixture
def coordinator() -> Any:
    return make_coordinator()


@pytest.fixture
def sent(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Any:
    """Run `action` and return {recipient: subject} of the e-mails it sent."""

    def run(action: Any) -> dict[str, str]:
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return {m.to[0]: m.subject for m in mailoutbox}

    return run
