"""Algorithm audit: per-group error rates and calibration with the same CIs, tests and rules.

Metrics per group (each a proportion, so rows reuse `contract.ROW_KEYS` with `outcome` = the
metric name, `n` = its denominator and `events` = its numerator):

* prevalence = (tp + fn) / all, tpr = tp / (tp + fn), fpr = fp / (fp + tn),
  ppv = tp / (tp + fp), npv = tn / (tn + fn).

Suppression is by whole group: the four cells share people, so a group with any of tp, fp,
tn, fn below `min_cell` is suppressed in every metric and in its calibration, and if that
leaves one suppressed group in a column, the next smallest group is suppressed too. Within a
shown group a calibration decile is suppressed under the small-cell rule (n, observed events,
or non-events below `min_cell`); if only one decile of the group is, the next smallest is too,
since the group's n and events are shown in its prevalence row.

Reference: `options.reference[column]`, else the largest shown group by people ("largest") or,
per metric, the best rate ("best": highest; lowest for fpr and outcomes in `lower_is_better`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .contract import CalibrationBin, ConfusionCount, MeasureOptions
from .stats_compare import (
    Cell,
    MeasureInputError,
    compare,
    crude_estimate,
    finish_rows,
    pick_reference,
    rule_text,
)
from .stats_indices import GroupRate, summary_indices
from .stats_intervals import wilson_interval
from .stats_suppression import small_cell_reason, suppress_groups

METRICS = ("prevalence", "tpr", "fpr", "ppv", "npv")
LOWER_IS_BETTER = ("fpr",)


def metric_counts(c: ConfusionCount) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) of each metric for one group."""
    return {
        "prevalence": (c.tp + c.fn, c.tp + c.fp + c.tn + c.fn),
        "tpr": (c.tp, c.tp + c.fn),
        "fpr": (c.fp, c.fp + c.tn),
        "ppv": (c.tp, c.tp + c.fp),
        "npv": (c.tn, c.tn + c.fn),
    }


def audit(
    conf: list[ConfusionCount], bins: list[CalibrationBin], options: MeasureOptions
) -> dict[str, Any]:
    """Audit rows, calibration, indices, notes and the rule for one threshold.

    Returns {"rule", "rows", "calibration", "indices", "notes"}; calibration rows are
    {group_column, group, decile, n, mean_predicted, observed_rate, ci_low, ci_high,
    suppressed} with Wilson intervals for the observed rate. Raises MeasureInputError for
    negative counts, a duplicated group, or a reference not in the data.
    """
    _check(conf, bins, options)
    m = options.min_cell
    sizes = {
        (c.group_column, c.group): (
            c.tp + c.fp + c.tn + c.fn,
            f"a confusion cell below {m}" if min(c.tp, c.fp, c.tn, c.fn) < m else None,
        )
        for c in conf
    }
    hidden = suppress_groups(sizes)
    notes: list[dict[str, str]] = []
    blocks: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for c in conf:
        for metric, (events, n) in metric_counts(c).items():
            cell = Cell(c.group_column, c.group, metric, n=n, events=events)
            cell.suppressed = (c.group_column, c.group) in hidden
            cell.estimate = crude_estimate(events, n)
            if cell.estimate is None and not cell.suppressed:
                notes.append(_note(cell, f"{metric} undefined: its denominator is 0"))
            blocks[(c.group_column, metric)].append(cell)

    indices = []
    for (column, metric), block in blocks.items():
        given = options.reference.get(column)
        if given is None and options.reference_rule == "largest":
            shown = [
                g for (col, g), (n, _r) in sizes.items() if col == column and (col, g) not in hidden
            ]
            if shown:
                given = max(sorted(shown), key=lambda g: sizes[(column, g)][0])
        lower = metric in LOWER_IS_BETTER or metric in options.lower_is_better
        ref = pick_reference(block, given, options.reference_rule, lower_is_better=lower)
        for cell in block:
            cell.reference = ref.group if ref else None
            if ref is None or cell is ref or cell.suppressed:
                continue
            if ref.suppressed:
                notes.append(_note(cell, "no comparison: the reference group is suppressed"))
            else:
                notes += [_note(cell, text) for text in compare(cell, ref)]
        rates = [
            GroupRate(c.group, c.n, c.estimate.rate)
            for c in block
            if not c.suppressed and c.estimate is not None
        ]
        ref_name = ref.group if ref is not None and not ref.suppressed else None
        indices.append(summary_indices(column, metric, rates, ref_name))

    cells = [c for block in blocks.values() for c in block]
    rows = finish_rows(cells)
    reference_text = (
        ", ".join(f"{col} = {val!r}" for col, val in options.reference.items())
        or f"the {options.reference_rule} shown group (lowest rate is best for fpr)"
    )
    return {
        "rule": rule_text(
            reference=reference_text,
            comparisons=sum(1 for c in cells if c.p_value is not None),
            min_cell=m,
        )
        + " Whole groups are suppressed when any confusion-matrix cell is small.",
        "rows": rows,
        "calibration": calibration_rows(bins, hidden, m),
        "indices": indices,
        "notes": notes,
    }


