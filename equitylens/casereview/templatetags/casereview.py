"""Template tags shared by every case-review page: the series navigation and the marking."""

from __future__ import annotations

from typing import Any

from django import template

from equitylens.casereview.models import CaseSeries
from equitylens.casereview.services.access import (
    can_manage_series,
    can_see_aggregates,
    is_review_member,
    is_series_facilitator,
)

register = template.Library()


@register.inclusion_tag("casereview/_series_nav.html", takes_context=True)
def series_nav(context: dict[str, Any], series: CaseSeries, current: str) -> dict[str, Any]:
    """Tabs of a series, only those the viewer may open; `current` names the open one
    (overview, cases, actions, members, setup, access_log, aggregates, submit)."""
    user = context["request"].user
    member = is_review_member(user, series)
    facilitator = member and is_series_facilitator(user, series)
    links: list[tuple[str, str, str]] = []
    if member:
        links += [
            ("overview", "Overview", "casereview:series"),
            ("cases", "Cases", "casereview:case_list"),
            ("actions", "Actions", "casereview:action_list"),
        ]
    if can_manage_series(user, series):
        links += [
            ("members", "Review body", "casereview:members"),
            ("setup", "Setup", "casereview:series_setup"),
        ]
    if facilitator:
        links.append(("access_log", "Access log", "casereview:access_log"))
    if can_see_aggregates(user, series):
        links.append(("aggregates", "Counts", "casereview:aggregates"))
    links.append(("submit", "Submit a case", "casereview:submit"))
    return {"series": series, "links": links, "current": current}


@register.inclusion_tag("casereview/_confidential.html")
def confidential_marking() -> dict[str, Any]:
    """The marking shown on every page that holds case content."""
    return {}
