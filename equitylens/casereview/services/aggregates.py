"""De-identified aggregate counts of a series: the only case data that may leave the module.

Counts only — never a title, a narrative, a name or a date finer than a year. Live cases
and the PurgedCase rows left by the retention purge are counted together, so purging
does not change the numbers (purged cases keep their final state and their actions' final
statuses; only rows purged before those were kept count as "purged").

Small-cell protection (the rule stated on the page and in the CSV):

1. Primary suppression: every count from 1 to MIN_CELL − 1 (settings
   CASE_AGGREGATE_MIN_CELL, default 11, so 1–10) is shown as "<11". Zero is shown.
2. Complementary suppression: when a table shows its total and exactly one of its cells
   is suppressed, the next-smallest non-zero cell is suppressed too (shown as "hidden"),
   so the hidden value cannot be found by subtracting the others from the total. More
   cells are hidden, smallest first, until subtraction tells nothing about any small
   cell beyond "1 to MIN_CELL − 1" (e.g. two cells of 10 with a total of 20 would
   otherwise give both away). If that cannot be reached, every cell of the table is
   hidden, zeros too (hiding the total would not help: other tables count the same cases).
3. A total from 1 to MIN_CELL − 1 is shown as "<11" as well.
4. Tables that count the same things share their total, or one table's total is the sum
   of whole cells of another (finished cases): so cases by status is split into open and
   finished cases, and the finished total is the total of the times table.
5. Times to a final state (median, mean) are shown only for groups of at least MIN_CELL
   cases.

"Time to close" is the number of whole days from submission to the case's final state:
closed, declined or merged (the retention purge keeps the same number).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Max

from equitylens.casereview.models import (
    EQUITY_TAGS,
    ActionLevel,
    ActionStatus,
    CaseSeries,
    CaseStatus,
    FactorLevel,
    PurgedCase,
    SubmissionKind,
)
from equitylens.live.services.facilitation import spreadsheet_safe

FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.MERGED)
PURGED = "purged"
PURGED_LABEL = "Purged after the retention period"


def min_cell() -> int:
    """The smallest count shown as a number (settings CASE_AGGREGATE_MIN_CELL, default 11)."""
    return int(settings.CASE_AGGREGATE_MIN_CELL)


def rule_text() -> str:
    """The suppression rule in one sentence, for the page and the CSV."""
    n = min_cell()
    return (
        f"De-identified aggregate counts; cells under {n} suppressed. Counts from 1 to {n - 1} "
        f"are shown as “<{n}”. Because tables show their totals, the next-smallest cells are "
        f"“hidden” too (or, if that is not enough, every cell of the table), so no small "
        f"count can be worked out by subtraction. "
        f"Times are shown only for groups of at least {n} cases."
    )


@dataclass(frozen=True)
class Cell:
    """One count of a table; `suppressed` means show "<MIN_CELL" instead of the count."""

    key: str
    label: str
    count: int
    suppressed: bool
    # Hidden although not small itself: it protects a small cell of the same table.
    protecting: bool = False

    def display(self) -> str:
        if not self.suppressed:
            return str(self.count)
        return "hidden" if self.protecting else f"<{min_cell()}"

    def why(self) -> str:
        if not self.suppressed:
            return ""
        if self.protecting:
            return "hidden to protect a small count"
        return f"under {min_cell()}"


@dataclass(frozen=True)
class CountTable:
    """A protected table. `total` is None when the table has no meaningful total (a case
    can carry several tags)."""

    key: str
    title: str
    cells: list[Cell]
    total: Cell | None
    note: str = ""


@dataclass(frozen=True)
class TimeRow:
    """Cases that reached a final state in a year (or overall) and how long they took;
    median and mean are None unless the group has at least MIN_CELL cases."""

    label: str
    count: Cell
    median_days: float | None
    mean_days: float | None


@dataclass
class Aggregates:
    tables: list[CountTable] = field(default_factory=list)
    times: list[TimeRow] = field(default_factory=list)
    rule: str = ""
    min_cell: int = 11


def _exposed(small: int, extra: int, hidden_sum: int, limit: int) -> bool:
    """Could a reader who knows the total narrow a small hidden cell below "1 to limit−1"?

    They see `small` cells marked "<limit" (each 1..limit−1) and `extra` cells hidden
    to protect them (each ≥ limit), and can work out `hidden_sum` = total − visible.
    """
    if small == 0:
        return False
    others_min = (small - 1) + extra * limit
    highest = min(limit - 1, hidden_sum - others_min)
    lowest = 1 if extra else max(1, hidden_sum - (small - 1) * (limit - 1))
    return not (lowest == 1 and highest == limit - 1)


def protect(
    key: str,
    title: str,
    counts: Iterable[tuple[str, str, int]],
    *,
    with_total: bool,
    note: str = "",
) -> CountTable:
    """Apply the small-cell rule to (key, label, count) rows; see the module docstring.

    Guarantees: no count from 1 to MIN_CELL − 1 is shown. When the total is shown, a
    reader who subtracts the visible cells from it learns nothing about any small cell
    beyond "between 1 and MIN_CELL − 1": the next-smallest cells are hidden until that
    holds (never exactly one hidden cell), and if it cannot hold, the total is hidden.
    """
    limit = min_cell()
    rows = list(counts)
    small = {k for k, _, n in rows if 0 < n < limit}
    extra: set[str] = set()
    total_value = sum(n for _, _, n in rows)
    if with_total:
        candidates = sorted((n, index, k) for index, (k, _, n) in enumerate(rows) if n >= limit)
        hidden_sum = sum(n for k, _, n in rows if k in small)
        while _exposed(len(small), len(extra), hidden_sum, limit):
            if not candidates:
                # The same total shows elsewhere (other tables count the same cases), so
                # hiding it would not help: hide every cell, zeros too.
                small, extra = set(), {k for k, _, _ in rows}
                break
            n, _, k = candidates.pop(0)
            extra.add(k)
            hidden_sum += n
    cells = [
        Cell(k, label, n, k in small or k in extra, protecting=k in extra) for k, label, n in rows
    ]
    total = None
    if with_total:
        total = Cell("total", "Total", total_value, 0 < total_value < limit)
    return CountTable(key, title, cells, total, note)


def _time_row(label: str, days: list[int], count: Cell) -> TimeRow:
    if len(days) < min_cell() or count.suppressed:
        return TimeRow(label, count, None, None)
    return TimeRow(
        label,
        count,
        round(float(statistics.median(days)), 1),
        round(statistics.fmean(days), 1),
    )


def _final_moments(series: CaseSeries) -> dict[int, datetime]:
    """When each finished case reached its final state (closed_at, or the last transition
    for declined and merged cases)."""
    moments: dict[int, datetime] = {}
    finished = series.cases.filter(status__in=FINAL_STATUSES).annotate(
        last_move=Max("transitions__created_at")
    )
    for case in finished:
        when = case.closed_at if case.status == CaseStatus.CLOSED else None
        when = when or case.last_move or case.updated_at
        moments[case.pk] = when
    return moments


def series_aggregates(series: CaseSeries) -> Aggregates:
    """All de-identified, protected counts of `series`, live and purged cases together."""
    cases = list(series.cases.prefetch_related("factors", "actions"))
    purged = list(PurgedCase.objects.filter(series=series))
    final_at = _final_moments(series)

    statuses: Counter[str] = Counter(c.status for c in cases)
    for gone in purged:
        # Rows purged before final states were kept count as "purged".
        statuses[gone.final_status or PURGED] += 1
    kinds: Counter[str] = Counter(c.kind for c in cases)
    kinds.update(p.kind for p in purged)
    tags: Counter[str] = Counter()
    factor_levels: Counter[str] = Counter()
    action_levels: Counter[str] = Counter()
    action_statuses: Counter[str] = Counter()
    submitted_years: Counter[str] = Counter()
    days_by_year: dict[str, list[int]] = {}

    for case in cases:
        tags.update(set(case.equity_tags))
        factor_levels.update({f.level for f in case.factors.all()})
        for action in case.actions.all():
            action_levels[action.level] += 1
            action_statuses[action.status] += 1
        submitted_years[str(case.submitted_at.year)] += 1
        if case.pk in final_at:
            done = final_at[case.pk]
            days = max((done - case.submitted_at).days, 0)
            days_by_year.setdefault(str(done.year), []).append(days)
    for gone in purged:
        tags.update(set(gone.equity_tags))
        factor_levels.update(set(gone.factor_levels))
        action_levels.update(gone.action_levels)
        if gone.action_statuses:
            action_statuses.update(gone.action_statuses)
        else:
            action_statuses[PURGED] += len(gone.action_levels)
        submitted_years[str(gone.submitted_year)] += 1
        days_by_year.setdefault(str(gone.closed_year), []).append(gone.days_to_close)

    open_rows = [
        (s.value, s.label, statuses[s.value]) for s in CaseStatus if s not in FINAL_STATUSES
    ]
    finished_rows = [(s.value, s.label, statuses[s.value]) for s in FINAL_STATUSES]
    finished_rows.append((PURGED, PURGED_LABEL, statuses[PURGED]))
    action_status_rows = [(s.value, s.label, action_statuses[s.value]) for s in ActionStatus]
    action_status_rows.append((PURGED, "Purged with their case", action_statuses[PURGED]))
    tables = [
        protect("open_status", "Open cases by status", open_rows, with_total=True),
        protect(
            "finished_status",
            "Finished cases by final state",
            finished_rows,
            with_total=True,
            note="Purged cases were closed, declined or merged before the retention period.",
        ),
        protect(
            "kind",
            "Submissions by kind",
            [(k.value, k.label, kinds[k.value]) for k in SubmissionKind],
            with_total=True,
        ),
        protect(
            "equity_tag",
            "Cases by equity-factor tag",
            [(key, label, tags[key]) for key, label in EQUITY_TAGS],
            with_total=False,
            note="A case can carry several tags, so there is no total.",
        ),
        protect(
            "factor_level",
            "Cases by level of their contributing factors",
            [(lv.value, lv.label, factor_levels[lv.value]) for lv in FactorLevel],
            with_total=False,
            note="A case can have factors at several levels, so there is no total.",
        ),
        protect(
            "action_level",
            "Action items by level",
            [(lv.value, lv.label, action_levels[lv.value]) for lv in ActionLevel],
            with_total=True,
        ),
        protect("action_status", "Action items by status", action_status_rows, with_total=True),
        protect(
            "submitted_year",
            "Submissions by year",
            [(year, year, submitted_years[year]) for year in sorted(submitted_years)],
            with_total=True,
        ),
    ]
    years = sorted(days_by_year)
    by_year = protect(
        "final_year",
        "Cases reaching a final state by year",
        [(year, year, len(days_by_year[year])) for year in years],
        with_total=True,
    )
    all_days = [d for year in years for d in days_by_year[year]]
    times = [_time_row(cell.label, days_by_year[cell.key], cell) for cell in by_year.cells]
    overall = by_year.total or Cell("total", "Total", len(all_days), False)
    times.append(_time_row("All years", all_days, overall))
    return Aggregates(tables=tables, times=times, rule=rule_text(), min_cell=min_cell())


def aggregates_csv(series: CaseSeries) -> str:
    """The protected counts as CSV: table, category, value, suppressed (yes/no), why.

    A suppressed value is left empty; every text cell is made spreadsheet-safe; the last
    line states the rule.
    """
    data = series_aggregates(series)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "category", "value", "suppressed", "why"])

    def row(table: str, category: str, value: str, why: str) -> None:
        writer.writerow(
            [
                spreadsheet_safe(table),
                spreadsheet_safe(category),
                "" if why else value,
                "yes" if why else "no",
                why,
            ]
        )

    for table in data.tables:
        for cell in table.cells:
            row(table.title, cell.label, str(cell.count), cell.why())
        if table.total is not None:
            row(table.title, "Total", str(table.total.count), table.total.why())
    title = "Cases reaching a final state"
    too_few = f"fewer than {data.min_cell} cases"
    for time in data.times:
        row(title, f"{time.label}: cases", str(time.count.count), time.count.why())
        for name, value in (("median days", time.median_days), ("mean days", time.mean_days)):
            row(title, f"{time.label}: {name}", str(value), "" if value is not None else too_few)
    writer.writerow([])
    writer.writerow([spreadsheet_safe(data.rule)])
    return out.getvalue()
