"""Small cells are hidden and cannot be recovered from what is shown plus the totals."""

from __future__ import annotations

import numpy as np
import pytest

from equitylens.disparities.services.contract import GroupCount, MeasureOptions
from equitylens.disparities.services.stats import measure
from equitylens.disparities.services.stats_suppression import (
    small_cell_reason,
    suppress_cells,
    suppress_groups,
)


def test_small_n_events_or_non_events_are_each_a_reason() -> None:
    assert small_cell_reason(10, 5, 11) is not None
    assert small_cell_reason(100, 10, 11) is not None
    assert small_cell_reason(100, 90, 11) is not None  # 10 people without the event
    assert small_cell_reason(100, 11, 11) is None
    assert small_cell_reason(100, 89, 11) is None


def test_a_lone_small_cell_takes_the_next_smallest_group_with_it() -> None:
    cells = {
        ("race", "A", "flu"): (500, 200),
        ("race", "B", "flu"): (60, 30),
        ("race", "C", "flu"): (40, 5),  # primary: 5 events
        ("race", "D", "flu"): (80, 40),
    }
    hidden = suppress_cells(cells, 11)
    assert set(hidden) == {("race", "C", "flu"), ("race", "B", "flu")}
    assert hidden[("race", "B", "flu")].startswith("complementary")


def test_a_small_group_is_hidden_with_the_same_partner_in_every_outcome() -> None:
    cells = {}
    for outcome in ("flu", "a1c"):
        cells[("lang", "en", outcome)] = (500, 250)
        cells[("lang", "es", outcome)] = (90, 45)
        cells[("lang", "vi", outcome)] = (60, 30)
        cells[("lang", "so", outcome)] = (7, 3)
    # In "a1c" es also has too few events, so per-outcome logic alone would pair so with es
    # there and with vi in "flu", revealing vi's n through "a1c".
    cells[("lang", "es", "a1c")] = (90, 4)
    hidden = suppress_cells(cells, 11)
    for outcome in ("flu", "a1c"):
        assert ("lang", "so", outcome) in hidden
        assert ("lang", "vi", outcome) in hidden
    assert ("lang", "en", "flu") not in hidden


def test_nothing_is_hidden_when_every_cell_is_large() -> None:
    cells = {("sex", g, "flu"): (100, 50) for g in ("F", "M", "X")}
    assert suppress_cells(cells, 11) == {}


def test_audit_groups_are_hidden_in_pairs() -> None:
    sizes = {("race", "A"): (900, None), ("race", "B"): (300, None), ("race", "C"): (50, "small")}
    assert set(suppress_groups(sizes)) == {("race", "C"), ("race", "B")}


# --- property: random tables, nothing suppressed can be derived by linear algebra ----------


def _population(rng: np.random.Generator) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    n = int(rng.integers(15, 400))
    columns = {}
    for name, k in (("race", 5), ("lang", 4), ("payer", 3)):
        probs = rng.dirichlet(np.full(k, 0.6))
        columns[name] = rng.choice([f"{name}{i}" for i in range(k)], size=n, p=probs)
    outcomes = {}
    for name in ("flu", "a1c"):
        base = rng.choice([0.02, 0.5, 0.97, rng.uniform()])
        outcomes[name] = (rng.uniform(size=n) < base).astype(int)
    return columns, outcomes


def _counts(columns: dict[str, np.ndarray], outcomes: dict[str, np.ndarray]) -> list[GroupCount]:
    counts = []
    for col, values in columns.items():
        for group in sorted(set(values)):
            mask = values == group
            for out, y in outcomes.items():
                counts.append(GroupCount(col, str(group), out, int(mask.sum()), int(y[mask].sum())))
    return counts


def _derivable(rows: list[dict], counts: list[GroupCount], min_cell: int) -> list[str]:
    """Sensitive hidden values that the shown numbers and the outcome totals determine."""
    truth = {(c.group_column, c.group, c.outcome): (c.n, c.events) for c in counts}
    hidden = [(r["group_column"], r["group"], r["outcome"]) for r in rows if r["suppressed"]]
    index: dict[tuple[tuple[str, str, str], str], int] = {}
    for key in hidden:
        index[(key, "n")] = len(index)
        index[(key, "e")] = len(index)
    shown = {
        (r["group_column"], r["group"], r["outcome"]): (r["n"], r["events"])
        for r in rows
        if not r["suppressed"]
    }
    assert all(shown[k] == truth[k] for k in shown)
    equations = []
    blocks: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for key in truth:
        blocks.setdefault((key[0], key[2]), []).append(key)
    for keys in blocks.values():  # column totals = outcome totals, known to an attacker
        for part in ("n", "e"):
            row = np.zeros(len(index))
            for key in keys:
                if (key, part) in index:
                    row[index[(key, part)]] = 1
            equations.append(row)
    outcomes = sorted({k[2] for k in truth})
    for key in hidden:  # the same people in every outcome: n is shared
        for other in outcomes:
            twin = (key[0], key[1], other)
            if other == key[2] or twin not in truth:
                continue
            row = np.zeros(len(index))
            row[index[(key, "n")]] = 1
            if (twin, "n") in index:
                row[index[(twin, "n")]] -= 1
            equations.append(row)
    a = np.array(equations) if equations else np.zeros((0, len(index)))
    rank = np.linalg.matrix_rank(a) if a.size else 0
    leaks = []
    for key in hidden:
        n, e = truth[key]
        targets = []
        if n < min_cell:
            targets.append(("n", {(key, "n"): 1}))
        if e < min_cell:
            targets.append(("events", {(key, "e"): 1}))
        if n - e < min_cell:
            targets.append(("non-events", {(key, "n"): 1, (key, "e"): -1}))
        for label, coefs in targets:
            t = np.zeros(len(index))
            for var, coef in coefs.items():
                t[index[var]] = coef
            if np.linalg.matrix_rank(np.vstack([a, t])) == rank:
                leaks.append(f"{key} {label}")
    return leaks


@pytest.mark.parametrize("seed", range(60))
def test_no_suppressed_value_is_derivable_from_shown_cells_and_totals(seed: int) -> None:
    rng = np.random.default_rng(seed)
    columns, outcomes = _population(rng)
    counts = _counts(columns, outcomes)
    result = measure(counts, MeasureOptions(min_cell=11))
    rows = result["rows"]
    for row in rows:
        n, e = next(
            (c.n, c.events)
            for c in counts
            if (c.group_column, c.group, c.outcome)
            == (row["group_column"], row["group"], row["outcome"])
        )
        if small_cell_reason(n, e, 11):
            assert row["suppressed"], row
        if row["suppressed"]:
            assert all(row[k] is None for k in ("n", "events", "rate", "ci_low", "p_value"))
    assert _derivable(rows, counts, 11) == []


def test_the_leak_check_catches_a_lone_hidden_cell() -> None:
    """The property above could fail: without complementary suppression it does."""
    counts = [
        GroupCount("race", "A", "flu", 100, 50),
        GroupCount("race", "B", "flu", 5, 2),
        GroupCount("sex", "F", "flu", 55, 26),
        GroupCount("sex", "M", "flu", 50, 26),
    ]
    rows = measure(counts, MeasureOptions())["rows"]
    naive = [dict(r) for r in rows]
    for r, c in zip(naive, counts, strict=True):
        if c.group == "A":  # undo the complementary suppression
            r.update(suppressed=False, n=c.n, events=c.events)
    assert _derivable(naive, counts, 11) != []
    assert _derivable(rows, counts, 11) == []
