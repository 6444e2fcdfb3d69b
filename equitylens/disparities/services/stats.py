"""Disparity statistics on the small aggregated table (numpy/scipy; no Ibis, no models).

`measure(counts, options)` returns `{"rule", "rows", "indices", "notes"}`:

* `rows`: one per group column × outcome × group (in order of first appearance), keys exactly
  `contract.ROW_KEYS`. `reference` names the reference group of that column × outcome on every
  row (the reference row is the one with `group == reference`; its comparison fields are null);
  `difference` is group − reference; `ratio` group / reference. Suppressed rows have every
  number null (n and events too) and `flag` false.
* `indices`: per column × outcome, index of disparity, between-group variance, Theil index
  (see `stats_indices`).
* `notes`: `{group_column, group, outcome, note}` explaining nulls that are not plain
  suppression (a suppressed reference, a ratio with a zero rate, a missing stratum).

Reference group per column: `options.reference[column]` if given (it must be in the data),
otherwise among the shown (unsuppressed) groups the largest by n ("largest") or the best rate
("best": highest, or lowest for outcomes in `lower_is_better`); ties go to the first group in
name order. If the reference is suppressed, the column × outcome has no comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .contract import GroupCount, MeasureOptions
from .stats_algorithm import audit
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
from .stats_standardization import standardized_rate
from .stats_suppression import suppress_cells

__all__ = ["MeasureInputError", "audit", "measure"]

Key = tuple[str, str, str]


def measure(counts: list[GroupCount], options: MeasureOptions) -> dict[str, Any]:
    """Rates, comparisons, q-values, flags, suppression and indices for `counts`.

    Raises MeasureInputError listing every problem: no counts, negative n, events outside
    0..n, a reference column or value not in the data, strata without a standard population
    weight (or a standard population with unstratified counts), a negative min cell.
    """
    _check(counts, options)
    cells: dict[Key, list[int]] = {}
    strata: dict[Key, dict[str, tuple[int, int]]] = defaultdict(dict)
    for c in counts:
        key = (c.group_column, c.group, c.outcome)
        total = cells.setdefault(key, [0, 0])
        total[0] += c.n
        total[1] += c.events
        prev = strata[key].get(c.stratum, (0, 0))
        strata[key][c.stratum] = (prev[0] + c.n, prev[1] + c.events)
    hidden = suppress_cells({k: (v[0], v[1]) for k, v in cells.items()}, options.min_cell)
    standard = options.standard_population
    notes: list[dict[str, str]] = []

    built: dict[Key, Cell] = {}
    for key, (n, events) in cells.items():
        cell = Cell(*key, n=n, events=events, suppressed=key in hidden)
        if standard:
            est = standardized_rate(strata[key], standard)
            cell.standardized = True
            if isinstance(est, str):
                if not cell.suppressed:
                    notes.append(_note(cell, f"standardized rate undefined: {est}"))
            else:
                cell.estimate = est
        else:
            cell.estimate = crude_estimate(events, n)
        built[key] = cell

    blocks: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in built.values():
        blocks[(cell.group_column, cell.outcome)].append(cell)
    indices = []
    for (column, outcome), block in blocks.items():
        ref = pick_reference(
            block,
            options.reference.get(column),
            options.reference_rule,
            lower_is_better=outcome in options.lower_is_better,
        )
        for cell in block:
            cell.reference = ref.group if ref else None
        if ref is None and column in options.reference:
            for cell in block:
                if not cell.suppressed:
                    missing = (
                        f"reference {options.reference[column]!r} has no counts for {outcome!r}"
                    )
                    notes.append(_note(cell, f"no comparison: {missing}"))
        elif ref is not None and ref.suppressed:
            for cell in block:
                if not cell.suppressed and cell is not ref:
                    notes.append(_note(cell, "no comparison: the reference group is suppressed"))
        elif ref is not None:
            for cell in block:
                if cell is not ref and not cell.suppressed:
                    notes += [_note(cell, text) for text in compare(cell, ref)]
        shown = [
            GroupRate(c.group, c.n, c.estimate.rate)
            for c in block
            if not c.suppressed and c.estimate is not None
        ]
        ref_name = ref.group if ref is not None and not ref.suppressed else None
        indices.append(summary_indices(column, outcome, shown, ref_name))

    ordered = [c for block in blocks.values() for c in block]
    rows = finish_rows(ordered)
    comparisons = sum(1 for c in ordered if c.p_value is not None)
    return {
        "rule": rule_text(
            reference=_reference_text(options),
            comparisons=comparisons,
            min_cell=options.min_cell,
            standardized=bool(standard),
        ),
        "rows": rows,
        "indices": indices,
        "notes": notes,
    }


def _note(cell: Cell, text: str) -> dict[str, str]:
    return {
        "group_column": cell.group_column,
        "group": cell.group,
        "outcome": cell.outcome,
        "note": text,
    }


def _reference_text(options: MeasureOptions) -> str:
    given = ", ".join(f"{col} = {val!r}" for col, val in options.reference.items())
    rule = (
        "the largest group (most people) among shown groups"
        if options.reference_rule == "largest"
        else "the group with the best rate among shown groups (highest; lowest for "
        + (", ".join(options.lower_is_better) or "no outcome")
        + ")"
    )
    return f"{given}; other columns: {rule}" if given else rule


def _check(counts: list[GroupCount], options: MeasureOptions) -> None:
    problems: list[str] = []
    if not counts:
        problems.append("No counts to measure: the data has no rows for the chosen columns.")
    if options.min_cell < 0:
        problems.append(f"min_cell must be 0 or more; got {options.min_cell}.")
    for c in counts:
        where = f"{c.group_column}={c.group!r}, outcome {c.outcome!r}"
        if c.n < 0:
            problems.append(f"{where}: n is {c.n}; it must be 0 or more.")
        if not 0 <= c.events <= max(c.n, 0):
            problems.append(f"{where}: events is {c.events}; it must be between 0 and n ({c.n}).")
    groups: dict[str, set[str]] = defaultdict(set)
    for c in counts:
        groups[c.group_column].add(c.group)
    for column, value in options.reference.items():
        if column not in groups:
            known = ", ".join(sorted(groups)) or "none"
            problems.append(
                f"Reference column {column!r} is not a group column (columns: {known})."
            )
        elif value not in groups[column]:
            known = ", ".join(repr(g) for g in sorted(groups[column]))
            problems.append(
                f"Reference {column}={value!r} is not in the data; {column} has: {known}."
            )
    strata = {c.stratum for c in counts}
    standard = options.standard_population
    if standard is not None:
        if strata == {""}:
            problems.append(
                "A standard population was given but the counts are not split by stratum."
            )
        else:
            unknown = sorted(strata - set(standard))
            if unknown:
                problems.append(
                    "Strata missing from the standard population: "
                    + ", ".join(repr(s) for s in unknown)
                    + "."
                )
            if sum(w for w in standard.values() if w > 0) <= 0:
                problems.append("The standard population has no positive weight.")
    if problems:
        raise MeasureInputError(problems)
