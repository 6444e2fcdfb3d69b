"""One measurement end to end: open the extract, check it, aggregate with the engine, and
compute the statistics on the small counts. Used by the CLI, the web task and the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from equitylens.disparities.services import engine, sources
from equitylens.disparities.services.contract import MeasureOptions
from equitylens.disparities.services.sources import DataInputError, OutcomeSpec

Progress = Callable[[float, str], None]
type DataSource = str | Path | ir.Table


def _table(data: DataSource, backend: Any) -> ir.Table:
    if isinstance(data, ir.Table):
        return data
    return sources.open_table(data, backend)


def _report(progress: Progress | None, fraction: float, stage: str) -> None:
    if progress is not None:
        progress(fraction, stage)


def run_measure(
    data: DataSource,
    groups: Sequence[str],
    outcomes: Sequence[str],
    options: MeasureOptions,
    *,
    backend: Any = None,
    progress: Progress | None = None,
    stratum: str | None = None,
    strategy: engine.Strategy = "joint",
) -> dict[str, Any]:
    """Measure disparities in `outcomes` across each of `groups` in a CSV/Parquet file (or
    any Ibis table): `{"rule", "rows", "indices"}` as stats.measure returns it.

    `outcomes` are 0/1 column names or "num:den" pairs. With `options.standard_population`,
    `stratum` names the column whose values are its strata (e.g. age band). `backend` is an
    Ibis connection used to open a file (DuckDB in memory by default). `progress(fraction,
    stage)` is called between stages. Raises DataInputError (file, columns or values) or
    stats.MeasureInputError (options) with messages naming the column and the fix; nothing
    is written anywhere.
    """
    from equitylens.disparities.services.stats import measure

    if options.standard_population and not stratum:
        raise DataInputError(
            [
                "Direct standardization needs the column holding the strata "
                "(e.g. --stratum age_band)."
            ]
        )
    _report(progress, 0.0, "Opening the file")
    table = _table(data, backend)
    specs = [OutcomeSpec.parse(o) for o in outcomes]
    if stratum:
        sources.check_columns(table, [(stratum, "stratum")])
    _report(progress, 0.1, "Checking columns and values")
    sources.check_measure_inputs(table, groups, specs)
    _report(progress, 0.3, "Counting people and events by group")
    counts = engine.group_counts(
        table,
        groups,
        specs,
        stratum=stratum if options.standard_population else None,
        strategy=strategy,
    )
    _report(progress, 0.8, "Computing rates, intervals and comparisons")
    result = measure(counts, options)
    _report(progress, 0.99, "Done")
    return result


def run_audit(
    data: DataSource,
    group: str,
    label: str,
    score: str,
    threshold: float,
    options: MeasureOptions,
    *,
    backend: Any = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Audit a risk score by group: confusion counts at `threshold` (score ≥ threshold means
    predicted positive) and calibration deciles, passed to stats.audit.

    Raises DataInputError for a bad file, a missing column, a label not 0/1 or a score
    outside 0–1, and for a threshold outside 0–1.
    """
    from equitylens.disparities.services.stats import audit

    if not 0.0 <= threshold <= 1.0:
        raise DataInputError(
            [
                "--threshold must be between 0 and 1 (a predicted probability); "
                f"you entered {threshold}."
            ]
        )
    _report(progress, 0.0, "Opening the file")
    table = _table(data, backend)
    _report(progress, 0.1, "Checking columns and values")
    sources.check_audit_inputs(table, group, label, score)
    _report(progress, 0.3, "Counting predictions by group")
    confusion = engine.confusion_counts(table, group, label, score, threshold)
    _report(progress, 0.5, "Binning scores into deciles by group")
    bins = engine.calibration_bins(table, group, label, score)
    _report(progress, 0.9, "Computing rates, intervals and comparisons")
    result = audit(confusion, bins, options)
    _report(progress, 0.99, "Done")
    return result
