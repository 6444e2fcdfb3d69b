"""The case-file form (editors) and the facilitator's preparation form.

Both run the identifier scan on their texts and show each finding highlighted; saving with
findings needs "Save anyway". The rules and the transaction are in services/case_file.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from equitylens.casereview.models import EQUITY_TAGS, Case, CaseSeries, CaseStatus, FactorLevel
from equitylens.casereview.services.access import (
    can_edit_case_file,
    case_access,
    is_series_facilitator,
)
from equitylens.casereview.services.case_file import (
    EMPTY_FACTOR_ROWS,
    NARRATIVE_FIELDS,
    NARRATIVE_MAX,
    PREPARATION_FIELDS,
    CaseFileData,
    CaseFileError,
    FactorRow,
    PreparationData,
    findings_by_field,
    highlighted,
    is_locked,
    locked_message,
    save_case_file,
    save_preparation,
    version_of,
)

MAX_FACTOR_ROWS = 100


def _textarea(label: str, help_text: str = "", rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": NARRATIVE_MAX}),
    )


class CaseFileForm(forms.Form):
    """The case file's own fields; factor rows are parsed separately (see _factor_rows)."""

    clinical_narrative = _textarea(
        NARRATIVE_FIELDS["clinical_narrative"], "What happened clinically, de-identified."
    )
    counter_narrative = _textarea(
        NARRATIVE_FIELDS["counter_narrative"],
        "The social and structural forces behind the clinical story.",
    )
    root_cause_analysis = _textarea(
        NARRATIVE_FIELDS["root_cause_analysis"],
        "Why it happened, looking past individuals to systems and structures.",
    )
    equity_tags = forms.MultipleChoiceField(
        label="Equity-factor tags",
        required=False,
        choices=EQUITY_TAGS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "“%(value)s” is not an equity-factor tag."},
    )
    source_references = _textarea(
        "References to source systems",
        "One per line: the system and its ID, e.g. “EHR encounter 48213” or “Safety event "
        "SE-2291”. Refer to the record; never copy it here.",
        rows=4,
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    save_anyway = forms.BooleanField(
        label="Save anyway: I checked each highlighted detail and it does not identify anyone",
        required=False,
    )


def _factor_rows_from_case(case: Case) -> list[FactorRow]:
    rows = [FactorRow(f.description, f.level, f.pk) for f in case.factors.all()]
    return rows + [FactorRow() for _ in range(EMPTY_FACTOR_ROWS)]


def _factor_rows(post: QueryDict) -> list[FactorRow]:
    try:
        count = min(int(post.get("factor-count", "0")), MAX_FACTOR_ROWS)
    except ValueError:
        count = 0
    rows = []
    for n in range(1, count + 1):
        raw_id = post.get(f"factor-{n}-id", "").strip()
        rows.append(
            FactorRow(
                description=post.get(f"factor-{n}-description", ""),
                level=post.get(f"factor-{n}-level", ""),
                factor_id=int(raw_id) if raw_id.isdigit() else None,
                delete=post.get(f"factor-{n}-remove") == "on",
            )
        )
    return rows


def _warnings(texts: dict[str, str], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "field": name,
            "label": labels[name],
            "pieces": highlighted(texts[name], findings),
            "findings": findings,
        }
        for name, findings in findings_by_field(texts).items()
    ]


