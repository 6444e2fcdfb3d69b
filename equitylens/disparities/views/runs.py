"""Disparity runs in the web app: the list, the upload, progress, results and downloads.

Open only to analysts and organization admins, each for their own organizations' runs
(services.runs decides). Anonymous visitors go to sign-in; anyone else gets 403.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from equitylens.accounts.models import Organization
from equitylens.audit.services import log_action
from equitylens.disparities.models import DisparityRun, RunStatus
from equitylens.disparities.services import forest
from equitylens.disparities.services.contract import ROW_KEYS
from equitylens.disparities.services.run_uploads import (
    MIN_CELL_FLOOR,
    RunUploadError,
    max_upload_mb,
    new_upload_token,
)
from equitylens.disparities.services.runs import (
    disparity_organizations,
    may_measure,
    runs_visible_to,
    start_run,
)
from equitylens.disparities.services.send_to_case_review import series_for_sending

REFUSAL = "Only analysts and organization admins can measure disparities."
ViewFunc = Callable[..., HttpResponseBase]


def disparity_access(view: ViewFunc) -> ViewFunc:
    """Sign-in for anonymous visitors; 403 for people with no organization to measure."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not disparity_organizations(request.user):
            raise PermissionDenied(REFUSAL)
        return view(request, *args, **kwargs)

    return wrapped


def visible_run(request: HttpRequest, pk: int) -> DisparityRun:
    """The run `pk` (404 if none), or 403 when it belongs to another organization."""
    run = get_object_or_404(DisparityRun.objects.select_related("organization"), pk=pk)
    if not may_measure(request.user, run.organization):
        raise PermissionDenied(REFUSAL)
    return run


class RunUploadForm(forms.Form):
    """The upload's fields; services.run_uploads judges the values (one place for rules)."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        empty_label=None,
        label="Organization",
        error_messages={"invalid_choice": "Choose one of your organizations."},
    )
    data_file = forms.FileField(
        label="Data file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.parquet"}),
    )
    groups = forms.CharField(
        label="Group columns",
        required=False,
        help_text="Separated by commas, e.g. race_ethnicity, preferred_language, payer.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    outcomes = forms.CharField(
        label="Outcome columns (0/1)",
        required=False,
        help_text="Separated by commas, e.g. a1c_controlled, screened.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    references = forms.CharField(
        label="Reference groups (optional)",
        required=False,
        help_text="COLUMN=VALUE, separated by commas, e.g. race_ethnicity=White. Columns "
        "without one use the rule below.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reference_rule = forms.ChoiceField(
        label="Reference when none is given",
        choices=[("largest", "The largest group"), ("best", "The group with the best rate")],
        initial="largest",
        widget=forms.RadioSelect,
    )
    min_cell = forms.CharField(
        label="Minimum cell size",
        initial=str(MIN_CELL_FLOOR),
        help_text=f"Groups with fewer people or events are suppressed; at least {MIN_CELL_FLOOR}.",
        widget=forms.NumberInput(attrs={"min": MIN_CELL_FLOOR, "step": 1}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            field.widget = forms.HiddenInput()
            field.required = False
            self.initial["organization"] = organizations[0].pk
        self.fields["data_file"].help_text = (
            f"A .csv (UTF-8) or .parquet file of up to {max_upload_mb():g} MB, one row per "
            "person, with group columns and 0/1 outcome columns."
        )


@disparity_access
@require_safe
def run_list(request: HttpRequest) -> HttpResponse:
    """The runs of the user's organizations, newest first."""
    return render(
        request,
        "disparities/run_list.html",
        {"runs": list(runs_visible_to(request.user)[:200])},
    )


