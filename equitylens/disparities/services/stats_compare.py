"""Comparisons of each group with its reference, q-values and flags (shared by measure and audit).

A *cell* is one group × outcome (or audit metric). Comparisons are group minus (or over) the
reference. The reference row itself carries no comparison (its fields are null) and is not a
hypothesis for the q-values; every row's `reference` names the reference group, so the
reference row is the one whose `group` equals its `reference`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .contract import ROW_KEYS
from .stats_intervals import (
    bh_qvalues,
    katz_ratio,
    log_interval,
    mover_difference,
    newcombe_difference,
    two_proportion_p,
    wald_p,
    wilson_interval,
)
from .stats_standardization import Estimate

RELATIVE_THRESHOLD = 0.10
Q_THRESHOLD = 0.05


class MeasureInputError(ValueError):
    """The counts or options cannot be measured; `problems` says which value and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Cell:
    """One group × outcome: crude counts, its estimate (None if undefined) and its state."""

    group_column: str
    group: str
    outcome: str
    n: int
    events: int
    estimate: Estimate | None = None
    standardized: bool = False
    suppressed: bool = False
    reference: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    p_value: float | None = None


def crude_estimate(events: int, n: int) -> Estimate | None:
    """Rate, Wilson interval and binomial variance of events/n (None when n is 0)."""
    if n <= 0:
        return None
    low, high = wilson_interval(events, n)
    rate = events / n
    return Estimate(rate, low, high, rate * (1 - rate) / n)


def pick_reference(
    block: list[Cell], given: str | None, rule: str, *, lower_is_better: bool = False
) -> Cell | None:
    """The reference cell of one column × outcome.

    `given` (a group name) wins, even if suppressed; otherwise among shown cells with a rate:
    the largest n ("largest") or the best rate ("best": highest, lowest if `lower_is_better`).
    Ties go to the first group in name order. None when nothing is shown.
    """
    if given is not None:
        return next((c for c in block if c.group == given), None)
    shown = sorted(
        (c for c in block if not c.suppressed and c.estimate is not None), key=lambda c: c.group
    )
    if not shown:
        return None
    if rule == "best":
        sign = -1.0 if lower_is_better else 1.0
        return max(shown, key=lambda c: sign * c.estimate.rate if c.estimate else 0.0)
    return max(shown, key=lambda c: c.n)


def compare(cell: Cell, ref: Cell) -> list[str]:
    """Fill `cell.fields` and `cell.p_value` comparing it with `ref`; return notes on nulls."""
    notes: list[str] = []
    a, b = cell.estimate, ref.estimate
    if a is None or b is None:
        return ["rate undefined, no comparison"]
    if cell.standardized:
        low, high = mover_difference(a.rate, (a.low, a.high), b.rate, (b.low, b.high))
        cell.p_value = wald_p(a.rate - b.rate, a.variance + b.variance)
        ratio = None
        if a.rate > 0 and b.rate > 0:
            se = math.sqrt(a.variance / a.rate**2 + b.variance / b.rate**2)
            ratio = log_interval(a.rate / b.rate, se)
    else:
        low, high = newcombe_difference(cell.events, cell.n, ref.events, ref.n)
        cell.p_value = two_proportion_p(cell.events, cell.n, ref.events, ref.n)
        ratio = katz_ratio(cell.events, cell.n, ref.events, ref.n)
    cell.fields.update(difference=a.rate - b.rate, difference_ci_low=low, difference_ci_high=high)
    if ratio is None:
        notes.append(
            "ratio not estimable: a rate is 0 (ratio 0 or infinite, log interval undefined)"
        )
    else:
        cell.fields.update(ratio=ratio[0], ratio_ci_low=ratio[1], ratio_ci_high=ratio[2])
    return notes


def finish_rows(cells: list[Cell]) -> list[dict[str, Any]]:
    """Q-values across every comparison in `cells`, flags, and rows with exactly ROW_KEYS.

    flag = |rate / reference rate − 1| ≥ 10% and q < 0.05; never set without a q-value or
    when the reference rate is 0.
    """
    tested = [c for c in cells if c.p_value is not None]
    for c, q in zip(
        tested, bh_qvalues([c.p_value for c in tested if c.p_value is not None]), strict=True
    ):
        c.fields["q_value"] = q
    rates = {(c.group_column, c.outcome, c.group): c for c in cells}
    rows = []
    for c in cells:
        row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
        row.update(group_column=c.group_column, group=c.group, outcome=c.outcome)
        row.update(reference=c.reference, suppressed=c.suppressed, flag=False)
        if not c.suppressed:
            row.update(n=c.n, events=c.events)
            if c.estimate is not None:
                row.update(rate=c.estimate.rate, ci_low=c.estimate.low, ci_high=c.estimate.high)
            row.update(c.fields)
            row["p_value"] = c.p_value
            ref = rates.get((c.group_column, c.outcome, c.reference or ""))
            q = row["q_value"]
            if (
                q is not None
                and ref is not None
                and ref.estimate is not None
                and c.estimate is not None
                and ref.estimate.rate > 0
            ):
                relative = abs(c.estimate.rate / ref.estimate.rate - 1)
                row["flag"] = bool(relative >= RELATIVE_THRESHOLD and q < Q_THRESHOLD)
        rows.append(row)
    return rows


def rule_text(
    *, reference: str, comparisons: int, min_cell: int, standardized: bool = False
) -> str:
    """The sentence stating how rows were computed and flagged (included in every output)."""
    method = (
        "Rates are directly standardized to the given standard population with Wilson 95% "
        "intervals on the effective sample size; differences use the MOVER (Newcombe-type) "
        "95% interval, ratios the log-method interval, and p-values a two-sided Wald z-test. "
        if standardized
        else "Rates are events/n with Wilson 95% intervals; differences (group − reference) "
        "use Newcombe's hybrid-score 95% interval, ratios (group / reference) the log-method "
        "(Katz) 95% interval, and p-values the two-sided pooled two-proportion z-test. "
    )
    return (
        f"{method}Each group is compared with its reference group: {reference}. "
        f"q-values are Benjamini–Hochberg adjusted across all {comparisons} comparisons in "
        f"this run. A row is flagged when |rate / reference rate − 1| ≥ "
        f"{RELATIVE_THRESHOLD:.0%} and q < {Q_THRESHOLD}. Cells with fewer than {min_cell} "
        "people, events or people without the event are suppressed (all numbers null), with "
        "complementary suppression so no suppressed value can be derived from totals."
    )
