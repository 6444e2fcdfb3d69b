"""Scoring a checker against the labelled evaluation set (data/evaluation_set.jsonl).

The set is labelled by text spans, not guide entry ids, so any checker — ours with any
guide version, or the alex linter — is scored the same way: a finding is a true positive
when it overlaps a labelled span not already matched, a false positive otherwise (every
finding in a clean sentence is one), and a labelled span no finding overlaps is a false
negative. See data/EVALUATION_SET.md for the labelling conventions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from equitylens.language.services.guide import DATA

EVALUATION_SET_PATH = DATA / "evaluation_set.jsonl"

Span = tuple[int, int]


@dataclass(frozen=True)
class Labelled:
    """One sentence of the set with the spans a good checker should flag."""

    id: str
    domain: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, category)

    @property
    def clean(self) -> bool:
        return not self.spans


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the derived figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """The whole result: overall, per domain, per category, and the misses to read."""

    overall: Tally = field(default_factory=Tally)
    by_domain: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    clean_sentences: int = 0
    clean_sentences_flagged: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clean_false_positive_rate(self) -> float:
        """Share of clean sentences (no labelled span) on which anything was flagged."""
        return self.clean_sentences_flagged / self.clean_sentences if self.clean_sentences else 0.0


def load_evaluation_set(path: Path = EVALUATION_SET_PATH) -> list[Labelled]:
    """Every sentence of the set; raises ValueError naming the line of a bad record."""
    sentences: list[Labelled] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        spans = tuple((f["start"], f["end"], f["category"]) for f in record["flags"])
        for start, end, _ in spans:
            flag_text = record["text"][start:end]
            if not flag_text:
                raise ValueError(f"line {number}: empty span {start}:{end}")
        sentences.append(Labelled(record["id"], record["domain"], record["text"], spans))
    return sentences


def score(sentences: Iterable[Labelled], predict: Callable[[str], list[Span]]) -> Score:
    """Run `predict` (text → [(start, end)]) over the set and tally the result."""
    result = Score()
    for sentence in sentences:
        predicted = sorted(predict(sentence.text))
        matched: set[int] = set()
        domain = result.by_domain[sentence.domain]
        if sentence.clean:
            result.clean_sentences += 1
            if predicted:
                result.clean_sentences_flagged += 1
        for start, end in predicted:
            hit = next(
                (
                    index
                    for index, (s, e, _) in enumerate(sentence.spans)
                    if index not in matched and s < end and start < e
                ),
                None,
            )
            if hit is None:
                result.overall.fp += 1
                domain.fp += 1
                result.false_positives.append((sentence.id, sentence.text[start:end]))
            else:
                matched.add(hit)
                result.overall.tp += 1
                domain.tp += 1
                result.by_category[sentence.spans[hit][2]].tp += 1
        for index, (s, e, category) in enumerate(sentence.spans):
            if index not in matched:
                result.overall.fn += 1
                domain.fn += 1
                result.by_category[category].fn += 1
                result.false_negatives.append((sentence.id, sentence.text[s:e]))
    return result
