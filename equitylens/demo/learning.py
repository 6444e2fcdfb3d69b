"""Demo data for the learner's path: course modules, codes, evaluation questions, certificates.

Each loader is idempotent (demo_data may run many times) and is called from demo_data.
"""

from __future__ import annotations

from typing import Any


def load_course_modules(activities: dict[str, Any]) -> None:
    """Modules of the demo online courses (video, reading, reflection, post-test)."""
    from equitylens.demo.courses import load_courses

    load_courses(activities)


def load_attendance_codes(activities: dict[str, Any], coordinator: Any) -> None:
    """LMS-imported codes and a live session code."""
    from equitylens.demo.codes import load_codes

    load_codes(activities, coordinator)


def load_evaluation_questions(activities: dict[str, Any]) -> None:
    from equitylens.demo.evaluations import load_evaluations

    load_evaluations(activities)


def load_certificates(activities: dict[str, Any]) -> None:
    """The provider's certificate layout (logo, signatory)."""
    from equitylens.demo.certificates import load_certificate_layout

    load_certificate_layout(activities)
