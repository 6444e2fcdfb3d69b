"""Access log and aggregates (placeholder: being built)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from equitylens.casereview.models import AccessAction, Case, CaseSeries
from equitylens.casereview.services.access import (
    can_edit_case_file,
    can_manage_series,
    can_see_aggregates,
    can_submit,
    case_access,
    is_review_member,
    is_series_facilitator,
    series_access,
)

__all__ = [
    "AccessAction",
    "Case",
    "can_edit_case_file",
    "can_manage_series",
    "can_see_aggregates",
    "can_submit",
    "case_access",
    "is_review_member",
    "is_series_facilitator",
    "series_access",
]


def _todo(*args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Not built yet.")


@series_access(is_series_facilitator)
def access_log(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(can_see_aggregates)
def aggregates(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(can_see_aggregates, action=AccessAction.EXPORT)
def aggregates_csv(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()