def calibration_rows(
    bins: list[CalibrationBin], hidden_groups: dict[tuple[str, str], str], min_cell: int
) -> list[dict[str, Any]]:
    """Observed rate (Wilson CI) against mean predicted score per group × decile, suppressed
    as described in the module docstring."""
    by_group: dict[tuple[str, str], list[CalibrationBin]] = defaultdict(list)
    for b in bins:
        by_group[(b.group_column, b.group)].append(b)
    rows = []
    for key, group_bins in by_group.items():
        hide = {
            b.decile
            for b in group_bins
            if key in hidden_groups or small_cell_reason(b.n, b.observed, min_cell)
        }
        if len(hide) == 1:
            shown = sorted((b.n, b.decile) for b in group_bins if b.decile not in hide)
            if shown:
                hide.add(shown[0][1])
        for b in sorted(group_bins, key=lambda b: b.decile):
            row: dict[str, Any] = {
                "group_column": b.group_column,
                "group": b.group,
                "decile": b.decile,
                "n": None,
                "mean_predicted": None,
                "observed_rate": None,
                "ci_low": None,
                "ci_high": None,
                "suppressed": b.decile in hide,
            }
            if b.decile not in hide and b.n > 0:
                low, high = wilson_interval(b.observed, b.n)
                row.update(
                    n=b.n,
                    mean_predicted=b.predicted_sum / b.n,
                    observed_rate=b.observed / b.n,
                    ci_low=low,
                    ci_high=high,
                )
            rows.append(row)
    return rows


def _note(cell: Cell, text: str) -> dict[str, str]:
    return {
        "group_column": cell.group_column,
        "group": cell.group,
        "outcome": cell.outcome,
        "note": text,
    }


def _check(conf: list[ConfusionCount], bins: list[CalibrationBin], options: MeasureOptions) -> None:
    problems: list[str] = []
    if not conf:
        problems.append("No confusion counts to audit: the data has no rows.")
    seen: set[tuple[str, str]] = set()
    groups: dict[str, set[str]] = defaultdict(set)
    for c in conf:
        key = (c.group_column, c.group)
        if key in seen:
            problems.append(f"{c.group_column}={c.group!r} appears twice in the confusion counts.")
        seen.add(key)
        groups[c.group_column].add(c.group)
        for name in ("tp", "fp", "tn", "fn"):
            if getattr(c, name) < 0:
                problems.append(f"{c.group_column}={c.group!r}: {name} is negative.")
    for b in bins:
        if b.n < 0 or not 0 <= b.observed <= b.n:
            problems.append(
                f"{b.group_column}={b.group!r} decile {b.decile}: observed {b.observed} "
                f"must be between 0 and n ({b.n})."
            )
    for column, value in options.reference.items():
        if value not in groups.get(column, set()):
            known = ", ".join(repr(g) for g in sorted(groups.get(column, set()))) or "none"
            problems.append(
                f"Reference {column}={value!r} is not in the data; {column} has: {known}."
            )
    if problems:
        raise MeasureInputError(problems)
