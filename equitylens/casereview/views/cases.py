"""The review body's case pages: the list, one case, its moves, the print view and the PDF.

Every view is guarded (and logged) by services.access; every page is `no-store` because it
holds a confidential peer-review document. The case file and preparation forms live in
views/case_file.py and are re-exported here for urls.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from equitylens.casereview.models import (
    AccessAction,
    Case,
    CaseSeries,
    CaseStatus,
    SubmissionKind,
)
from equitylens.casereview.services.access import (
    can_edit_case_file,
    case_access,
    is_review_member,
    is_series_facilitator,
    series_access,
)
from equitylens.casereview.services.case_export import (
    case_document,
    export_filename,
    render_case_pdf,
)
from equitylens.casereview.services.case_file import is_locked
from equitylens.casereview.services.cases import CaseTransitionError, allowed_moves, transition
from equitylens.casereview.services.intake import submitter_label
from equitylens.casereview.views.case_file import case_file, case_prepare

__all__ = [
    "case_detail",
    "case_file",
    "case_list",
    "case_pdf",
    "case_prepare",
    "case_print",
    "case_transition",
]

REASON_MAX = 2000
OPEN_FOR_MERGE_EXCLUDED = (CaseStatus.DECLINED, CaseStatus.MERGED, CaseStatus.CLOSED)


class CaseFilterForm(forms.Form):
    """The list's filters (GET); an unknown value is reported, never silently ignored."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *CaseStatus.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a case status; choose from the list."
        },
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Cases and topic ideas"), *SubmissionKind.choices],
        error_messages={"invalid_choice": "“%(value)s” is not a kind; choose from the list."},
    )


@never_cache
@series_access(is_review_member)
@require_safe
def case_list(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The series' cases with status and kind filters and a count per status."""
    form = CaseFilterForm(request.GET or None)
    cases = series.cases.select_related("submitted_by")
    status = 200
    if form.is_bound and form.is_valid():
        if form.cleaned_data["status"]:
            cases = cases.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["kind"]:
            cases = cases.filter(kind=form.cleaned_data["kind"])
    elif form.is_bound:
        status = 400
    counted = dict(
        series.cases.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = [(value, label, counted.get(value, 0)) for value, label in CaseStatus.choices]
    rows = [(case, submitter_label(case)) for case in cases]
    return render(
        request,
        "casereview/case_list.html",
        {
            "series": series,
            "form": form,
            "rows": rows,
            "counts": counts,
            "total": sum(counted.values()),
            "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        },
        status=status,
    )


def _moves(case: Case) -> list[dict[str, Any]]:
    moves = []
    for to_status, move in allowed_moves(case):
        moves.append(
            {
                "to_status": to_status,
                "label": move.label,
                "needs_reason": move.needs_reason,
                "is_merge": to_status == CaseStatus.MERGED,
            }
        )
    return moves


def _error_anchor(moves: list[dict[str, Any]], failed_move: str) -> str:
    """The id of the field to fix, for the error summary's link."""
    for move in moves:
        if move["to_status"] == failed_move:
            if move["is_merge"]:
                return "merged-into"
            if move["needs_reason"]:
                return f"reason-{failed_move}"
            return f"move-{failed_move}-button"
    return "moves-heading"


def _render_detail(
    request: HttpRequest,
    series: CaseSeries,
    case: Case,
    *,
    error: str = "",
    failed_move: str = "",
    posted: Any = None,
    status: int = 200,
) -> HttpResponse:
    facilitator = is_series_facilitator(request.user, series)
    context: dict[str, Any] = {
        "series": series,
        "case": case,
        "document": case_document(case),
        "facilitator": facilitator,
        "can_edit_file": can_edit_case_file(request.user, series) and not is_locked(case),
        "locked": is_locked(case),
        "error": error,
        "failed_move": failed_move,
        "posted": posted or {},
    }
    if facilitator:
        context["moves"] = _moves(case)
        context["error_anchor"] = _error_anchor(context["moves"], failed_move)
        context["merge_candidates"] = (
            series.cases.exclude(pk=case.pk)
            .exclude(status__in=OPEN_FOR_MERGE_EXCLUDED)
            .order_by("number")
        )
    return render(request, "casereview/case_detail.html", context, status=status)


@never_cache
@case_access(is_review_member)
@require_safe
def case_detail(
    request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any
) -> HttpResponse:
    """Everything about one case; facilitators also get the moves open to it."""
    return _render_detail(request, series, case)


def _merge_target(series: CaseSeries, raw: str) -> tuple[Case | None, str]:
    raw = raw.strip()
    if not raw:
        return None, ""
    if not raw.isdigit():
        return None, f"“{raw[:20]}” is not a case number; choose a case from the list."
    target = Case.objects.filter(series=series, number=int(raw)).first()
    if target is None:
        return None, f"There is no case {int(raw)} in this series; choose one from the list."
    return target, ""


@never_cache
@case_access(is_series_facilitator, refusal="Only the series' facilitators move cases.")
@require_POST
def case_transition(
    request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any
) -> HttpResponse:
    """Move the case (POST: to_status, reason, merged_into); a refused move changes nothing
    and shows why (400)."""
    to_status = request.POST.get("to_status", "")
    reason = request.POST.get("reason", "")
    target: Case | None = None
    error = ""
    if to_status not in CaseStatus.values:
        error = "Choose one of the moves offered for this case."
    elif len(reason) > REASON_MAX:
        error = f"The reason is {len(reason)} characters; keep it under {REASON_MAX}."
    elif to_status == CaseStatus.MERGED:
        target, error = _merge_target(series, request.POST.get("merged_into", ""))
    if not error:
        already = case.status == to_status
        try:
            moved = transition(case, to_status, request.user, reason=reason, merged_into=target)
        except CaseTransitionError as refused:
            error = str(refused)
        else:
            label = moved.get_status_display().lower()
            if already:
                messages.info(request, f"Nothing changed: case {moved.number} is already {label}.")
            else:
                messages.success(request, f"Case {moved.number} is now {label}.")
            return redirect("casereview:case", series.pk, moved.number)
    return _render_detail(
        request,
        series,
        case,
        error=error,
        failed_move=to_status,
        posted=request.POST,
        status=400,
    )


@never_cache
@case_access(is_review_member, action=AccessAction.PRINT)
@require_safe
def case_print(request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any) -> HttpResponse:
    """A print-friendly page of the whole case, marked at top and bottom; the print is logged."""
    return render(
        request,
        "casereview/case_print.html",
        {
            "series": series,
            "case": case,
            "document": case_document(case),
            "printed_at": timezone.localtime(),
        },
    )


@never_cache
@case_access(is_review_member, action=AccessAction.EXPORT)
@require_safe
def case_pdf(request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any) -> HttpResponse:
    """The case as a PDF download, marked on every page; the export is logged."""
    response = HttpResponse(render_case_pdf(case, request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(case)}"'
    return response
