"""Small-cell suppression, primary and complementary.

Rule (stated in every output): a cell is suppressed when fewer than `min_cell` people are in
it (n), fewer than `min_cell` had the event, or fewer than `min_cell` did not (n − events) —
the people without the event are a count of people too, and n and events together would reveal
it. A suppressed cell shows no n, events, rate, interval or comparison.

Complementary suppression makes sure no suppressed value can be recovered by subtraction from
what is shown, given that the overall n and events of an outcome are known (any fully shown
group column sums to them) and that a group's n is the same for every outcome over the same
people:

* within every group column × outcome, either no cell or at least two cells are suppressed (the
  next smallest group by n is added when only one is), so only the sum of the hidden cells can
  be recovered;
* a group suppressed because its n is small is suppressed in every outcome of its column, and
  its complementary group is chosen once per column, so another outcome cannot show the n
  that the complementary cell hides.

Groups missing from some outcome only (different denominators per outcome) are outside the
second guarantee: their n differs between outcomes anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

CellKey = tuple[str, str, str]  # (group column, group, outcome or metric)


def small_cell_reason(n: int, events: int, min_cell: int) -> str | None:
    """Why a cell of `n` people with `events` events is suppressed, or None if it is shown."""
    if n < min_cell:
        return f"fewer than {min_cell} people (n)"
    if events < min_cell:
        return f"fewer than {min_cell} events"
    if n - events < min_cell:
        return f"fewer than {min_cell} people without the event"
    return None


def suppress_cells(cells: Mapping[CellKey, tuple[int, int]], min_cell: int) -> dict[CellKey, str]:
    """Return the suppressed cells of a measurement with the reason for each.

    `cells` maps (group column, group, outcome) to (n, events). The result names every cell to
    hide: primary ones (small n, events or non-events) and complementary ones ("complementary:
    protects …"), following the rules in this module's docstring.
    """
    hidden: dict[CellKey, str] = {}
    for key, (n, events) in cells.items():
        reason = small_cell_reason(n, events, min_cell)
        if reason:
            hidden[key] = reason

    by_column: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (column, group, outcome), (n, _events) in cells.items():
        by_column[column][outcome][group] = n

    for column, outcomes in by_column.items():
        _protect_small_groups(column, outcomes, hidden, min_cell)
        for outcome, groups in outcomes.items():
            shown_hidden = [g for g in groups if (column, g, outcome) in hidden]
            if len(shown_hidden) != 1:
                continue
            candidates = sorted(
                (n, g) for g, n in groups.items() if (column, g, outcome) not in hidden
            )
            if candidates:
                partner = candidates[0][1]
                hidden[(column, partner, outcome)] = (
                    f"complementary: protects the suppressed cell of {shown_hidden[0]!r}"
                )
    return hidden


def _protect_small_groups(
    column: str,
    outcomes: Mapping[str, Mapping[str, int]],
    hidden: dict[CellKey, str],
    min_cell: int,
) -> None:
    """Hide small-n groups (and one partner group) in every outcome of `column`."""
    small = {g for groups in outcomes.values() for g, n in groups.items() if n < min_cell}
    if not small:
        return
    size: dict[str, int] = defaultdict(int)
    for groups in outcomes.values():
        for g, n in groups.items():
            size[g] = max(size[g], n)
    protected = set(small)
    changed = True
    while changed:  # until every outcome has 0 or ≥ 2 of the protected groups
        changed = False
        for groups in outcomes.values():
            present = [g for g in groups if g in protected]
            if len(present) == 1:
                others = sorted((size[g], g) for g in groups if g not in protected)
                if others:
                    protected.add(others[0][1])
                    changed = True
    for outcome, groups in outcomes.items():
        for g in groups:
            key = (column, g, outcome)
            if g in protected and key not in hidden:
                hidden[key] = (
                    "complementary: protects a group with fewer than "
                    f"{min_cell} people in {column!r}"
                )


def suppress_groups(
    sizes: Mapping[tuple[str, str], tuple[int, str | None]],
) -> dict[tuple[str, str], str]:
    """Whole-group suppression for an algorithm audit.

    `sizes` maps (group column, group) to (n, primary reason or None). Every group with a reason
    is hidden; if a column then has exactly one hidden group, its smallest shown group is hidden
    as well, so the column totals cannot reveal it.
    """
    hidden = {key: reason for key, (_n, reason) in sizes.items() if reason}
    columns: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (column, group), (n, _reason) in sizes.items():
        columns[column].append((n, group))
    for column, groups in columns.items():
        gone = [g for _n, g in groups if (column, g) in hidden]
        if len(gone) == 1:
            shown = sorted((n, g) for n, g in groups if (column, g) not in hidden)
            if shown:
                hidden[(column, shown[0][1])] = (
                    f"complementary: protects the suppressed group {gone[0]!r}"
                )
    return hidden
