"""The engine's counts equal an independent pandas computation on the same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, selection_rate

from equitylens.disparities.services import engine, sources
from equitylens.disparities.services.contract import GroupCount

from .engine_data import GROUPS, OUTCOMES, people, write_parquet


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    frame = people()
    return frame, write_parquet(frame, tmp_path_factory.mktemp("engine"))


def _table(path: Path) -> ibis.Table:
    return sources.open_table(path, ibis.duckdb.connect())


def _pandas_counts(frame: pd.DataFrame, groups: list[str], outcomes: list[str]) -> set[GroupCount]:
    expected = set()
    for column in groups:
        keys = frame[column].fillna(engine.MISSING_GROUP).astype(str)
        for outcome in outcomes:
            grouped = frame[outcome].groupby(keys)
            n, events = grouped.count(), grouped.sum()
            for group in n.index:
                expected.add(
                    GroupCount(column, str(group), outcome, int(n[group]), int(events[group]))
                )
    return expected


@pytest.mark.parametrize("strategy", ["joint", "union"])
def test_counts_match_pandas_groupby(data: tuple[pd.DataFrame, Path], strategy: str) -> None:
    frame, path = data
    counts = engine.group_counts(_table(path), GROUPS, OUTCOMES, strategy=strategy)  # type: ignore[arg-type]
    assert set(counts) == _pandas_counts(frame, GROUPS, OUTCOMES)
    assert len(counts) == len(set(counts))


def test_missing_outcomes_are_not_counted_and_missing_groups_are_a_group(
    data: tuple[pd.DataFrame, Path],
) -> None:
    frame, path = data
    counts = engine.group_counts(_table(path), ["language"], ["bp_controlled"])
    assert sum(c.n for c in counts) == frame["bp_controlled"].notna().sum() < len(frame)
    missing = [c for c in counts if c.group == engine.MISSING_GROUP]
    assert missing and missing[0].n == frame.loc[frame.language.isna(), "bp_controlled"].count()


def test_numerator_denominator_pairs_sum_both_columns(data: tuple[pd.DataFrame, Path]) -> None:
    frame, path = data
    counts = engine.group_counts(_table(path), ["payer"], ["visits_with_screen:visits"])
    by_payer = frame.groupby("payer")[["visits", "visits_with_screen"]].sum()
    assert {(c.group, c.n, c.events) for c in counts} == {
        (str(p), int(r.visits), int(r.visits_with_screen)) for p, r in by_payer.iterrows()
    }
    assert {c.outcome for c in counts} == {"visits_with_screen:visits"}


def test_strata_split_the_counts_for_standardization(data: tuple[pd.DataFrame, Path]) -> None:
    frame, path = data
    counts = engine.group_counts(
        _table(path), ["race_ethnicity"], ["colorectal_screened"], stratum="age_band"
    )
    grouped = frame.groupby(["race_ethnicity", "age_band"])["colorectal_screened"]
    expected = {
        (str(r), str(a), int(n), int(e))
        for (r, a), n, e in zip(grouped.count().index, grouped.count(), grouped.sum(), strict=True)
    }
    assert {(c.group, c.stratum, c.n, c.events) for c in counts} == expected


def test_confusion_counts_match_pandas(data: tuple[pd.DataFrame, Path]) -> None:
    frame, path = data
    threshold = 0.3
    conf = engine.confusion_counts(_table(path), "race_ethnicity", "label", "risk_score", threshold)
    predicted = frame.risk_score >= threshold
    actual = frame.label == 1
    for c in conf:
        rows = frame.race_ethnicity == c.group
        assert (c.tp, c.fp, c.tn, c.fn) == (
            int((rows & predicted & actual).sum()),
            int((rows & predicted & ~actual).sum()),
            int((rows & ~predicted & ~actual).sum()),
            int((rows & ~predicted & actual).sum()),
        )
    assert sum(c.tp + c.fp + c.tn + c.fn for c in conf) == len(frame)


def test_calibration_deciles_match_pandas_ranks(data: tuple[pd.DataFrame, Path]) -> None:
    frame, path = data
    bins = engine.calibration_bins(_table(path), "race_ethnicity", "label", "risk_score")
    expected = frame[["race_ethnicity", "risk_score", "label"]].copy()
    rank = expected.groupby("race_ethnicity")["risk_score"].rank(method="min") - 1
    size = expected.groupby("race_ethnicity")["risk_score"].transform("size")
    expected["decile"] = np.floor(rank * 10 / size).astype(int) + 1
    summary = expected.groupby(["race_ethnicity", "decile"]).agg(
        n=("label", "size"), predicted=("risk_score", "sum"), observed=("label", "sum")
    )
    rows: dict[Any, dict[Any, Any]] = summary.to_dict("index")
    assert len(bins) == len(rows)
    for b in bins:
        row = rows[(b.group, b.decile)]
        assert (b.n, b.observed) == (row["n"], row["observed"])
        assert b.predicted_sum == pytest.approx(row["predicted"], rel=1e-12)
    assert {b.decile for b in bins} == set(range(1, 11))


def test_ties_share_a_decile(tmp_path: Path) -> None:
    frame = pd.DataFrame({"g": ["a"] * 20, "label": [0, 1] * 10, "score": [0.1] * 15 + [0.9] * 5})
    bins = engine.calibration_bins(_table(write_parquet(frame, tmp_path)), "g", "label", "score")
    assert [(b.decile, b.n) for b in bins] == [(1, 15), (8, 5)]


def test_group_rates_equal_fairlearn_metricframe(data: tuple[pd.DataFrame, Path]) -> None:
    frame, path = data
    counts = engine.group_counts(_table(path), ["race_ethnicity"], ["colorectal_screened"])
    y = frame["colorectal_screened"]
    by_group = MetricFrame(
        metrics=selection_rate,
        y_true=y,
        y_pred=y,
        sensitive_features=frame["race_ethnicity"],
    ).by_group
    assert len(counts) == len(by_group)
    for c in counts:
        assert abs(c.events / c.n - float(by_group[c.group])) < 1e-12
