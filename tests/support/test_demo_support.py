"""The demo support loader: one foundation grant, no commercial support, idempotent."""

from __future__ import annotations

import pytest

from equitylens.demo.support import FOUNDATION, SERIES, load_support
from equitylens.support.models import ActivitySupport
from equitylens.support.services.records import support_acknowledgment
from tests.factories import make_activity, make_coordinator

pytestmark = pytest.mark.django_db


def test_the_demo_grant_is_loaded_once_and_reads_no_commercial_support() -> None:
    series = make_activity("Conversations on Race and Equity", slug=SERIES)
    other = make_activity("Another activity")
    activities = {SERIES: series, other.slug: other}
    users = {"sam.rivera@lakeshoremed.example": make_coordinator()}
    load_support(activities, users)
    load_support(activities, users)
    assert ActivitySupport.objects.get().supporter_name == FOUNDATION
    assert support_acknowledgment(series) == [
        "There is no commercial support for this activity.",
        f"This activity is offered with support from {FOUNDATION}.",
    ]
    assert support_acknowledgment(other) == ["There is no commercial support for this activity."]


def test_the_loader_skips_a_missing_activity() -> None:
    load_support({}, {})
    assert not ActivitySupport.objects.exists()
