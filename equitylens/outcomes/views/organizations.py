"""An organization admin's report: their members' completions and credit, with CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import organization_admin_required
from equitylens.outcomes.services.organizations import (
    organization_completions,
    organization_completions_csv,
)

FIRST_YEAR = 2020


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def _year(request: HttpRequest) -> int | None:
    """The year in ?year=, or None (all years) when missing or not offered."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in _years() else None


@organization_admin_required
def organization_report(request: HttpRequest, organization: Organization) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "outcomes/organization_report.html",
        {
            "organization": organization,
            "rows": organization_completions(organization, year),
            "year": year,
            "years": _years(),
        },
    )


@organization_admin_required
def organization_report_csv(request: HttpRequest, organization: Organization) -> HttpResponse:
    year = _year(request)
    text = organization_completions_csv(organization_completions(organization, year))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    suffix = f"-{year}" if year else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{organization.slug}-completions{suffix}.csv"'
    )
    return response
