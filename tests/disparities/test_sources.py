"""Opening and checking an extract: every bad input gets a specific message, nothing changes."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
import pytest
from packaging.version import Version

from equitylens.disparities.services import sources
from equitylens.disparities.services.sources import DataInputError, OutcomeSpec

from .engine_data import people, write_parquet


def _open(path: Path) -> ibis.Table:
    return sources.open_table(path, ibis.duckdb.connect())


def _problems(error: pytest.ExceptionInfo[DataInputError]) -> str:
    return " | ".join(error.value.problems)


def _checked(frame: pd.DataFrame, tmp_path: Path, groups: list[str], outcomes: list[str]) -> int:
    table = _open(write_parquet(frame, tmp_path))
    return sources.check_measure_inputs(table, groups, [OutcomeSpec.parse(o) for o in outcomes])


def test_a_good_extract_passes_and_reports_its_rows(tmp_path: Path) -> None:
    frame = people(500)
    assert (
        _checked(frame, tmp_path, ["payer"], ["bp_controlled", "visits_with_screen:visits"]) == 500
    )


def test_csv_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    people(300, with_gaps=False).to_csv(path, index=False)
    table = _open(path)
    assert sources.check_measure_inputs(table, ["payer"], [OutcomeSpec("label", "label")]) == 300


def test_missing_columns_are_all_listed_with_their_role(tmp_path: Path) -> None:
    with pytest.raises(DataInputError) as error:
        _checked(people(100), tmp_path, ["payer", "zip_code"], ["bp_controlled", "a1c_done"])
    text = _problems(error)
    assert "'zip_code' (group)" in text and "'a1c_done' (outcome)" in text
    assert "The file has: race_ethnicity" in text


def test_a_value_other_than_0_or_1_names_the_column_and_an_example(tmp_path: Path) -> None:
    frame = people(200, with_gaps=False)
    frame["bp_controlled"] = frame["bp_controlled"].astype(int)
    frame.loc[17, "bp_controlled"] = 2
    frame.loc[40, "bp_controlled"] = 2
    with pytest.raises(DataInputError) as error:
        _checked(frame, tmp_path, ["payer"], ["bp_controlled", "label"])
    assert _problems(error) == (
        "Column 'bp_controlled' must be 0 or 1 (or empty); 2 row(s) are not, for example 2."
    )


def test_text_outcomes_are_refused_by_type(tmp_path: Path) -> None:
    frame = people(50, with_gaps=False)
    frame["label"] = frame["label"].map({0: "no", 1: "yes"})
    with pytest.raises(DataInputError) as error:
        _checked(frame, tmp_path, ["payer"], ["label"])
    assert "Column 'label' (outcome) must hold numbers; it holds string values." in _problems(error)


def test_numerator_above_denominator_is_refused(tmp_path: Path) -> None:
    frame = people(100)
    frame.loc[3, "visits_with_screen"] = int(frame["visits"].iloc[3]) + 1
    with pytest.raises(DataInputError) as error:
        _checked(frame, tmp_path, ["payer"], ["visits_with_screen:visits"])
    assert "'visits_with_screen' (numerator) must not exceed 'visits'" in _problems(error)
    assert "1 row(s)" in _problems(error)


def test_a_badly_written_pair_is_refused() -> None:
    with pytest.raises(DataInputError, match="NUMERATOR:DENOMINATOR"):
        OutcomeSpec.parse("events:")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(b"")
    with pytest.raises(DataInputError, match=r"'extract.csv' is empty \(0 bytes\)"):
        _open(path)


def test_a_file_with_only_a_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "extract.parquet"
    frame = people(10, with_gaps=False).iloc[:0]
    frame.to_parquet(path)
    with pytest.raises(DataInputError, match="column names but no rows"):
        sources.check_measure_inputs(_open(path), ["payer"], [OutcomeSpec("label", "label")])


def test_an_unreadable_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"this is not parquet at all")
    with pytest.raises(DataInputError, match=r"'broken\.parquet' could not be read as Parquet: "):
        _open(path)


def test_a_missing_file_and_an_unknown_kind_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataInputError, match="was not found"):
        _open(tmp_path / "nowhere.csv")
    odd = tmp_path / "extract.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(DataInputError, match=r"must end in \.csv or \.parquet"):
        _open(odd)


def test_audit_scores_outside_0_to_1_are_refused(tmp_path: Path) -> None:
    frame = people(100, with_gaps=False)
    frame.loc[5, "risk_score"] = 7.5
    table = _open(write_parquet(frame, tmp_path))
    with pytest.raises(DataInputError) as error:
        sources.check_audit_inputs(table, "race_ethnicity", "label", "risk_score")
    assert _problems(error) == (
        "Column 'risk_score' (score) must be a predicted probability between 0 and 1; "
        "1 row(s) are not, for example 7.5."
    )


def test_checking_changes_nothing(tmp_path: Path) -> None:
    frame = people(100)
    frame.loc[0, "label"] = 3
    path = write_parquet(frame, tmp_path)
    before = path.read_bytes()
    with pytest.raises(DataInputError):
        sources.check_measure_inputs(_open(path), ["payer"], [OutcomeSpec("label", "label")])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.parquet"]


def test_installed_ibis_and_sqlglot_are_the_pinned_pair() -> None:
    assert version("ibis-framework") == "12.0.0"
    assert Version(version("sqlglot")) < Version("30.18")
    assert Version(version("duckdb")) < Version("2")


def test_ibis_can_create_and_drop_tables_and_views_on_duckdb() -> None:
    """The sqlglot >= 30.18 trap: ibis 12.0.0's DROP statements lost their table name."""
    con = ibis.duckdb.connect()
    con.create_table("scratch", pa.table({"x": [1, 2, 3]}), temp=True)
    con.create_view("scratch_view", con.table("scratch").filter(ibis._.x > 1))
    assert con.table("scratch_view").count().to_pyarrow().as_py() == 2
    con.drop_view("scratch_view")
    con.drop_table("scratch")
    # Backend.list_tables() fails with duckdb 2.x (it calls the removed
    # DuckDBPyConnection.fetch_arrow_table): the duckdb<2 pin keeps it working.
    assert not {"scratch", "scratch_view"} & set(con.list_tables())
    assert ibis.memtable({"x": [1, 2]}).x.sum().to_pyarrow().as_py() == 3


def test_a_csv_value_far_down_the_file_that_breaks_its_type_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    lines = ["payer,label"] + ["Medicare,1"] * 60_000 + ["Medicaid,yes"]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataInputError) as error:
        sources.check_measure_inputs(_open(path), ["payer"], [OutcomeSpec("label", "label")])
    text = _problems(error)
    assert "could not be read to the end" in text and "Line: 60002" in text
    assert 'converting column "label". Could not convert string "yes"' in text
