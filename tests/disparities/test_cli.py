"""`equitylens disparities measure|audit`: output shapes, atomic --out, bad input → exit 2."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from equitylens.disparities.services.contract import ROW_KEYS

from .engine_data import people, write_parquet


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("disparities", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet(people(6000, with_gaps=False), tmp_path_factory.mktemp("cli"))


MEASURE = ("--group", "race_ethnicity", "--group", "payer", "--outcome", "colorectal_screened")


def test_measure_prints_one_json_object_with_the_row_keys(extract: Path) -> None:
    code, out, err = _run("measure", str(extract), *MEASURE, "--outcome", "bp_controlled")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"rule", "rows", "indices"}  # notes go to stderr
    assert result["rule"] and result["indices"]
    assert all(tuple(row) == ROW_KEYS for row in result["rows"])
    frame = people(6000, with_gaps=False)
    white = next(
        r for r in result["rows"] if r["group"] == "White" and r["outcome"] == "bp_controlled"
    )
    assert white["n"] == (frame.race_ethnicity == "White").sum()
    assert white["events"] == frame.loc[frame.race_ethnicity == "White", "bp_controlled"].sum()


def test_suppressed_rows_have_null_numbers(extract: Path) -> None:
    code, out, _ = _run("measure", str(extract), *MEASURE, "--min-cell", "200")
    rows = json.loads(out)["rows"]
    suppressed = [r for r in rows if r["suppressed"]]
    assert code == 0 and suppressed
    for row in suppressed:
        assert row["n"] is None and row["rate"] is None and row["p_value"] is None


def test_measure_csv_has_one_line_per_row(extract: Path) -> None:
    code, out, _ = _run("measure", str(extract), *MEASURE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == ROW_KEYS
    assert {r["suppressed"] for r in rows} <= {"true", "false"}
    _, as_json, _ = _run("measure", str(extract), *MEASURE)
    assert len(rows) == len(json.loads(as_json)["rows"])


def test_reference_option_is_used(extract: Path) -> None:
    code, out, _ = _run("measure", str(extract), *MEASURE, "--reference", "payer=Medicaid")
    payer_rows = [r for r in json.loads(out)["rows"] if r["group_column"] == "payer"]
    assert code == 0 and {r["reference"] for r in payer_rows} == {"Medicaid"}


def test_out_writes_the_file_and_not_stdout(extract: Path, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    code, out, _ = _run("measure", str(extract), *MEASURE, "--out", str(target))
    assert code == 0 and out.strip() == f"Wrote {target}"
    assert set(json.loads(target.read_text())) == {"rule", "rows", "indices"}


def test_out_is_all_or_nothing_when_writing_fails(
    extract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "result.json"
    target.write_text("previous result")

    def failing_replace(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    code, _, err = _run("measure", str(extract), *MEASURE, "--out", str(target))
    assert code == 1 and "could not write" in err and "No space left on device" in err
    assert target.read_text() == "previous result"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (
            None,
            ("--group", "zip_code", "--outcome", "a1c"),
            "Missing column(s): 'zip_code' (group), 'a1c' (outcome)",
        ),
        (
            "two",
            ("--group", "payer", "--outcome", "label"),
            "Column 'label' must be 0 or 1 (or empty); 1 row(s) are not, for example 2.",
        ),
        (
            None,
            ("--group", "payer", "--outcome", "label", "--reference", "payer"),
            "--reference must be written NAME=VALUE; you entered 'payer'.",
        ),
        (
            None,
            ("--group", "payer", "--outcome", "label", "--min-cell", "0"),
            "--min-cell must be at least 1; you entered 0.",
        ),
    ],
)
def test_bad_input_exits_2_with_a_specific_message_and_writes_nothing(
    tmp_path: Path, change: str | None, args: tuple[str, ...], message: str
) -> None:
    frame = people(300, with_gaps=False)
    if change == "two":
        frame.loc[9, "label"] = 2
    data = write_parquet(frame, tmp_path)
    target = tmp_path / "out.json"
    code, out, err = _run("measure", str(data), *args, "--out", str(target))
    assert code == 2 and out == ""
    assert message in err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [data.name]


def test_empty_and_unreadable_files_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, _, err = _run("measure", str(empty), "--group", "g", "--outcome", "y")
    assert code == 2 and "'empty.csv' is empty (0 bytes)" in err
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 nonsense")
    code, _, err = _run("measure", str(broken), "--group", "g", "--outcome", "y")
    assert code == 2 and "'broken.parquet' could not be read as Parquet" in err


def test_audit_prints_rows_for_each_group(extract: Path) -> None:
    code, out, err = _run(
        "audit",
        str(extract),
        "--group",
        "race_ethnicity",
        "--label",
        "label",
        "--score",
        "risk_score",
        "--threshold",
        "0.3",
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert "rule" in result and result["rows"]
    assert {r["group"] for r in result["rows"]} >= {"White", "Black", "Hispanic"}


def test_audit_refuses_a_threshold_outside_0_to_1(extract: Path) -> None:
    code, _, err = _run(
        "audit",
        str(extract),
        "--group",
        "payer",
        "--label",
        "label",
        "--score",
        "risk_score",
        "--threshold",
        "30",
    )
    assert code == 2 and "--threshold must be between 0 and 1" in err
