"""Reporting to the ACCME's PARS: validate, build learner and activity batches, export.

Rules (docs/pars.md):
- Learner batches hold MOC ClaimedCredit lines (credit types in MOC_BOARD_BY_CREDIT_TYPE)
  that pass validation (pars_validation); every failing line is listed, never dropped
  silently, and is reported by a later batch once fixed.
- Each line is reported once: a batch records a ParsRecord with the fingerprint of what
  it reported. A later batch holds only lines never reported, or whose values changed
  since (marked corrected). With nothing new, no batch is created (None).
- The board ID reported is the learner's current one on their profile
  (BoardCertification), falling back to the one given on the claim, so a learner's
  correction produces a corrected record.
- Building is one transaction (on PostgreSQL under an advisory lock) so a double click
  cannot report a line twice. Downloading marks the batch exported and is audit-logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from equitylens.accounts.models import BoardCertification
from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ActivityStatus, CreditOffering, CreditType
from equitylens.catalog.models.credits import MOC_BOARD_BY_CREDIT_TYPE
from equitylens.credentials.models import ParsBatch, ParsBatchKind, ParsBatchStatus, ParsRecord
from equitylens.credentials.services.pars_files import (
    PARS_ACTIVITY_TYPE,
    clean_text,
    decimal_text,
    fingerprint,
    month_day,
    us_date,
    write_rows,
)
from equitylens.credentials.services.pars_validation import MocLine, ParsProblem, line_problems
from equitylens.learning.models import ClaimedCredit
from equitylens.support.models import ActivitySupport, SupporterType

PARS_LOCK_KEY = 5_072_501  # advisory lock id for building batches (PostgreSQL only)
RECORDS_PER_INSERT = 5000


def moc_lines(*, since: datetime | None = None) -> QuerySet[ClaimedCredit]:
    """Every MOC ClaimedCredit line (claimed at or after `since`, when given)."""
    lines = ClaimedCredit.objects.filter(credit_type__in=list(MOC_BOARD_BY_CREDIT_TYPE))
    if since is not None:
        lines = lines.filter(claim__claimed_at__gte=since)
    return lines


def _line_values(lines: QuerySet[ClaimedCredit]) -> Iterator[MocLine]:
    current_id = BoardCertification.objects.filter(
        user=OuterRef("claim__user"), board=OuterRef("board")
    ).values("board_id")[:1]
    rows = (
        lines.annotate(
            reported_board_id=Coalesce(Subquery(current_id), F("board_id")),
            consented=Q(claim__moc_consent_at__isnull=False),
        )
        # Slug then line id: the same order on every database (names would follow collation).
        .order_by("claim__activity__slug", "id")
        .values_list(
            "id",
            "claim__activity__slug",
            "claim__activity__title",
            "claim__user__first_name",
            "claim__user__last_name",
            "claim__user__email",
            "credit_type",
            "reported_board_id",
            "claim__user__birth_month",
            "claim__user__birth_day",
            "claim__completed_on",
            "amount",
            "consented",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        board = MOC_BOARD_BY_CREDIT_TYPE[row[6]]
        yield MocLine(*row[:6], board, (row[7] or "").strip(), *row[8:])


def validate_completions(lines: QuerySet[ClaimedCredit] | None = None) -> list[ParsProblem]:
    """Every problem that keeps a MOC completion out of PARS, one per failed rule.

    `lines` defaults to every MOC line; problems come ordered by activity and learner.
    """
    lines = moc_lines() if lines is None else lines
    return [problem for line in _line_values(lines) for problem in line_problems(line)]


def learner_row(line: MocLine) -> tuple[str, ...]:
    """The values PARS receives for one valid MOC line, in LEARNER_COLUMNS order."""
    assert line.birth_month and line.birth_day
    return (
        line.activity_slug,  # a slug: letters, digits, - and _ only
        clean_text(line.first_name),
        clean_text(line.last_name),
        line.board,
        line.board_id,
        month_day(line.birth_month, line.birth_day),
        us_date(line.completed_on),
        decimal_text(line.amount),
    )


def _last_fingerprints(field: str) -> dict[int, str]:
    """subject id → fingerprint of its latest report (records read in id order)."""
    return dict(
        ParsRecord.objects.filter(**{f"{field}__isnull": False})
        .order_by("id")
        .values_list(field, "fingerprint")
        .iterator(chunk_size=10000)
    )


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PARS_LOCK_KEY])


def _save_batch(
    by: Any,
    kind: str,
    field: str,
    entries: list[tuple[int, tuple[str, ...], str, bool]],
    excluded: int,
) -> ParsBatch | None:
    if not entries:
        return None
    now = timezone.now()
    batch = ParsBatch.objects.create(
        kind=kind,
        created_at=now,
        created_by=by,
        content=write_rows(row for _, row, _, _ in entries),
        record_count=len(entries),
        corrected_count=sum(1 for *_, corrected in entries if corrected),
        excluded_count=excluded,
    )
    _insert_records(batch, field, now, [(sid, fp, fixed) for sid, _, fp, fixed in entries])
    log_action(
        by,
        f"pars.{kind}_batch_created",
        batch,
        records=batch.record_count,
        corrected=batch.corrected_count,
        excluded=excluded,
    )
    return batch


def _insert_records(
    batch: ParsBatch, field: str, now: datetime, records: list[tuple[int, str, bool]]
) -> None:
    """Insert the batch's ParsRecord rows in chunks with one parametrised statement.

    Equivalent to bulk_create but without building a model instance per row, which
    dominated the time of a 100,000-line batch (benchmarks/pars_export.py).
    """
    meta = ParsRecord._meta
    quote = connection.ops.quote_name
    fields = ("batch", field, "fingerprint", "corrected", "reported_at")
    columns = [str(getattr(meta.get_field(name), "column", name)) for name in fields]
    # Only our own quoted table and column names go into the text; values are parameters.
    names = ", ".join(quote(c) for c in columns)
    values = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({values})"  # noqa: S608
    reported_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(records), RECORDS_PER_INSERT):
            cursor.executemany(
                sql,
                [
                    (batch.pk, subject_id, print_, corrected, reported_at)
                    for subject_id, print_, corrected in records[start : start + RECORDS_PER_INSERT]
                ],
            )


def _changed(
    subject_id: int, row: tuple[str, ...], reported: dict[int, str]
) -> tuple[int, tuple[str, ...], str, bool] | None:
    print_ = fingerprint(row)
    previous = reported.get(subject_id)
    if previous == print_:
        return None
    return (subject_id, row, print_, previous is not None)


def build_learner_batch(by: Any, *, since: datetime | None = None) -> ParsBatch | None:
    """A batch of every valid MOC completion not yet reported or changed since reported.

    Lines failing validation are left out and counted in excluded_count (the PARS page
    lists them). Returns None, creating nothing, when there is nothing new to report.
    """
    with transaction.atomic():
        _lock()
        reported = _last_fingerprints("claimed_credit")
        entries = []
        excluded = 0
        for line in _line_values(moc_lines(since=since)):
            if line_problems(line):
                excluded += 1
                continue
            entry = _changed(line.claimed_credit_id, learner_row(line), reported)
            if entry:
                entries.append(entry)
        return _save_batch(by, ParsBatchKind.LEARNER, "claimed_credit", entries, excluded)


def reportable_activities() -> QuerySet[Activity]:
    """Activities PARS hears about: every one past development."""
    return Activity.objects.exclude(status=ActivityStatus.IN_DEVELOPMENT)


def activity_problems() -> list[tuple[str, str]]:
    """(activity title, what is missing) for activities PARS cannot take yet."""
    return [
        (title, "Start date is missing; add it on the activity's page.")
        for title in reportable_activities()
        .filter(starts_on__isnull=True)
        .order_by("title")
        .values_list("title", flat=True)
    ]


def build_activity_batch(by: Any) -> ParsBatch | None:
    """A batch of every reportable activity not yet reported or changed since reported.

    Activities without a start date are left out (activity_problems lists them).
    Returns None, creating nothing, when there is nothing new.
    """
    ama = CreditType.AMA_PRA_1
    ama_amount = Subquery(
        CreditOffering.objects.filter(activity=OuterRef("pk"), credit_type=ama).values("amount")[:1]
    )
    commercial = Exists(
        ActivitySupport.objects.filter(
            activity=OuterRef("pk"), supporter_type=SupporterType.COMMERCIAL
        )
    )
    with transaction.atomic():
        _lock()
        reported = _last_fingerprints("activity")
        activities = reportable_activities()
        excluded = activities.filter(starts_on__isnull=True).count()
        rows = (
            activities.filter(starts_on__isnull=False)
            .annotate(ama=ama_amount, commercial=commercial)
            .order_by("slug")
            .values_list(
                "id",
                "slug",
                "title",
                "format",
                "starts_on",
                "ends_on",
                "duration_minutes",
                "ama",
                "commercial",
            )
        )
        entries = []
        for pk, slug, title, format_, starts, ends, minutes, ama_value, has_support in rows:
            row = (
                clean_text(slug),
                clean_text(title),
                PARS_ACTIVITY_TYPE.get(format_, ""),
                us_date(starts),
                us_date(ends or starts),
                f"{minutes / 60:.2f}" if minutes else "",
                decimal_text(ama_value),
                "Y" if has_support else "N",
            )
            entry = _changed(pk, row, reported)
            if entry:
                entries.append(entry)
        return _save_batch(by, ParsBatchKind.ACTIVITY, "activity", entries, excluded)


def mark_exported(batch: ParsBatch, by: Any) -> ParsBatch:
    """Record that `by` downloaded `batch` (first download sets exported; each is logged)."""
    with transaction.atomic():
        batch = ParsBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ParsBatchStatus.DRAFT:
            batch.status = ParsBatchStatus.EXPORTED
            batch.exported_at = timezone.now()
            batch.save(update_fields=["status", "exported_at"])
        log_action(by, "pars.exported", batch, kind=batch.kind, records=batch.record_count)
    return batch
