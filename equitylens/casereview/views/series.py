"""Series home, setup, review body and ground rules (placeholder: being built)."""

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


def home(request: HttpRequest) -> HttpResponse:
    return _todo()


def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _todo()


@series_access(is_review_member)
def series_page(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(can_manage_series)
def series_setup(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(can_manage_series)
def members(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(can_manage_series)
def member_edit(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()


@series_access(is_review_member)
def ground_rules(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    return _todo()
