"""What learners said, with the full 1–5 distributions the charts draw.

Builds on learning.services.evaluation_results (averages, free texts) and adds,
per learning objective and per quality item, how many learners gave each rating.
No learner is named anywhere in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from equitylens.catalog.models import Activity
from equitylens.learning.models import Evaluation
from equitylens.learning.services.evaluation_results import EvaluationResults, evaluation_results
from equitylens.learning.services.evaluations import (
    AGREEMENT_SCALE,
    OBJECTIVE_SCALE,
    QUALITY_ITEMS,
)

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Distribution:
    """How many answers gave each rating 1–5 to one statement."""

    text: str
    counts: tuple[int, int, int, int, int]
    scale: tuple[str, ...]  # the words of ratings 1–5, as the learner saw them

    @property
    def responses(self) -> int:
        return sum(self.counts)

    def rows(self) -> list[tuple[str, int]]:
        """(label, count) pairs for a chart and its data table, rating 1 first."""
        return [
            (f"{rating} – {word}", n)
            for rating, word, n in zip(RATINGS, self.scale, self.counts, strict=True)
        ]


@dataclass(frozen=True)
class EvaluationSummary:
    responses: int
    objectives: list[Distribution]
    quality: list[Distribution]
    intending_change: int
    percent_intending_change: int | None
    bias_concerns: list[str]
    results: EvaluationResults


def _distribution(text: str, values: list[object], scale: tuple[str, ...]) -> Distribution:
    counts = [0, 0, 0, 0, 0]
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            counts[value - 1] += 1
    return Distribution(text, (counts[0], counts[1], counts[2], counts[3], counts[4]), scale)


def evaluation_summary(activity: Activity) -> EvaluationSummary:
    """Summarize the submitted evaluations of `activity` for its report.

    Per objective (rated 1 Not at all … 5 Completely) and per quality item (1 Strongly
    disagree … 5 Strongly agree): the count of each rating (answers outside 1–5 are
    ignored). Intent to change: the count and whole-number percent of
    evaluations saying yes. Commercial-bias concerns: the explanation of every
    evaluation that said the content was not free of commercial bias (oldest first;
    "(no explanation given)" when blank) so the coordinator can follow up.
    """
    evaluations = list(
        Evaluation.objects.filter(enrollment__activity=activity).order_by("submitted_at", "pk")
    )
    results = evaluation_results(activity)
    objectives = [
        _distribution(
            o.text, [e.objective_ratings.get(str(o.pk)) for e in evaluations], OBJECTIVE_SCALE
        )
        for o in activity.objectives.order_by("position")
    ]
    quality = [
        _distribution(text, [e.quality_ratings.get(key) for e in evaluations], AGREEMENT_SCALE)
        for key, text in QUALITY_ITEMS
    ]
    concerns = [
        e.bias_explanation.strip() or "(no explanation given)"
        for e in evaluations
        if not e.free_of_commercial_bias
    ]
    return EvaluationSummary(
        responses=len(evaluations),
        objectives=objectives,
        quality=quality,
        intending_change=sum(1 for e in evaluations if e.intends_to_change),
        percent_intending_change=results.percent_intending_change,
        bias_concerns=concerns,
        results=results,
    )
