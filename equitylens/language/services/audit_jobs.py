"""Clinical-note audits run from the web app: who may, the upload's checks, and the task.

Notes are patient data. Only members holding the analyst or organization-admin role in an
organization see or start that organization's audits; platform coordinators have no access
unless they hold one of those roles there.

An upload is checked before anything is saved (file type, size, the header's columns, the
group and reference options); then `start_audit` saves it and enqueues
`run_note_audit_task` once the transaction commits. The task moves the audit
queued → running → done | failed, records progress, and writes the engine's results
(findings.parquet, summary.json, report.html) under
MEDIA_ROOT/language/audits/results/<id>/. Running it twice never repeats work.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import analysis_organizations, may_analyse
from equitylens.audit.services import log_action
from equitylens.language.models import AuditStatus, NoteAudit
from equitylens.language.services.audit_uploads import (
    AuditUploadError,
    UploadProblem,
    check_upload,
    failure_message,
)

logger = logging.getLogger(__name__)

RESULT_FILES = ("report.html", "summary.json", "findings.parquet")
RESULTS_ROOT = "language/audits/results"
# A run whose worker died is taken over by the next try after this long.
STALE_AFTER = timedelta(hours=2)
PROGRESS_EVERY_SECONDS = 2.0
PROGRESS_EVERY_PERCENT = 5
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


# --- Who may ---------------------------------------------------------------------------


# Who may: analysts and organization admins of the organization (accounts.permissions).
audit_organizations = analysis_organizations
may_audit = may_analyse


def audits_visible_to(user: Any) -> QuerySet[NoteAudit]:
    """Every audit of the organizations where `user` may audit, newest first."""
    return NoteAudit.objects.filter(
        organization__in=[org.pk for org in audit_organizations(user)]
    ).select_related("organization", "uploaded_by")


# --- Starting an audit -------------------------------------------------------------------


def start_audit(
    organization: Organization,
    upload: UploadedFile | None,
    *,
    groups_text: str,
    reference_text: str,
    by: Any,
    token: str,
) -> tuple[NoteAudit, bool]:
    """Save a checked upload as a queued audit and enqueue its task after commit.

    Returns (audit, created). The same `token` from the same person gives back the audit
    it created the first time (a double submit makes one audit). The uploaded file is
    stored under the token's name, never the user's file name. Raises PermissionDenied if
    `by` may not audit `organization`, AuditUploadError (nothing saved) for a bad upload.
    """
    if not may_audit(by, organization):
        raise PermissionDenied("Only analysts and organization admins can start note audits.")
    if not _TOKEN.fullmatch(token or ""):
        raise AuditUploadError(
            [UploadProblem("", "The form had expired; choose the file and send it again.")]
        )
    existing = _audit_with_token(by, token)
    if existing is not None:
        return existing, False
    groups, reference = check_upload(upload, groups_text, reference_text)
    assert upload is not None  # check_upload refuses a missing file
    with transaction.atomic():
        # Serialise uploads per organization so two submits of one token make one audit.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = _audit_with_token(by, token)
        if existing is not None:
            return existing, False
        suffix = Path(upload.name or "").suffix.lower()
        original = Path(upload.name or "notes").name[:255]
        upload.name = f"{token}{suffix}"
        audit = NoteAudit.objects.create(
            organization=organization,
            uploaded_by=by,
            notes_file=upload,
            original_name=original,
            size_bytes=upload.size or 0,
            groups=groups,
            reference=reference,
        )
        log_action(by, "note_audit.created", audit, groups=groups, reference=reference)
        audit_id = audit.pk
        transaction.on_commit(lambda: run_note_audit_task.enqueue(audit_id))
    return audit, True


def _audit_with_token(by: Any, token: str) -> NoteAudit | None:
    return (
        NoteAudit.objects.filter(uploaded_by=by, notes_file__contains=f"/{token}.")
        .order_by("pk")
        .first()
    )


# --- The task ----------------------------------------------------------------------------


@task
def run_note_audit_task(audit_id: int) -> None:
    """Background entry point: run the audit `audit_id` (see run_note_audit)."""
    run_note_audit(audit_id)


Runner = Callable[..., dict[str, Any]]


def run_note_audit(audit_id: int, *, runner: Runner | None = None) -> NoteAudit | None:
    """Run a queued audit with the audit engine and record the outcome.

    Claims the audit first (queued → running, or a run left `running` longer than
    STALE_AFTER): a done, failed or freshly running audit is left alone, so a retried or
    duplicated task does no work twice. Progress is saved at most every ~2 seconds or
    5 points. Results replace `results/<id>/` only when complete. Any error ends in
    `failed` with a message for the user (no stack trace; the trace goes to the log).
    Returns the audit as left, or None when it was not claimed.
    """
    audit = _claim(audit_id)
    if audit is None:
        return None
    final_dir = Path(settings.MEDIA_ROOT) / RESULTS_ROOT / str(audit.pk)
    work_dir = final_dir.with_name(f"{audit.pk}.partial")
    try:
        run = runner or _engine()
        shutil.rmtree(work_dir, ignore_errors=True)
        work_dir.mkdir(parents=True)
        summary = run(
            Path(audit.notes_file.path),
            list(audit.groups),
            dict(audit.reference),
            work_dir,
            progress=ProgressRecorder(audit.pk),
            # NOTE_AUDIT_WORKERS: processes for one audit (default: one per CPU core).
            workers=getattr(settings, "NOTE_AUDIT_WORKERS", None),
        )
        shutil.rmtree(final_dir, ignore_errors=True)
        work_dir.rename(final_dir)
    except Exception as error:  # every failure must reach the user as a message
        shutil.rmtree(work_dir, ignore_errors=True)
        stored_name = Path(audit.notes_file.name or "").name
        message = failure_message(error, audit.pk).replace(stored_name, audit.original_name)
        message = message.strip()
        if message.startswith("The audit stopped because of an internal error"):
            logger.exception("Note audit %s failed", audit.pk)
        return _finish(audit, AuditStatus.FAILED, error=message)
    return _finish(
        audit,
        AuditStatus.DONE,
        summary=_json_safe(summary),
        result_dir=f"{RESULTS_ROOT}/{audit.pk}",
    )


def _engine() -> Runner:
    from equitylens.language.services.audit.run import run_audit

    return run_audit


def _claim(audit_id: int) -> NoteAudit | None:
    now = timezone.now()
    claimable = Q(status=AuditStatus.QUEUED) | Q(
        status=AuditStatus.RUNNING, started_at__lt=now - STALE_AFTER
    )
    with transaction.atomic():
        claimed = NoteAudit.objects.filter(claimable, pk=audit_id).update(
            status=AuditStatus.RUNNING, started_at=now, progress=0, error=""
        )
    if not claimed:
        return None
    return NoteAudit.objects.get(pk=audit_id)


def _finish(audit: NoteAudit, status: str, **fields: Any) -> NoteAudit:
    with transaction.atomic():
        audit.status = status
        audit.finished_at = timezone.now()
        if status == AuditStatus.DONE:
            audit.progress = 100
        for name, value in fields.items():
            setattr(audit, name, value)
        audit.save(
            update_fields=["status", "finished_at", "progress", *fields.keys()],
        )
        log_action(None, f"note_audit.{status}", audit, error=audit.error[:300])
    return audit


class ProgressRecorder:
    """The engine's progress callback: saves 0–100 on the audit, throttled.

    Accepts a fraction (0–1) as run_audit reports it. Saves when the value moved by
    PROGRESS_EVERY_PERCENT or PROGRESS_EVERY_SECONDS passed since the last save; never
    moves backwards, and never writes to an audit that is no longer running.
    """

    def __init__(self, audit_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.audit_id = audit_id
        self.clock = clock
        self.saved = 0
        self.saved_at = clock()
        self.writes = 0

    def __call__(self, fraction: float) -> None:
        percent = max(0, min(99, int(float(fraction) * 100)))
        if percent <= self.saved:
            return
        now = self.clock()
        moved = percent - self.saved >= PROGRESS_EVERY_PERCENT
        if not moved and now - self.saved_at < PROGRESS_EVERY_SECONDS:
            return
        NoteAudit.objects.filter(pk=self.audit_id, status=AuditStatus.RUNNING).update(
            progress=percent
        )
        self.saved, self.saved_at = percent, now
        self.writes += 1


def _json_safe(value: Any) -> Any:
    """`value` with NaN and infinities as None, so it stores as JSON anywhere."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def result_file(audit: NoteAudit, name: str) -> Path | None:
    """The path of a result file of a done audit, or None. Only RESULT_FILES are served."""
    if name not in RESULT_FILES or audit.status != AuditStatus.DONE or not audit.result_dir:
        return None
    path = Path(settings.MEDIA_ROOT) / audit.result_dir / name
    return path if path.is_file() else None


