"""Back office: reporting to the ACCME's PARS — validation first, then batches to download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.credentials.models import ParsBatch
from equitylens.credentials.services.pars import (
    activity_problems,
    build_activity_batch,
    build_learner_batch,
    mark_exported,
    validate_completions,
)
from equitylens.credentials.services.pars_files import ACTIVITY_COLUMNS, LEARNER_COLUMNS


@coordinator_required
@require_GET
def pars(request: HttpRequest) -> HttpResponse:
    """The PARS page: every problem that keeps a completion out, then batches."""
    problems = validate_completions()
    return render(
        request,
        "coordinator/pars/pars.html",
        {
            "problems": problems,
            "learners_with_problems": len({p.email for p in problems}),
            "activity_problems": activity_problems(),
            "batches": ParsBatch.objects.select_related("created_by")[:50],
            "learner_columns": LEARNER_COLUMNS,
            "activity_columns": ACTIVITY_COLUMNS,
        },
    )


def _report(request: HttpRequest, batch: ParsBatch | None, what: str) -> HttpResponse:
    if batch is None:
        messages.info(request, f"Nothing new to report: every valid {what} is already in a batch.")
    else:
        corrected = f", {batch.corrected_count} corrected" if batch.corrected_count else ""
        messages.success(
            request,
            f"Batch {batch.pk} created with {batch.record_count} record"
            f"{'s' if batch.record_count != 1 else ''}{corrected}. Download it below.",
        )
    return redirect("coordinator:pars")


@coordinator_required
@require_POST
def pars_learner_batch(request: HttpRequest) -> HttpResponse:
    return _report(request, build_learner_batch(request.user), "MOC completion")


@coordinator_required
@require_POST
def pars_activity_batch(request: HttpRequest) -> HttpResponse:
    return _report(request, build_activity_batch(request.user), "activity")


@coordinator_required
@require_GET
def pars_download(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The batch's file, byte for byte as built; each download is audit-logged."""
    batch = mark_exported(get_object_or_404(ParsBatch, pk=batch_id), request.user)
    response = HttpResponse(batch.content.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.file_name}"'
    return response
