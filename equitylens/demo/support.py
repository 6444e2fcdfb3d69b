"""Demo data: support (fictional, written by us).

The monthly dialogue series "Conversations on Race and Equity" is funded by an educational
grant from a fictional foundation (other support, no agreement needed). No activity has
commercial support, so every acknowledgment reads "There is no commercial support for
this activity."
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from equitylens.support.models import SupporterType, SupportKind
from equitylens.support.services.records import record_support

COORDINATOR = "sam.rivera@lakeshoremed.example"
SERIES = "conversations-on-race-and-equity"
FOUNDATION = "Meridian Valley Health Foundation"


def load_support(activities: dict[str, Any], users: dict[str, Any]) -> None:
    """Record the demo grant once; idempotent (record_support returns an existing record)."""
    series = activities.get(SERIES)
    if series is None:
        return
    record_support(
        series,
        supporter_type=SupporterType.OTHER,
        supporter_name=FOUNDATION,
        kind=SupportKind.MONETARY,
        amount=Decimal("7500.00"),
        by=users.get(COORDINATOR),
    )
