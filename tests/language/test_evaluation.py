"""The evaluation scorer, and the shipped evaluation set's shape."""

from __future__ import annotations

from equitylens.language.services.evaluation import Labelled, load_evaluation_set, score


def test_overlap_scoring_counts_each_label_once() -> None:
    sentences = [
        Labelled("a", "clinical", "The diabetic refused.", ((0, 12, "x"), (13, 20, "y"))),
        Labelled("b", "workplace", "A clean sentence.", ()),
    ]
    predictions = {
        "The diabetic refused.": [(4, 12), (4, 12), (13, 20)],  # the 2nd overlap is extra
        "A clean sentence.": [(2, 7)],
    }
    result = score(sentences, lambda text: predictions[text])
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 2, 0)
    assert result.clean_sentences == 1 and result.clean_sentences_flagged == 1
    assert result.by_domain["workplace"].fp == 1
    assert round(result.overall.precision, 2) == 0.5 and result.overall.recall == 1.0


def test_misses_are_false_negatives() -> None:
    sentences = [Labelled("a", "public", "Services for the homeless.", ((13, 25, "housing"),))]
    result = score(sentences, lambda text: [])
    assert result.overall.fn == 1 and result.overall.recall == 0.0
    assert result.false_negatives == [("a", "the homeless")]


def test_the_shipped_set_is_large_enough_and_consistent() -> None:
    sentences = load_evaluation_set()
    assert len(sentences) >= 300
    assert sum(s.clean for s in sentences) >= len(sentences) / 3
    assert len({s.id for s in sentences}) == len(sentences)
    assert sum(s.domain == "clinical" for s in sentences) >= 100
    assert sum(s.domain == "workplace" for s in sentences) >= 50