def _error_list(errors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor id, message) for the error summary."""
    anchors = {"__all__": "case-form", "equity_tags": "id_equity_tags_0"}
    listed = []
    for key, message in errors.items():
        if key.startswith("factor-"):
            anchor = f"id_{key}-description"
        else:
            anchor = anchors.get(key, f"id_{key}")
        listed.append((anchor, message))
    return listed


@never_cache
@case_access(
    can_edit_case_file,
    refusal="Only the series' facilitators, presenters and content experts edit case files.",
)
@require_http_methods(["GET", "HEAD", "POST"])
def case_file(request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any) -> HttpResponse:
    """The case-file form; POST saves it all in one transaction or shows why not (400)."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = CaseFileForm(request.POST)
        rows = _factor_rows(request.POST)
        if form.is_valid():
            data = CaseFileData(
                factors=rows,
                equity_tags=form.cleaned_data["equity_tags"],
                source_references=form.cleaned_data["source_references"],
                seen_updated_at=form.cleaned_data["version"],
                save_anyway=form.cleaned_data["save_anyway"],
                **{name: form.cleaned_data[name] for name in NARRATIVE_FIELDS},
            )
            try:
                save_case_file(case, request.user, data)
            except CaseFileError as error:
                errors = error.errors
            else:
                messages.success(request, f"The file of case {case.number} is saved.")
                return redirect("casereview:case", series.pk, case.number)
        else:
            errors = {name: str(problems[0]) for name, problems in form.errors.items()}
        for name, message in errors.items():
            if name in form.fields and name not in form.errors:
                form.add_error(name, message)
        texts = {name: request.POST.get(name, "") for name in NARRATIVE_FIELDS}
    else:
        initial = {name: getattr(case, name) for name in NARRATIVE_FIELDS}
        form = CaseFileForm(
            initial={
                **initial,
                "equity_tags": case.equity_tags,
                "source_references": case.source_references,
                "version": version_of(case),
            }
        )
        rows = _factor_rows_from_case(case)
        texts = initial
    factor_rows = [
        {"n": n, "row": row, "error": errors.get(f"factor-{n}", "")}
        for n, row in enumerate(rows, start=1)
    ]
    return render(
        request,
        "casereview/case_file.html",
        {
            "series": series,
            "case": case,
            "form": form,
            "factor_rows": factor_rows,
            "levels": FactorLevel.choices,
            "warnings": _warnings(texts, NARRATIVE_FIELDS),
            "errors": _error_list(errors),
            "general_error": errors.get("__all__", ""),
            "locked": is_locked(case),
            "locked_message": locked_message(case) if is_locked(case) else "",
        },
        status=400 if errors else 200,
    )


class PreparationForm(forms.Form):
    key_issues = _textarea(
        PREPARATION_FIELDS["key_issues"], "The health-equity issues this case raises.", rows=6
    )
    discussion_questions = _textarea(
        PREPARATION_FIELDS["discussion_questions"],
        "Questions to put to the group, besides the series' framing questions.",
        rows=6,
    )
    concerns = _textarea(
        PREPARATION_FIELDS["concerns"],
        "What could make the discussion unsafe or go wrong, and how you will handle it.",
        rows=4,
    )
    mark_prepared = forms.BooleanField(
        label="Mark the case prepared",
        help_text="Needs the key issues and the questions for discussion.",
        required=False,
    )
    save_anyway = forms.BooleanField(
        label="Save anyway: I checked each highlighted detail and it does not identify anyone",
        required=False,
    )


@never_cache
@case_access(is_series_facilitator, refusal="Only the series' facilitators prepare cases.")
@require_http_methods(["GET", "HEAD", "POST"])
def case_prepare(
    request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any
) -> HttpResponse:
    """The facilitator's preparation; ticking "Mark the case prepared" also moves a
    selected case to prepared, in the same transaction."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = PreparationForm(request.POST)
        if form.is_valid():
            data = PreparationData(**form.cleaned_data)
            try:
                saved = save_preparation(case, request.user, data)
            except CaseFileError as error:
                errors = error.errors
                for name, message in errors.items():
                    if name in form.fields:
                        form.add_error(name, message)
            else:
                note = " and marked prepared" if saved.status == CaseStatus.PREPARED else ""
                messages.success(request, f"The preparation of case {case.number} is saved{note}.")
                return redirect("casereview:case", series.pk, case.number)
        else:
            errors = {name: str(problems[0]) for name, problems in form.errors.items()}
        texts = {name: request.POST.get(name, "") for name in PREPARATION_FIELDS}
    else:
        texts = {name: getattr(case, name) for name in PREPARATION_FIELDS}
        form = PreparationForm(initial=texts)
    return render(
        request,
        "casereview/case_prepare.html",
        {
            "series": series,
            "case": case,
            "form": form,
            "warnings": _warnings(texts, PREPARATION_FIELDS),
            "errors": _error_list(errors),
            "general_error": errors.get("__all__", ""),
            "can_mark_prepared": case.status == CaseStatus.SELECTED,
            "locked": is_locked(case),
            "locked_message": locked_message(case) if is_locked(case) else "",
        },
        status=400 if errors else 200,
    )
