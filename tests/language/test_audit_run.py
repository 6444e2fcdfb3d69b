"""run_audit end to end on synthetic notes: the planted odds ratios come back, inputs checked."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from equitylens.language.services.audit.run import AuditInputError, run_audit
from equitylens.language.services.audit.synthetic import (
    PLANTED_ODDS_RATIOS,
    REFERENCE,
    generate_batches,
    write_notes,
)

GROUPS = list(REFERENCE)


@pytest.fixture(scope="module")
def big_audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, Path]:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("audit")
    notes = folder / "notes.parquet"
    write_notes(notes, 12000, seed=11, chunk=3000, with_truth=True)
    progress: list[float] = []
    summary = run_audit(
        notes, GROUPS, dict(REFERENCE), folder / "out", workers=2, progress=progress.append
    )
    assert progress[-1] == 1.0 and progress == sorted(progress)
    return summary, notes, folder / "out"


def test_the_planted_odds_ratios_are_recovered_within_their_intervals(big_audit) -> None:  # type: ignore[no-untyped-def]
    summary = big_audit[0]
    tables = {t["column"]: {r["value"]: r for r in t["rows"]} for t in summary["groups"]}
    for column, planted in PLANTED_ODDS_RATIOS.items():
        for value, odds_ratio in planted.items():
            row = tables[column][value]
            lo, hi = row["odds_ratio_ci"]
            assert lo <= odds_ratio <= hi, (column, value, row["odds_ratio"], lo, hi)
    assert tables["race_ethnicity"]["Black"]["odds_ratio_ci"][0] > 1.3  # and it is not just wide


def test_exactly_the_planted_patients_are_counted(big_audit) -> None:  # type: ignore[no-untyped-def]
    _, notes, out = big_audit
    truth = pq.read_table(notes, columns=["patient_id", "planted"]).to_pandas()
    planted = set(truth.loc[truth["planted"], "patient_id"])
    found = set(
        pq.read_table(out / "findings.parquet", columns=["patient_id"]).column(0).to_pylist()
    )
    assert found == planted


def test_findings_offsets_point_at_the_descriptor(big_audit) -> None:  # type: ignore[no-untyped-def]
    _, notes, out = big_audit
    findings = pq.read_table(out / "findings.parquet").to_pylist()[:200]
    texts = dict(
        zip(*pq.read_table(notes, columns=["note_id", "text"]).to_pydict().values(), strict=True)
    )
    for f in findings:
        assert texts[f["note_id"]][f["start"] : f["end"]] == f["text"]
        assert f["category"] and f["descriptor"]


def test_outputs_carry_no_note_text_and_state_the_suppression(big_audit) -> None:  # type: ignore[no-untyped-def]
    _, _, out = big_audit
    report = (out / "report.html").read_text()
    saved = json.loads((out / "summary.json").read_text())
    assert saved["notice"] == "Contains no patient text; cells under 11 suppressed."
    assert "Contains no patient text; cells under 11 suppressed." in report
    assert "<script" not in report and "http://" not in report and "https://" not in report
    assert "<svg" in report and "<title id=" in report and "<table>" in report
    for word in ("Vital signs", "Patient was", "P00000", "N00000"):
        assert word not in report and word not in json.dumps(saved)


def test_small_groups_are_suppressed_in_summary_and_report(tmp_path: Path) -> None:
    table = pa.concat_tables(generate_batches(1500, seed=3))
    # Rename a few patients' race to a tiny group of 6 patients.
    ids = sorted(set(table.column("patient_id").to_pylist()))[:6]
    race = [
        ("Tiny group" if p in ids else r)
        for p, r in zip(
            table.column("patient_id").to_pylist(),
            table.column("race_ethnicity").to_pylist(),
            strict=True,
        )
    ]
    table = table.set_column(
        table.schema.get_field_index("race_ethnicity"), "race_ethnicity", pa.array(race)
    )
    pq.write_table(table, tmp_path / "notes.parquet")
    summary = run_audit(
        tmp_path / "notes.parquet",
        ["race_ethnicity"],
        {"race_ethnicity": "White"},
        tmp_path / "out",
        workers=1,
    )
    rows = {r["value"]: r for r in summary["groups"][0]["rows"]}
    tiny = rows["Tiny group"]
    assert (
        tiny["patients"] is None and tiny["with_descriptor"] is None and tiny["odds_ratio"] is None
    )
    report = (tmp_path / "out" / "report.html").read_text()
    start = report.index("<th scope='row'>Tiny group</th>")
    assert report[start:].split("</tr>")[0].count("&lt;11") == 2
    assert "suppressed (cell under 11)" in report
    saved = json.loads((tmp_path / "out" / "summary.json").read_text())
    for row in saved["groups"][0]["rows"]:
        for key in ("patients", "with_descriptor"):
            assert row[key] is None or row[key] >= 11
    for entry in saved["descriptors"] + saved["categories"]:
        assert entry["mentions"] is None or entry["mentions"] == 0 or entry["mentions"] >= 11


def test_csv_and_parquet_give_the_same_audit(tmp_path: Path) -> None:
    write_notes(tmp_path / "notes.parquet", 600, seed=5)
    pacsv.write_csv(pq.read_table(tmp_path / "notes.parquet"), tmp_path / "notes.csv")
    a = run_audit(tmp_path / "notes.parquet", ["sex"], {}, tmp_path / "a", workers=1)
    b = run_audit(tmp_path / "notes.csv", ["sex"], {}, tmp_path / "b", workers=1)
    assert a["groups"] == b["groups"] and a["input"]["notes"] == b["input"]["notes"] > 600
    assert a["references"]["sex"] == {"value": "Female", "chosen": "largest"}
    fa = pq.read_table(tmp_path / "a" / "findings.parquet").sort_by("note_id")
    fb = pq.read_table(tmp_path / "b" / "findings.parquet").sort_by("note_id")
    assert fa.equals(fb) and fa.num_rows > 0


def problems(tmp_path: Path, path: Path, groups: list[str], reference: dict[str, str]) -> list[str]:
    with pytest.raises(AuditInputError) as error:
        run_audit(path, groups, reference, tmp_path / "out", workers=1)
    assert not (tmp_path / "out").exists()  # nothing written
    return error.value.problems


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("id,patient_id,body\n1,p1,hello\n")
    [problem] = problems(tmp_path, path, ["sex"], {})
    assert (
        problem
        == "Missing required column(s): note_id, text. The notes file has: id, patient_id, body."
    )


def test_unknown_group_column_and_reference_value_are_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("note_id,patient_id,text,sex\n1,p1,hello,F\n2,p2,hi,M\n")
    assert problems(tmp_path, path, ["race"], {}) == [
        "--group race: the notes file has no column 'race' (columns: note_id, patient_id, text, sex)."
    ]
    assert problems(tmp_path, path, ["sex"], {"sex": "Female"}) == [
        "--reference sex=Female: no patient has sex 'Female'; the values are: F, M."
    ]
    assert problems(tmp_path, path, ["sex"], {"race": "White"}) == [
        "--reference race=White: 'race' is not one of the --group columns (sex)."
    ]


def test_unreadable_and_missing_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "notes.parquet"
    bad.write_bytes(b"not parquet at all")
    [problem] = problems(tmp_path, bad, ["sex"], {})
    assert problem.startswith("Cannot read notes file notes.parquet as a Parquet file")
    [problem] = problems(tmp_path, tmp_path / "nope.csv", ["sex"], {})
    assert problem == f"Notes file {tmp_path / 'nope.csv'} does not exist or is not a file."


def test_a_numeric_column_with_many_values_must_be_banded(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        "note_id,patient_id,text,age\n" + "".join(f"{i},p{i},x,{i}\n" for i in range(60))
    )
    [problem] = problems(tmp_path, path, ["age"], {})
    assert problem.startswith("--group age: 60 different values; group columns must be categories")
