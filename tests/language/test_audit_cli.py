"""`equitylens language audit`: happy path on a small generated file and each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from equitylens.language.services.audit.synthetic import write_notes


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "notes.csv"
    write_notes(path, 800, seed=21)
    return path


def audit(*args: str) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("language", "audit", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_audit_writes_the_three_files_and_prints_a_summary(notes: Path, tmp_path: Path) -> None:
    code, out, err = audit(
        str(notes),
        "--group",
        "race_ethnicity",
        "insurance",
        "--reference",
        "race_ethnicity=White",
        "--out",
        str(tmp_path),
        "--workers",
        "1",
    )
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "findings.parquet",
        "report.html",
        "summary.json",
    ]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["references"] == {
        "race_ethnicity": {"value": "White", "chosen": "given"},
        "insurance": {"value": "Private", "chosen": "largest"},
    }
    assert f"notes of {summary['input']['patients']:,} patients" in out
    assert "insurance: reference Private (largest group; none given)" in out
    assert "keep it inside the organization" in out


def test_bad_references_and_columns_exit_2_naming_each_problem(notes: Path, tmp_path: Path) -> None:
    code, out, err = audit(
        str(notes),
        "--group",
        "race",
        "--reference",
        "oops",
        "--out",
        str(tmp_path),
    )
    assert code == 2 and out == ""
    assert "--reference 'oops': write COLUMN=VALUE, e.g. race_ethnicity=White." in err
    assert "--group race: the notes file has no column 'race'" in err
    assert not any(tmp_path.iterdir())


def test_unknown_reference_value_lists_the_values(notes: Path, tmp_path: Path) -> None:
    code, _, err = audit(
        str(notes), "--group", "sex", "--reference", "sex=F", "--out", str(tmp_path)
    )
    assert code == 2
    assert err.strip() == "--reference sex=F: no patient has sex 'F'; the values are: Female, Male."


def test_missing_columns_and_files_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("note,patient_id,text\n1,p,x\n")
    code, _, err = audit(str(bad), "--group", "sex", "--out", str(tmp_path / "o"))
    assert code == 2 and "Missing required column(s): note_id." in err
    code, _, err = audit(
        str(tmp_path / "none.parquet"), "--group", "sex", "--out", str(tmp_path / "o")
    )
    assert code == 2 and "does not exist or is not a file" in err


def test_workers_must_be_positive(notes: Path, tmp_path: Path) -> None:
    code, _, err = audit(str(notes), "--group", "sex", "--out", str(tmp_path), "--workers", "0")
    assert code == 2 and "--workers must be 1 or more; you gave 0." in err
