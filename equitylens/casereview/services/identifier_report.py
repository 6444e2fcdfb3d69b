"""Precision and recall of the identifier scan on the labelled sentence set.

Run: ``.venv/bin/python -m equitylens.casereview.services.identifier_report [path.json]``.
A finding counts as correct when both its kind and its exact text match an expected finding of
the same sentence (each expected finding can be matched once).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from equitylens.casereview.services.identifiers import scan_combinations, scan_text

LABELLED_SET = (
    Path(__file__).resolve().parents[3]
    / "tests"
    / "casereview"
    / "data"
    / "identifier_sentences.json"
)


@dataclass
class KindScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class SetScore:
    sentences: int = 0
    by_kind: dict[str, KindScore] = field(default_factory=dict)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, text, sentence)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def kind(self, name: str) -> KindScore:
        return self.by_kind.setdefault(name, KindScore())

    @property
    def overall(self) -> KindScore:
        total = KindScore()
        for name, score in self.by_kind.items():
            if name == "combination":
                continue
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        return total


def load_sentences(path: Path = LABELLED_SET) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences: list[dict[str, object]] = data["sentences"]
    return sentences


def score_set(sentences: list[dict[str, object]]) -> SetScore:
    """Compare the scan's findings with the expected ones, sentence by sentence."""
    result = SetScore(sentences=len(sentences))
    for item in sentences:
        text = str(item["text"])
        expected = Counter((str(k), str(t)) for k, t in item["findings"])  # type: ignore[attr-defined]
        if item.get("combination"):
            expected["combination", "*"] += 1
        found = Counter((f.kind.value, f.text) for f in scan_text(text))
        found.update(("combination", "*") for _ in scan_combinations(text))
        for key in expected | found:
            hits = min(expected[key], found[key])
            score = result.kind(key[0])
            score.true_positives += hits
            if expected[key] > hits:
                score.false_negatives += expected[key] - hits
                result.misses.append((key[0], key[1], text))
            if found[key] > hits:
                score.false_positives += found[key] - hits
                result.false_alarms.append((key[0], key[1], text))
    return result


def format_report(result: SetScore) -> str:
    lines = [
        f"{result.sentences} sentences",
        "",
        "| kind | expected | found correctly | false alarms | precision | recall |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows = [*sorted(result.by_kind.items()), ("overall (without combination)", result.overall)]
    for name, s in rows:
        lines.append(
            f"| {name} | {s.true_positives + s.false_negatives} | {s.true_positives} | "
            f"{s.false_positives} | {s.precision:.2f} | {s.recall:.2f} |"
        )
    lines += ["", "Misses:"] + [f"- {k}: {t!r} in {s!r}" for k, t, s in result.misses]
    lines += ["", "False alarms:"] + [f"- {k}: {t!r} in {s!r}" for k, t, s in result.false_alarms]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else LABELLED_SET
    print(format_report(score_set(load_sentences(target))))
