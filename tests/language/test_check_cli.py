"""`equitylens language check FILE... [--format json|text] [--fail-on-findings]`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from equitylens.language.cli import check as check_cli
from equitylens.language.services import guide_store

pytestmark = pytest.mark.django_db

# Non-ASCII before the term: character offsets differ from byte offsets.
NOTE = "Café naïveté — résumé.\nThe homeless are waiting; a blacklist.\n"
CLEAN = "People experiencing homelessness use the shelter.\n"


@pytest.fixture(autouse=True)
def fresh_guide_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    guide_store.forget_cached_checker()


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("language", "check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    return path


def test_json_is_one_array_with_exactly_the_documented_keys(note: Path) -> None:
    code, out, _ = run("--format", "json", str(note))
    assert code == 0
    findings = json.loads(out)
    assert isinstance(findings, list) and len(findings) == 2
    for finding in findings:
        assert list(finding) == [
            "file",
            "start",
            "end",
            "text",
            "entry",
            "category",
            "alternatives",
            "explanation",
        ]
    homeless, blacklist = findings
    assert homeless["file"] == str(note)
    assert homeless["entry"] == "the-homeless" and homeless["category"] == "socioeconomic_housing"
    assert "people experiencing homelessness" in homeless["alternatives"]
    assert blacklist["text"] == "blacklist"


def test_json_offsets_count_characters_not_bytes(note: Path) -> None:
    _, out, _ = run("--format", "json", str(note))
    for finding in json.loads(out):
        assert NOTE[finding["start"] : finding["end"]] == finding["text"]
    first = json.loads(out)[0]
    assert first["start"] == NOTE.index("homeless")
    assert first["start"] != NOTE.encode().index(b"homeless")


def test_text_format_prints_file_line_column_and_a_summary(note: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(str(note), str(clean))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        f"{note}:2:5: homeless — the-homeless (socioeconomic_housing): "
        "try people experiencing homelessness, people without stable housing"
    )
    assert lines[1].startswith(f"{note}:2:29: blacklist — blacklist (workplace): try blocklist, ")
    assert lines[-1] == "2 suggestions in 1 of 2 files (the shipped guide)."


def test_no_findings_is_said_plainly(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(str(clean))
    assert (code, out.strip()) == (0, "No suggestions in 1 file (the shipped guide).")
    assert run("--format", "json", str(clean))[1].strip() == "[]"


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTE.encode("utf-8"))))
    code, out, _ = run("--format", "json", "-")
    findings = json.loads(out)
    assert code == 0
    assert [(f["file"], f["text"]) for f in findings] == [
        ("<stdin>", "homeless"),
        ("<stdin>", "blacklist"),
    ]
    assert findings[0]["start"] == NOTE.index("homeless")


def test_fail_on_findings_exits_1_only_when_there_are_findings(note: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run("--fail-on-findings", str(note))[0] == 1
    assert run("--fail-on-findings", str(clean))[0] == 0


def test_a_missing_file_is_named_and_exits_2(note: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run("--format", "json", str(missing), str(note))
    assert code == 2
    assert f"error: {missing}: no such file" in err
    # The readable file is still checked.
    assert [f["text"] for f in json.loads(out)] == ["homeless", "blacklist"]


def test_a_file_that_is_not_utf8_is_named_and_exits_2(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Line one\nCafé and a blacklist".encode("latin-1"))
    code, out, err = run(str(latin))
    assert code == 2
    assert f"{latin}: not UTF-8 text (byte 0xe9 at byte offset 12, line 2)" in err
    assert "1 could not be read" in out


def test_without_a_database_the_shipped_guide_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_database() -> None:
        raise DatabaseError("no such table: language_guideversion")

    monkeypatch.setattr(check_cli, "current_checker", no_database)
    checker, guide = check_cli.guide_in_use()
    assert [f.entry for f in checker.check("a blacklist")] == ["blacklist"]
    assert "the shipped guide" in guide
