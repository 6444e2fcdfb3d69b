"""Disparity runs from the web app: who may, starting a run, the background task, progress.

Extracts are patient data. Only members holding the analyst or organization-admin role in an
organization see or start that organization's runs; platform coordinators get no pass.

`start_run` checks the upload (services.run_uploads: header only), saves it under the form
token's name and enqueues `run_disparities_task` once the transaction commits. The task moves
the run queued → running → done | failed, records progress, and stores the engine's JSON
result (aggregate numbers only) in `DisparityRun.result`. Running it twice does no work twice.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import analysis_organizations, may_analyse
from equitylens.audit.services import log_action
from equitylens.disparities.models import DisparityRun, RunKind, RunStatus
from equitylens.disparities.services.run_uploads import (
    RunUploadError,
    UploadProblem,
    check_upload,
)

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=2)  # a run whose worker died is taken over after this long
PROGRESS_EVERY_SECONDS = 2.0
PROGRESS_EVERY_PERCENT = 5
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


# --- Who may -----------------------------------------------------------------------------


# Who may: analysts and organization admins of the organization (accounts.permissions).
disparity_organizations = analysis_organizations
may_measure = may_analyse


def runs_visible_to(user: Any) -> QuerySet[DisparityRun]:
    """Every run of the organizations where `user` may measure, newest first."""
    return DisparityRun.objects.filter(
        organization__in=[org.pk for org in disparity_organizations(user)]
    ).select_related("organization", "created_by")


# --- Starting a run ----------------------------------------------------------------------


def start_run(
    organization: Organization,
    upload: UploadedFile | None,
    *,
    groups_text: str,
    outcomes_text: str,
    references_text: str = "",
    reference_rule: str = "largest",
    min_cell: Any = 11,
    by: Any,
    token: str,
) -> tuple[DisparityRun, bool]:
    """Save a checked upload as a queued run and enqueue its task after commit.

    Returns (run, created). The same `token` from the same person gives back the run it
    created the first time, so a double submit makes one run. The file is stored under the
    token's name, never the user's file name. Raises PermissionDenied when `by` may not
    measure for `organization`; RunUploadError (nothing saved) for a bad upload.
    """
    if not may_measure(by, organization):
        raise PermissionDenied("Only analysts and organization admins can measure disparities.")
    if not _TOKEN.fullmatch(token or ""):
        raise RunUploadError(
            [UploadProblem("", "The form had expired; choose the file and send it again.")]
        )
    existing = DisparityRun.objects.filter(created_by=by, upload_token=token).first()
    if existing is not None:
        return existing, False
    options = check_upload(
        upload,
        groups_text=groups_text,
        outcomes_text=outcomes_text,
        references_text=references_text,
        reference_rule=reference_rule,
        min_cell=min_cell,
    )
    assert upload is not None  # check_upload refuses a missing file
    with transaction.atomic():
        # Serialise per organization so two posts of one token make one run.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = DisparityRun.objects.filter(created_by=by, upload_token=token).first()
        if existing is not None:
            return existing, False
        original = Path(upload.name or "extract").name[:255]
        upload.name = f"{token}{Path(upload.name or '').suffix.lower()}"
        run = DisparityRun.objects.create(
            organization=organization,
            created_by=by,
            kind=RunKind.MEASURE,
            data_file=upload,
            original_name=original,
            size_bytes=upload.size or 0,
            options=options,
            upload_token=token,
        )
        log_action(by, "disparity_run.created", run, options=options)
        run_id = run.pk
        transaction.on_commit(lambda: run_disparities_task.enqueue(run_id))
    return run, True


# --- The task ----------------------------------------------------------------------------


@task
def run_disparities_task(run_id: int) -> None:
    """Background entry point: run the disparity run `run_id` (see run_disparities)."""
    run_disparities(run_id)


Runner = Callable[..., dict[str, Any]]


def run_disparities(run_id: int, *, runner: Runner | None = None) -> DisparityRun | None:
    """Measure a queued run with the engine and record the outcome.

    Claims the run first (queued → running, or a run left running longer than
    STALE_AFTER); a done, failed or freshly running run is left alone, so a duplicated
    task does no work twice. Any error ends in `failed` with a message for the user: the
    engine's own input message (missing column, outcome not 0/1, empty file…) or, for
    anything unexpected, that it was an internal error (the trace goes to the log only).
    Returns the run as left, or None when it was not claimed.
    """
    run = _claim(run_id)
    if run is None:
        return None
    try:
        measure = runner or _engine()
        options = dict(run.options)
        result = measure(
            Path(run.data_file.path),
            list(options.get("groups", [])),
            list(options.get("outcomes", [])),
            _measure_options(options),
            progress=ProgressRecorder(run.pk),
        )
    except Exception as error:  # every failure must reach the user as a message
        message = failure_message(error, run)
        if message.startswith("The run stopped because of an internal error"):
            logger.exception("Disparity run %s failed", run.pk)
        return _finish(run, RunStatus.FAILED, error=message)
    return _finish(run, RunStatus.DONE, result=json_safe(result))


def _engine() -> Runner:
    from equitylens.disparities.services.measure_run import run_measure

    return run_measure


def _measure_options(options: dict[str, Any]) -> Any:
    from equitylens.disparities.services.contract import MeasureOptions

    return MeasureOptions(
        reference=dict(options.get("reference") or {}),
        reference_rule=options.get("reference_rule", "largest"),
        min_cell=int(options.get("min_cell", 11)),
    )


def failure_message(error: BaseException, run: DisparityRun) -> str:
    """What the user reads when a run fails, never with a stack trace: the engine's input
    message as written (it names the column, row and why), or a generic internal error."""
    if type(error).__module__.startswith("equitylens.disparities.services"):
        stored = Path(run.data_file.name or "").name
        text = str(error).strip().replace(stored, run.original_name) if stored else str(error)
        return f"The data could not be measured: {text}"
    if isinstance(error, FileNotFoundError):
        return "The uploaded file is no longer on the server; upload it again."
    if isinstance(error, MemoryError):
        return "The file was too large to measure in memory; upload it as Parquet."
    return (
        f"The run stopped because of an internal error (run {run.pk}); nothing was kept. Try "
        "again later; if it fails again, tell the Equity Lens team this number."
    )


def _claim(run_id: int) -> DisparityRun | None:
    now = timezone.now()
    claimable = Q(status=RunStatus.QUEUED) | Q(
        status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = DisparityRun.objects.filter(claimable, pk=run_id).update(
        status=RunStatus.RUNNING, started_at=now, progress=0, error=""
    )
    return DisparityRun.objects.get(pk=run_id) if claimed else None


def _finish(run: DisparityRun, status: str, **fields: Any) -> DisparityRun:
    with transaction.atomic():
        run.status = status
        run.finished_at = timezone.now()
        if status == RunStatus.DONE:
            run.progress = 100
        for name, value in fields.items():
            setattr(run, name, value)
        run.save(update_fields=["status", "finished_at", "progress", *fields.keys()])
        log_action(None, f"disparity_run.{status}", run, error=run.error[:300])
    return run


class ProgressRecorder:
    """The engine's progress callback: saves 0–99 on the run while it runs, throttled.

    Accepts a fraction (0–1) or a percentage (above 1). Saves when the value moved by
    PROGRESS_EVERY_PERCENT or PROGRESS_EVERY_SECONDS passed; never moves backwards, and
    never writes to a run that is no longer running.
    """

    def __init__(self, run_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.run_id = run_id
        self.clock = clock
        self.saved = 0
        self.saved_at = clock()
        self.writes = 0

    def __call__(self, value: float, *args: Any, **kwargs: Any) -> None:
        number = float(value)
        percent = max(0, min(99, int(number if number > 1 else number * 100)))
        if percent <= self.saved:
            return
        now = self.clock()
        moved = percent - self.saved >= PROGRESS_EVERY_PERCENT
        if not moved and now - self.saved_at < PROGRESS_EVERY_SECONDS:
            return
        DisparityRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
            progress=percent
        )
        self.saved, self.saved_at = percent, now
        self.writes += 1


def json_safe(value: Any) -> Any:
    """`value` with NaN and infinities as None and tuples as lists, so it stores as JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return value
