"""Precision and recall of the identifier scan on the labelled sentences kept in the repo.

`pytest -s tests/casereview/test_identifier_set.py` prints the table that
docs/casereview-identifier-scan.md reports.
"""

from __future__ import annotations

from pathlib import Path

from equitylens.casereview.services.identifier_report import (
    format_report,
    load_sentences,
    score_set,
)

DATA = Path(__file__).parent / "data"


def test_the_labelled_set_is_large_enough_and_exact() -> None:
    sentences = load_sentences(DATA / "identifier_sentences.json")
    assert len(sentences) >= 80
    for item in sentences:
        for _kind, text in item["findings"]:  # type: ignore[attr-defined]
            assert text in item["text"], text


def test_development_set_precision_and_recall() -> None:
    result = score_set(load_sentences(DATA / "identifier_sentences.json"))
    print(format_report(result))
    overall = result.overall
    assert overall.precision >= 0.95
    assert overall.recall >= 0.90
    for kind in ("record_number", "phone", "email", "ssn", "date", "url", "ip_address"):
        assert result.by_kind[kind].recall >= 0.9, kind
    assert result.by_kind["name"].recall >= 0.8
    assert result.by_kind["combination"].recall == 1.0


def test_held_out_set_does_not_regress() -> None:
    """The held-out sentences were not used to tune the patterns: these are honest floors."""
    result = score_set(load_sentences(DATA / "identifier_sentences_holdout.json"))
    print(format_report(result))
    assert result.overall.precision >= 0.9
    assert result.overall.recall >= 0.55
