"""Demo data: the unconscious-bias course's extra evaluation questions (fictional, ours)."""

from __future__ import annotations

from typing import Any

from equitylens.learning.models import EvaluationQuestion, QuestionKind

COURSE_SLUG = "recognizing-and-mitigating-unconscious-bias"
EXTRA_QUESTIONS = (
    ("Would you recommend this course to a colleague?", QuestionKind.YES_NO, True),
    ("Which module was most useful to you, and why?", QuestionKind.TEXT, False),
)


def load_evaluations(activities: Any) -> None:
    """Give the unconscious-bias course its extra evaluation questions; idempotent.

    `activities` maps slug → Activity. Questions are matched by position, so running
    again refreshes their wording instead of adding copies.
    """
    course = activities.get(COURSE_SLUG) if hasattr(activities, "get") else None
    if course is None:
        return
    for position, (text, kind, required) in enumerate(EXTRA_QUESTIONS, start=1):
        EvaluationQuestion.objects.update_or_create(
            activity=course,
            position=position,
            defaults={"text": text, "kind": kind, "required": required},
        )
