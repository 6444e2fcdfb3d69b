"""Factories for readiness checks."""

from __future__ import annotations

from typing import Any

from equitylens.casereview.services.readiness import QUESTION_KEYS


def all_answers(answer: str = "yes", **overrides: str) -> dict[str, str]:
    """Every question answered `answer`, except those given as keyword overrides."""
    answers = dict.fromkeys(QUESTION_KEYS, answer)
    answers.update(overrides)
    return answers


def readiness_post(answer: str = "yes", **overrides: Any) -> dict[str, Any]:
    """Form data for the readiness page: answers plus empty notes, with overrides."""
    data: dict[str, Any] = {key: answer for key in QUESTION_KEYS}
    data.update({f"{key}_note": "" for key in QUESTION_KEYS})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
