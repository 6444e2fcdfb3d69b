"""What learners said: a summary of an activity's submitted evaluations for the coordinator."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from equitylens.catalog.models import Activity
from equitylens.learning.models import Evaluation, QuestionKind
from equitylens.learning.services.evaluations import QUALITY_ITEMS


@dataclass
class RatingSummary:
    """The average of a 1–5 rating over the learners who gave one."""

    text: str
    average: Decimal | None
    responses: int


@dataclass
class ExtraSummary:
    """The answers to one extra question: an average, a share of Yes, or the texts."""

    text: str
    kind: str
    responses: int
    average: Decimal | None = None
    percent_yes: int | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class EvaluationResults:
    responses: int
    objectives: list[RatingSummary]
    quality: list[RatingSummary]
    percent_intending_change: int | None
    changes: list[str]
    percent_bias_free: int | None
    bias_explanations: list[str]
    commitments: list[str]
    comments: list[str]
    extras: list[ExtraSummary]


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP))


def evaluation_results(activity: Activity) -> EvaluationResults:
    """Summarize every submitted evaluation of `activity` (no learner is named).

    Averages are to one decimal over the answers given; percentages are whole
    numbers; statements and comments are listed oldest first, blanks left out.
    """
    evaluations = list(
        Evaluation.objects.filter(enrollment__activity=activity).order_by("submitted_at")
    )
    total = len(evaluations)

    def rating(key: str, text: str, source: str) -> RatingSummary:
        values = [
            value for e in evaluations if isinstance(value := getattr(e, source).get(key), int)
        ]
        return RatingSummary(text, _average(values), len(values))

    def texts(name: str) -> list[str]:
        return [value for e in evaluations if (value := getattr(e, name).strip())]

    extras = []
    for question in activity.evaluation_questions.order_by("position"):
        answers = [
            e.extra_answers[str(question.pk)]
            for e in evaluations
            if str(question.pk) in e.extra_answers
        ]
        summary = ExtraSummary(question.text, question.kind, len(answers))
        if question.kind == QuestionKind.SCALE:
            summary.average = _average([a for a in answers if isinstance(a, int)])
        elif question.kind == QuestionKind.YES_NO:
            summary.percent_yes = _percent(sum(1 for a in answers if a is True), len(answers))
        else:
            summary.texts = [str(a) for a in answers if str(a).strip()]
        extras.append(summary)

    return EvaluationResults(
        responses=total,
        objectives=[
            rating(str(o.pk), o.text, "objective_ratings")
            for o in activity.objectives.order_by("position")
        ],
        quality=[rating(key, text, "quality_ratings") for key, text in QUALITY_ITEMS],
        percent_intending_change=_percent(sum(e.intends_to_change for e in evaluations), total),
        changes=texts("change_description"),
        percent_bias_free=_percent(sum(e.free_of_commercial_bias for e in evaluations), total),
        bias_explanations=texts("bias_explanation"),
        commitments=texts("commitment"),
        comments=texts("comments"),
        extras=extras,
    )
