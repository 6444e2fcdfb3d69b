"""Test data for credit claims: a course with AMA, nursing, participation and MOC credit."""

from __future__ import annotations

from typing import Any

from equitylens.catalog.models import ActivityFormat, CreditType
from tests.factories import make_activity, make_evaluated_enrollment, make_learner, make_offering


def make_claimable_course(title: str = "Seeing Bias in the Exam Room", **extra: Any) -> Any:
    """An online course offering 1.75 AMA (physicians), 1.75 nursing (nurses), 1.75
    participation hours (everyone but physicians) and ABIM/ABP MOC (physicians)."""
    course = make_activity(title, format=ActivityFormat.ENDURING, duration_minutes=105, **extra)
    make_offering(course, CreditType.AMA_PRA_1, "1.75", eligible_professions=["physician"])
    make_offering(course, CreditType.NURSING, "1.75", unit="hours", eligible_professions=["nurse"])
    make_offering(
        course,
        CreditType.PARTICIPATION,
        "1.75",
        unit="hours",
        eligible_professions=["nurse", "other_clinician", "other"],
    )
    make_offering(
        course, CreditType.MOC_ABIM, "1.75", unit="points", eligible_professions=["physician"]
    )
    make_offering(course, CreditType.MOC_ABP, "1.50", eligible_professions=["physician"])
    return course


def make_ready_physician(course: Any | None = None, **extra: Any) -> tuple[Any, Any]:
    """(learner, enrollment): a physician whose evaluation of `course` is submitted."""
    course = course or make_claimable_course()
    extra.setdefault("first_name", "Avery")
    extra.setdefault("last_name", "Okafor")
    learner = make_learner(**extra)
    return learner, make_evaluated_enrollment(learner, course)
