"""Retention: finished cases are purged after the series' retention period, leaving counts.

A case is due when it is
- closed and `closed_at` is more than `series.retention_days` ago, or
- declined or merged and its last transition is more than `retention_days` ago (these
  never reach "closed"; their last move is when they left the pipeline).

Purging one case replaces it with a PurgedCase row (kind, equity tags, factor levels,
action levels, submitted year, final year, days to the final state — see
services.aggregates) and deletes the case with its factors, transitions, agenda items,
discussion themes and action items, in one transaction per case. The case row is locked
first and the rule checked again, so a second or concurrent run finds nothing to do. The
access log keeps its rows: they hold the case id and number as plain integers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from equitylens.casereview.models import (
    ActionItem,
    AgendaItem,
    Case,
    CaseFactor,
    CaseSeries,
    CaseStatus,
    CaseTransition,
    DiscussionTheme,
    PurgedCase,
)

FINISHED = (CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.MERGED)


def _cutoff(series: CaseSeries, now: datetime) -> datetime:
    return now - timedelta(days=series.retention_days)


def _final_moment(case: Case) -> datetime | None:
    """When the case reached its final state, or None if it is not finished."""
    if case.status == CaseStatus.CLOSED:
        return case.closed_at
    if case.status in (CaseStatus.DECLINED, CaseStatus.MERGED):
        last = case.transitions.aggregate(last=Max("created_at"))["last"]
        return last or case.updated_at
    return None


def due_cases(series: CaseSeries, now: datetime | None = None) -> Iterator[Case]:
    """The cases of `series` whose retention period is over (see the module docstring)."""
    cutoff = _cutoff(series, now or timezone.now())
    candidates = (
        series.cases.filter(status__in=FINISHED)
        .annotate(last_move=Max("transitions__created_at"))
        .filter(
            Q(status=CaseStatus.CLOSED, closed_at__lt=cutoff)
            | Q(status__in=[CaseStatus.DECLINED, CaseStatus.MERGED], last_move__lt=cutoff)
        )
        .order_by("pk")
    )
    yield from candidates


def purge_plan(now: datetime | None = None) -> list[tuple[CaseSeries, int]]:
    """How many cases each series would lose now (for `--dry-run`); series with none left out."""
    now = now or timezone.now()
    plan = []
    for series in CaseSeries.objects.select_related("organization").order_by("pk"):
        count = sum(1 for _ in due_cases(series, now))
        if count:
            plan.append((series, count))
    return plan


def purge_case(case_id: int, now: datetime | None = None) -> bool:
    """Purge one case if it is (still) due; True when it was purged by this call.

    One transaction: the case row is locked, the rule is checked again, the PurgedCase row
    is written and everything belonging to the case is deleted. Safe to repeat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("series").filter(pk=case_id).first()
        if case is None:
            return False
        final = _final_moment(case)
        if final is None or final >= _cutoff(case.series, now):
            return False
        PurgedCase.objects.create(
            series=case.series,
            kind=case.kind,
            equity_tags=sorted(set(case.equity_tags)),
            factor_levels=sorted({f.level for f in case.factors.all()}),
            action_levels=sorted(a.level for a in case.actions.all()),
            action_statuses=sorted(a.status for a in case.actions.all()),
            final_status=case.status,
            submitted_year=case.submitted_at.year,
            closed_year=final.year,
            days_to_close=max((final - case.submitted_at).days, 0),
        )
        DiscussionTheme.objects.filter(agenda_item__case=case).delete()
        AgendaItem.objects.filter(case=case).delete()
        ActionItem.objects.filter(case=case).delete()
        CaseFactor.objects.filter(case=case).delete()
        CaseTransition.objects.filter(case=case).delete()
        # Cases merged into this one keep existing; their pointer is cleared (SET_NULL).
        case.delete()
    return True


def purge_closed_cases(now: datetime | None = None) -> int:
    """Purge every case whose retention period is over, in every series; return how many
    were purged by this run (0 when run again)."""
    now = now or timezone.now()
    purged = 0
    for series in CaseSeries.objects.order_by("pk"):
        for case_id in [case.pk for case in due_cases(series, now)]:
            if purge_case(case_id, now):
                purged += 1
    return purged
