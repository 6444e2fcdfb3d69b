"""Back office: outcomes reports — the index, an activity's report, the annual summary, CSVs."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.outcomes.services.activity_csv import (
    activity_completions_csv,
    evaluation_answers_csv,
)
from equitylens.outcomes.services.activity_report import activity_report
from equitylens.outcomes.services.annual import annual_summary, annual_summary_csv
from equitylens.outcomes.services.evaluation_summary import evaluation_summary
from equitylens.outcomes.services.follow_ups import follow_up_results

FIRST_YEAR = 2020


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def _year(request: HttpRequest) -> int:
    """The year asked for in ?year=, or this year when missing or not offered."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in _years() else timezone.localdate().year


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
def reports_index(request: HttpRequest) -> HttpResponse:
    activities = Activity.objects.annotate(
        registered=Count(
            "sessions__registrations",
            filter=Q(sessions__registrations__status="registered"),
            distinct=True,
        ),
        completed=Count(
            "enrollments", filter=Q(enrollments__evaluated_at__isnull=False), distinct=True
        ),
        claimed=Count("credit_claims", distinct=True),
    ).order_by("title")
    return render(
        request,
        "coordinator/reports/index.html",
        {"activities": activities, "years": _years(), "year": timezone.localdate().year},
    )


@coordinator_required
def report_activity(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity, slug=slug)
    return render(
        request,
        "coordinator/reports/activity.html",
        {
            "activity": activity,
            "report": activity_report(activity),
            "summary": evaluation_summary(activity),
            "follow_ups": follow_up_results(activity),
        },
    )


@coordinator_required
def report_completions_csv(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity, slug=slug)
    return csv_response(activity_completions_csv(activity), f"{activity.slug}-completions.csv")


@coordinator_required
def report_evaluation_csv(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity, slug=slug)
    return csv_response(evaluation_answers_csv(activity), f"{activity.slug}-evaluations.csv")


@coordinator_required
def report_annual(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "coordinator/reports/annual.html",
        {"summary": annual_summary(year), "years": _years(), "year": year},
    )


@coordinator_required
def report_annual_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return csv_response(annual_summary_csv(annual_summary(year)), f"annual-summary-{year}.csv")
