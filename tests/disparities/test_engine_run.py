"""run_measure end to end: any Ibis table in, progress reported, counts reach the statistics."""

from __future__ import annotations

from pathlib import Path

import ibis
import pytest

from equitylens.disparities.services import measure_run
from equitylens.disparities.services.contract import MeasureOptions
from equitylens.disparities.services.sources import DataInputError

from .engine_data import people, write_parquet


def test_a_path_and_an_ibis_table_give_the_same_result(tmp_path: Path) -> None:
    path = write_parquet(people(4000), tmp_path)
    options = MeasureOptions(min_cell=5)
    from_path = measure_run.run_measure(path, ["payer"], ["bp_controlled"], options)
    table = ibis.duckdb.connect().read_parquet(str(path))
    assert measure_run.run_measure(table, ["payer"], ["bp_controlled"], options) == from_path
    frame = people(4000)
    medicaid = next(r for r in from_path["rows"] if r["group"] == "Medicaid")
    assert medicaid["n"] == frame.loc[frame.payer == "Medicaid", "bp_controlled"].count()


def test_progress_moves_forward_and_stays_below_one(tmp_path: Path) -> None:
    path = write_parquet(people(500), tmp_path)
    seen: list[tuple[float, str]] = []
    measure_run.run_measure(
        path, ["payer"], ["label"], MeasureOptions(), progress=lambda f, s: seen.append((f, s))
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] < 1 and len(seen) >= 4
    assert all(stage for _, stage in seen)


def test_standardization_passes_strata_to_the_statistics(tmp_path: Path) -> None:
    path = write_parquet(people(6000, with_gaps=False), tmp_path)
    standard = {"18-34": 0.3, "35-49": 0.25, "50-64": 0.25, "65+": 0.2}
    crude = measure_run.run_measure(path, ["payer"], ["bp_controlled"], MeasureOptions())
    adjusted = measure_run.run_measure(
        path,
        ["payer"],
        ["bp_controlled"],
        MeasureOptions(standard_population=standard),
        stratum="age_band",
    )
    assert [r["n"] for r in adjusted["rows"]] == [r["n"] for r in crude["rows"]]
    assert [r["rate"] for r in adjusted["rows"]] != [r["rate"] for r in crude["rows"]]


def test_standardization_without_a_stratum_column_is_refused(tmp_path: Path) -> None:
    path = write_parquet(people(100), tmp_path)
    with pytest.raises(DataInputError, match="--stratum age_band"):
        measure_run.run_measure(
            path, ["payer"], ["label"], MeasureOptions(standard_population={"a": 1.0})
        )
