"""Oversight of a series: the access log (facilitators) and de-identified counts.

Both are read-only. The access log cannot be changed or deleted by anyone (the model and
a database trigger refuse); the counts are protected against small cells by
services.aggregates before they reach a template or a CSV.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from equitylens.casereview.models import AccessAction, AccessOutcome, CaseAccess, CaseSeries
from equitylens.casereview.services.access import (
    can_see_aggregates,
    is_series_facilitator,
    series_access,
)
from equitylens.casereview.services.aggregates import aggregates_csv as build_aggregates_csv
from equitylens.casereview.services.aggregates import series_aggregates

PAGE_SIZE = 50


class AccessLogFilter(forms.Form):
    """The access log's filters; every field optional."""

    outcome = forms.ChoiceField(
        choices=[("", "Any outcome"), *AccessOutcome.choices], required=False, label="Outcome"
    )
    action = forms.ChoiceField(
        choices=[("", "Any action"), *AccessAction.choices], required=False, label="Action"
    )
    person = forms.CharField(
        required=False,
        max_length=254,
        label="Person's e-mail contains",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    case_number = forms.IntegerField(
        required=False,
        min_value=1,
        label="Case number",
        error_messages={
            "invalid": "Case number must be a whole number, such as 12.",
            "min_value": "Case number must be 1 or more.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def apply(self, rows: QuerySet[CaseAccess]) -> QuerySet[CaseAccess]:
        """`rows` narrowed by the valid filters (call after is_valid())."""
        data = self.cleaned_data
        if data.get("outcome"):
            rows = rows.filter(outcome=data["outcome"])
        if data.get("action"):
            rows = rows.filter(action=data["action"])
        if data.get("person", "").strip():
            rows = rows.filter(actor__email__icontains=data["person"].strip()).exclude(_WITHHELD)
        if data.get("case_number"):
            rows = rows.filter(case_number=data["case_number"])
        return rows


# A submitter may withhold their name from the review body, so who submitted (or looked
# at their own submission) is not shown to facilitators either: the time of a "submit"
# row next to a new case would otherwise name them. Refused attempts stay attributed.
SUBMITTER_VIEWS = ("casereview:submit", "casereview:my_submission", "casereview:my_submissions")
_WITHHELD = Q(view_name__in=SUBMITTER_VIEWS, outcome=AccessOutcome.ALLOWED)


@series_access(is_series_facilitator, refusal="The access log is for the series' facilitators.")
@require_safe
def access_log(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """Every attempt to open anything of this series, newest first, 50 a page."""
    form = AccessLogFilter(request.GET or None)
    rows: QuerySet[CaseAccess] = CaseAccess.objects.filter(series_id=series.pk).select_related(
        "actor"
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            rows = form.apply(rows)
        else:
            status = 400
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [
        (entry, entry.view_name in SUBMITTER_VIEWS and entry.outcome == AccessOutcome.ALLOWED)
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casereview/access_log.html",
        {
            "series": series,
            "form": form,
            "page": page,
            "entries": entries,
            "filtered": form.is_bound and any(v for k, v in request.GET.items() if k != "page"),
            "query": query.urlencode(),
        },
        status=status,
    )


@series_access(can_see_aggregates, refusal="Counts are for the review body and the organization.")
@require_safe
def aggregates(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The series' de-identified counts, small cells suppressed."""
    return render(
        request,
        "casereview/aggregates.html",
        {"series": series, "data": series_aggregates(series)},
    )


@series_access(
    can_see_aggregates,
    action=AccessAction.EXPORT,
    refusal="Counts are for the review body and the organization.",
)
@require_safe
def aggregates_csv(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The same counts as a CSV download (suppressed values empty, flagged)."""
    response = HttpResponse(build_aggregates_csv(series), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="mm-series-{series.pk}-counts-{stamp}.csv"'
    )
    return response