@disparity_access
@require_http_methods(["GET", "HEAD", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    """The upload form; POST checks the header and options, then queues the run."""
    organizations = disparity_organizations(request.user)
    if request.method != "POST":
        form = RunUploadForm(initial={"token": new_upload_token()}, organizations=organizations)
        return _form_page(request, form)
    form = RunUploadForm(request.POST, request.FILES, organizations=organizations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run, created = start_run(
                data.get("organization") or organizations[0],
                data.get("data_file"),
                groups_text=data.get("groups") or "",
                outcomes_text=data.get("outcomes") or "",
                references_text=data.get("references") or "",
                reference_rule=data.get("reference_rule") or "largest",
                min_cell=data.get("min_cell") or "",
                by=request.user,
                token=data.get("token") or "",
            )
        except RunUploadError as error:
            for problem in error.problems:
                form.add_error(problem.field or None, problem.message)
        else:
            if created:
                messages.success(request, f"“{run.original_name}” is uploaded and queued.")
            else:
                messages.info(request, "This upload was already received; here is its run.")
            return redirect("disparities:run", pk=run.pk)
    return _form_page(request, form, status=400)


def _form_page(request: HttpRequest, form: RunUploadForm, status: int = 200) -> HttpResponse:
    organizations = disparity_organizations(request.user)
    return render(
        request,
        "disparities/run_new.html",
        {"form": form, "organizations": organizations},
        status=status,
    )


def _progress_context(run: DisparityRun) -> dict[str, Any]:
    return {"run": run, "active": run.status in (RunStatus.QUEUED, RunStatus.RUNNING)}


@disparity_access
@require_safe
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Status and progress; when done, the rule, a forest plot and table per outcome, the
    summary indices, downloads, and for flagged rows the way to case review."""
    run = visible_run(request, pk)
    context = _progress_context(run)
    if run.status == RunStatus.DONE:
        result = run.result or {}
        context["outcomes"] = [
            {
                "name": name,
                "svg": mark_safe(forest.forest_svg(result, name, element_id=f"forest-{number}")),  # noqa: S308 — escaped by forest_svg
                "rows": forest.table_rows(result, name),
                "number": number,
            }
            for number, name in enumerate(forest.outcomes_of(result), start=1)
        ]
        context["rule"] = result.get("rule")
        context["indices"] = [_index_items(item) for item in result.get("indices") or []]
        context["series"] = series_for_sending(request.user, run)
        context["notes"] = [n for n in result.get("notes") or [] if isinstance(n, dict)]
    response = render(request, "disparities/run_detail.html", context)
    add_never_cache_headers(response)
    return response


def _index_items(item: Any) -> list[tuple[str, str]]:
    if not isinstance(item, dict):
        return [("value", str(item))]
    return [
        (
            str(key).replace("_", " ").capitalize(),
            f"{value:.4g}" if isinstance(value, float) else str(value),
        )
        for key, value in item.items()
    ]


@disparity_access
@require_safe
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment polled by htmx; once finished, htmx is told to reload."""
    run = visible_run(request, pk)
    response = render(request, "disparities/_run_progress.html", _progress_context(run))
    if request.headers.get("HX-Request") and run.status in (RunStatus.DONE, RunStatus.FAILED):
        response["HX-Refresh"] = "true"
    add_never_cache_headers(response)
    return response


def _done_result(request: HttpRequest, pk: int) -> tuple[DisparityRun, dict[str, Any]]:
    run = visible_run(request, pk)
    if run.status != RunStatus.DONE:
        raise Http404("The run has no result yet.")
    return run, run.result or {}


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@disparity_access
@require_safe
def run_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The result as an attachment, never cached: csv (the rows), json (rule, rows,
    indices) or png (the forest plot of `?outcome=`, by default the first outcome)."""
    run, result = _done_result(request, pk)
    stem = f"disparities-run-{run.pk}"
    if fmt == "json":
        content: bytes | str = json.dumps(result, indent=2, ensure_ascii=False)
        response = _attachment(content, "application/json", f"{stem}.json")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ROW_KEYS, extrasaction="ignore")
        writer.writeheader()
        for row in result.get("rows") or []:
            writer.writerow({key: "" if row.get(key) is None else row.get(key) for key in ROW_KEYS})
        response = _attachment(buffer.getvalue(), "text/csv; charset=utf-8", f"{stem}.csv")
    elif fmt == "png":
        outcomes = forest.outcomes_of(result)
        outcome = request.GET.get("outcome") or (outcomes[0] if outcomes else "")
        if outcome not in outcomes:
            raise Http404("The run has no such outcome.")
        png = forest.forest_png(result, outcome)
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in outcome)[:60]
        response = _attachment(png, "image/png", f"{stem}-{safe}.png")
    else:
        raise Http404("Downloads are csv, json or png.")
    log_action(request.user, "disparity_run.downloaded", run, format=fmt)
    return response


@disparity_access
@require_safe
def forest_svg(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    """The forest plot of one outcome as an SVG image (not cached)."""
    _, result = _done_result(request, pk)
    if outcome not in forest.outcomes_of(result):
        raise Http404("The run has no such outcome.")
    response = HttpResponse(forest.forest_svg(result, outcome), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
