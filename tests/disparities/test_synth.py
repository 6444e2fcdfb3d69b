"""The synthetic generator: planted rates come back, files appear whole or not at all."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command

from equitylens.disparities.services import synth


def test_planted_rates_are_recovered(tmp_path: Path) -> None:
    path = synth.write_synthetic(tmp_path / "s.parquet", 120_000, seed=11)
    frame = pd.read_parquet(path)
    assert len(frame) == 120_000
    for outcome, (column, rates) in synth.PLANTED.items():
        observed = frame.groupby(column, observed=True)[outcome].agg(["mean", "size"])
        by_group: dict[Any, dict[Any, Any]] = observed.to_dict("index")
        for group, rate in rates.items():
            mean, size = by_group[group]["mean"], by_group[group]["size"]
            assert abs(mean - rate) < 4 * math.sqrt(rate * (1 - rate) / size), (outcome, group)
    for column, shares in synth.GROUPS.items():
        share = frame[column].value_counts(normalize=True)
        for group, expected in shares.items():
            assert abs(share[group] - expected) < 0.01


def test_the_score_under_predicts_risk_for_the_planted_groups(tmp_path: Path) -> None:
    frame = pd.read_parquet(synth.write_synthetic(tmp_path / "s.parquet", 60_000, seed=5))
    means = frame.groupby("race_ethnicity", observed=True)[["label", "risk_score"]].mean()
    gap: dict[Any, float] = (means["label"] - means["risk_score"]).to_dict()
    assert gap["Black"] > 0.05 and abs(gap["White"]) < 0.01


def test_csv_and_parquet_hold_the_same_people(tmp_path: Path) -> None:
    a = pd.read_parquet(synth.write_synthetic(tmp_path / "a.parquet", 2500, seed=3))
    b = pd.read_csv(synth.write_synthetic(tmp_path / "b.csv", 2500, seed=3))
    a = a.astype({c: str for c in synth.GROUPS})
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_chunks_do_not_change_the_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth, "CHUNK_ROWS", 700)
    frame = pd.read_parquet(synth.write_synthetic(tmp_path / "s.parquet", 2000))
    assert len(frame) == 2000


def test_bad_arguments_and_failures_leave_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="positive number of people; you entered 0"):
        synth.write_synthetic(tmp_path / "s.parquet", 0)
    with pytest.raises(ValueError, match=r"must end in \.parquet or \.csv; you entered 's\.json'"):
        synth.write_synthetic(tmp_path / "s.json", 10)

    def broken_chunk(*args: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(synth, "make_chunk", broken_chunk)
    with pytest.raises(RuntimeError):
        synth.write_synthetic(tmp_path / "s.parquet", 10)
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_a_file(tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "demo.csv"
    call_command("disparities", "synth", "--rows", "1000", "--out", str(target), stdout=out)
    assert "Wrote 1,000 synthetic people" in out.getvalue()
    assert len(pd.read_csv(target)) == 1000
