"""The aggregation engine: any Ibis table → the small counts every statistic is computed from.

Written once with Ibis and kept portable so it runs unchanged on DuckDB (the default),
PySpark, BigQuery, Snowflake or Trino: only counts and sums of 0/1 expressions, explicit
casts, `rank()` over a window for calibration deciles, no UDFs. Statistics never run here.

Measuring makes ONE scan: a single GROUP BY over all group columns together (plus the
stratum column when standardizing). Its answer has at most one row per combination of group
values — small for demographic columns — and is rolled up to each group column in Python.
On DuckDB this is faster than a UNION ALL of one GROUP BY per column (which scans once per
column); `strategy="union"` is there for high-cardinality columns (ZIP codes × others), where
the combinations would be many.

Empty group values are reported as the group `MISSING_GROUP`. A failure while reading the data
is raised as sources.DataInputError.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from equitylens.disparities.services.contract import CalibrationBin, ConfusionCount, GroupCount
from equitylens.disparities.services.sources import OutcomeSpec, fetch

MISSING_GROUP = "(missing)"
DECILES = 10
Strategy = Literal["joint", "union"]


def _group_value(table: ir.Table, column: str) -> ir.StringValue:
    return table[column].cast(dt.string).fill_null(MISSING_GROUP)


def _outcome_sums(table: ir.Table, outcomes: Sequence[OutcomeSpec]) -> dict[str, ir.Value]:
    """n and events per outcome, as sums of casts (portable to every SQL engine)."""
    sums: dict[str, ir.Value] = {}
    for i, spec in enumerate(outcomes):
        numerator = table[spec.column]
        if spec.denominator is None:
            sums[f"n{i}"] = numerator.notnull().cast(dt.int64).sum()
            sums[f"e{i}"] = numerator.cast(dt.int64).sum()
        else:
            denominator = table[spec.denominator]
            both = numerator.notnull() & denominator.notnull()
            sums[f"n{i}"] = both.ifelse(denominator.cast(dt.int64), 0).sum()
            sums[f"e{i}"] = both.ifelse(numerator.cast(dt.int64), 0).sum()
    return sums


def _as_int(value: object) -> int:
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def group_counts(
    table: ir.Table,
    groups: Sequence[str],
    outcomes: Sequence[str | OutcomeSpec],
    *,
    stratum: str | None = None,
    strategy: Strategy = "joint",
) -> list[GroupCount]:
    """People (`n`: rows with the outcome present) and events per group column × group × outcome.

    Outcomes are 0/1 columns (events = sum) or "num:den" pairs (n = sum of den, events = sum
    of num, over rows where both are present). With `stratum`, counts are split by that
    column's values (for direct standardization) and `GroupCount.stratum` holds them.
    Results are sorted by group column (in the order given), group, outcome, stratum.
    Expects a checked table (sources.check_measure_inputs).
    """
    specs = [s if isinstance(s, OutcomeSpec) else OutcomeSpec.parse(s) for s in outcomes]
    sums = _outcome_sums(table, specs)
    stratum_key = {"_stratum": _group_value(table, stratum)} if stratum else {}
    # Per (group column, group, stratum): [n_0, e_0, n_1, e_1, ...]
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * (2 * len(specs)))
    if strategy == "joint":
        expr = table.group_by(
            **{f"_g{j}": _group_value(table, g) for j, g in enumerate(groups)}, **stratum_key
        ).aggregate(**sums)
        for row in fetch(expr).to_pylist():
            level = str(row["_stratum"]) if stratum else ""
            values = [_as_int(row[f"{kind}{i}"]) for i in range(len(specs)) for kind in "ne"]
            for j, column in enumerate(groups):
                cell = totals[(column, str(row[f"_g{j}"]), level)]
                for k, value in enumerate(values):
                    cell[k] += value
    else:
        parts = [
            table.group_by(_group=_group_value(table, column), **stratum_key)
            .aggregate(**sums)
            .mutate(_column=ibis.literal(column))
            for column in groups
        ]
        for row in fetch(ibis.union(*parts)).to_pylist():
            level = str(row["_stratum"]) if stratum else ""
            totals[(str(row["_column"]), str(row["_group"]), level)] = [
                _as_int(row[f"{kind}{i}"]) for i in range(len(specs)) for kind in "ne"
            ]
    order = {column: j for j, column in enumerate(groups)}
    counts = [
        GroupCount(
            group_column=column,
            group=group,
            outcome=spec.name,
            n=values[2 * i],
            events=values[2 * i + 1],
            stratum=level,
        )
        for (column, group, level), values in totals.items()
        for i, spec in enumerate(specs)
    ]
    return sorted(counts, key=lambda c: (order[c.group_column], c.group, c.outcome, c.stratum))


def _audit_rows(table: ir.Table, label: str, score: str) -> ir.Table:
    return table.filter(table[label].notnull() & table[score].notnull())


def confusion_counts(
    table: ir.Table, group: str, label: str, score: str, threshold: float
) -> list[ConfusionCount]:
    """TP/FP/TN/FN per group: predicted positive when score ≥ threshold; label 1 = positive.

    Rows without a label or a score are left out. Sorted by group.
    """
    rows = _audit_rows(table, label, score)
    predicted = rows[score].cast(dt.float64) >= threshold
    actual = rows[label].cast(dt.int64) == 1
    expr = rows.group_by(_group=_group_value(rows, group)).aggregate(
        tp=(predicted & actual).cast(dt.int64).sum(),
        fp=(predicted & ~actual).cast(dt.int64).sum(),
        tn=(~predicted & ~actual).cast(dt.int64).sum(),
        fn=(~predicted & actual).cast(dt.int64).sum(),
    )
    return sorted(
        (
            ConfusionCount(
                group_column=group,
                group=str(row["_group"]),
                tp=_as_int(row["tp"]),
                fp=_as_int(row["fp"]),
                tn=_as_int(row["tn"]),
                fn=_as_int(row["fn"]),
            )
            for row in fetch(expr).to_pylist()
        ),
        key=lambda c: c.group,
    )


def calibration_bins(table: ir.Table, group: str, label: str, score: str) -> list[CalibrationBin]:
    """Deciles of score within each group: people, sum of scores, observed events per decile.

    Decile = floor(10 × r / m) + 1, where r is the person's rank by score within the group
    (0-based, ties sharing the lowest rank) and m the group's size. Tied scores always land in
    the same decile, so every backend gives identical bins (unlike `ntile`, which splits ties
    arbitrarily, or approximate quantiles, which differ by engine). A decile is absent when
    ties fill it from the one below. Sorted by group and decile.
    """
    rows = _audit_rows(table, label, score)
    by_group = ibis.window(group_by=_group_value(rows, group))
    ranked = rows.select(
        _group=_group_value(rows, group),
        _score=rows[score].cast(dt.float64),
        _label=rows[label].cast(dt.int64),
        _rank=ibis.rank().over(group_by=_group_value(rows, group), order_by=rows[score]),
        _size=rows[score].count().over(by_group),
    )
    decile = ((ranked._rank * DECILES) / ranked._size).floor().cast(dt.int64) + 1
    expr = ranked.group_by(_group=ranked._group, _decile=decile).aggregate(
        n=ranked.count(), predicted_sum=ranked._score.sum(), observed=ranked._label.sum()
    )
    return sorted(
        (
            CalibrationBin(
                group_column=group,
                group=str(row["_group"]),
                decile=int(row["_decile"]),
                n=_as_int(row["n"]),
                predicted_sum=float(row["predicted_sum"] or 0.0),
                observed=_as_int(row["observed"]),
            )
            for row in fetch(expr).to_pylist()
        ),
        key=lambda b: (b.group, b.decile),
    )
