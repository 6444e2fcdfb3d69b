"""The same engine code gives identical counts on PySpark (local mode) and DuckDB."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from typing import Any

import ibis
import pytest

from equitylens.disparities.services import engine, sources
from equitylens.disparities.services.sources import OutcomeSpec

from .engine_data import GROUPS, OUTCOMES, people, write_parquet

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed"),
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    logging.getLogger("py4j").setLevel(logging.WARNING)  # no chatter while closing down
    session = (
        SparkSession.builder.master("local[1]")
        .appName("equitylens-engine-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def tables(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    path = write_parquet(people(3000, seed=21), tmp_path_factory.mktemp("spark"))
    on_duckdb = sources.open_table(path, ibis.duckdb.connect())
    on_spark = ibis.pyspark.connect(spark).read_parquet(str(path))
    return on_duckdb, on_spark


def test_group_counts_are_identical(tables: tuple[Any, Any]) -> None:
    on_duckdb, on_spark = tables
    outcomes = [*OUTCOMES, "visits_with_screen:visits"]
    duck = engine.group_counts(on_duckdb, GROUPS, outcomes)
    assert duck == engine.group_counts(on_spark, GROUPS, outcomes)
    assert duck == engine.group_counts(on_spark, GROUPS, outcomes, strategy="union")
    assert engine.group_counts(on_duckdb, ["payer"], OUTCOMES, stratum="age_band") == (
        engine.group_counts(on_spark, ["payer"], OUTCOMES, stratum="age_band")
    )


def test_audit_counts_and_deciles_are_identical(tables: tuple[Any, Any]) -> None:
    on_duckdb, on_spark = tables
    args = ("race_ethnicity", "label", "risk_score")
    assert engine.confusion_counts(on_duckdb, *args, 0.25) == (
        engine.confusion_counts(on_spark, *args, 0.25)
    )
    duck_bins = engine.calibration_bins(on_duckdb, *args)
    spark_bins = engine.calibration_bins(on_spark, *args)
    assert [(b.group, b.decile, b.n, b.observed) for b in duck_bins] == [
        (b.group, b.decile, b.n, b.observed) for b in spark_bins
    ]
    for d, s in zip(duck_bins, spark_bins, strict=True):
        assert d.predicted_sum == pytest.approx(s.predicted_sum, rel=1e-12)


def test_input_checks_run_on_spark_too(tables: tuple[Any, Any]) -> None:
    _, on_spark = tables
    specs = [OutcomeSpec.parse(o) for o in OUTCOMES]
    assert sources.check_measure_inputs(on_spark, GROUPS, specs) == 3000
    with pytest.raises(sources.DataInputError, match="'zip_code' \\(group\\)"):
        sources.check_measure_inputs(on_spark, ["zip_code"], specs)
