"""Test data for the evaluation: complete answers and extra questions."""

from __future__ import annotations

from typing import Any

from equitylens.catalog.models import Activity
from equitylens.learning.models import EvaluationQuestion, QuestionKind
from equitylens.learning.services.evaluations import (
    QUALITY_ITEMS,
    extra_key,
    objective_key,
    quality_key,
)


def complete_answers(activity: Activity, **overrides: Any) -> dict[str, Any]:
    """Answers to every required item of `activity`'s evaluation, as a form posts them."""
    answers: dict[str, Any] = {
        objective_key(o.pk): "4" for o in activity.objectives.order_by("position")
    }
    answers.update({quality_key(key): "5" for key, _ in QUALITY_ITEMS})
    answers.update(
        {
            "intends_to_change": "yes",
            "change_description": "Ask every patient which name they use.",
            "commitment": "Use teach-back with every patient for a month.",
            "free_of_commercial_bias": "yes",
            "bias_explanation": "",
            "comments": "",
        }
    )
    for question in activity.evaluation_questions.filter(required=True):
        answers[extra_key(question.pk)] = {
            QuestionKind.SCALE: "3",
            QuestionKind.YES_NO: "yes",
            QuestionKind.TEXT: "An answer.",
        }[QuestionKind(question.kind)]
    answers.update(overrides)
    return answers


def make_evaluation_question(
    activity: Activity,
    text: str = "Would you recommend this course to a colleague?",
    kind: str = QuestionKind.YES_NO,
    required: bool = False,
) -> EvaluationQuestion:
    position = activity.evaluation_questions.count() + 1
    return EvaluationQuestion.objects.create(
        activity=activity, position=position, text=text, kind=kind, required=required
    )