# --- The summary as a table --------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    """One patient group's line, already formatted (suppressed counts read "<11")."""

    value: str
    is_reference: bool
    patients: str
    with_descriptor: str
    share: str
    odds_ratio: str


@dataclass(frozen=True)
class SummaryGroup:
    """One group column (e.g. race_ethnicity), its reference value and its rows."""

    column: str
    reference: str
    rows: list[SummaryRow]


@dataclass(frozen=True)
class SummaryTable:
    """What the results page shows: totals as (label, value) and one table per column."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    groups: list[SummaryGroup] = field(default_factory=list)


SMALL = "<11"
WITHHELD = "—"


def summary_table(summary: dict[str, Any]) -> SummaryTable:
    """The summary.json of a done audit, formatted for the results page.

    Suppressed counts (null in summary.json) read "<11"; a share or odds ratio that is
    withheld or could not be estimated reads "—". Missing keys give an empty table.
    """
    source = summary.get("input") or {}
    overall = summary.get("overall") or {}
    facts = [
        ("Notes", _count(source.get("notes"))),
        ("Patients", _count(source.get("patients"))),
        (
            "Patients with at least one descriptor",
            f"{_count(overall.get('with_descriptor'))} ({_percent(overall.get('share'))})",
        ),
    ]
    groups = [
        SummaryGroup(
            column=str(table.get("column", "")),
            reference=str(table.get("reference", "")),
            rows=[_summary_row(row) for row in table.get("rows") or []],
        )
        for table in summary.get("groups") or []
    ]
    return SummaryTable(facts=facts if source else [], groups=groups)


def _summary_row(row: dict[str, Any]) -> SummaryRow:
    share = _percent(row.get("share"))
    share_ci = row.get("share_ci")
    if row.get("share") is not None and share_ci:
        share += f" ({_percent(share_ci[0])}–{_percent(share_ci[1])})"
    if row.get("is_reference"):
        odds = "1 (reference)"
    elif row.get("odds_ratio") is None:
        odds = WITHHELD
    else:
        odds = f"{row['odds_ratio']:.2f}"
        ci = row.get("odds_ratio_ci")
        if ci and None not in ci:
            odds += f" ({ci[0]:.2f}–{ci[1]:.2f})"
    return SummaryRow(
        value=str(row.get("value", "")),
        is_reference=bool(row.get("is_reference")),
        patients=_count(row.get("patients")),
        with_descriptor=_count(row.get("with_descriptor")),
        share=share,
        odds_ratio=odds,
    )


def _count(value: Any) -> str:
    return SMALL if value is None else f"{int(value):,}"


def _percent(value: Any) -> str:
    return WITHHELD if value is None else f"{float(value) * 100:.1f}%"
