"""The readiness check an organization completes before launching a Health Equity M&M series.

Six questions, each answered yes / partly / no with an optional note. The answers give a
level (ready, ready with support, not yet), a plain-words summary and specific next steps,
one for each answer that is not "yes".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import Organization
from equitylens.audit.services import log_action
from equitylens.casereview.models import ReadinessAssessment, ReadinessLevel

YES, PARTLY, NO = "yes", "partly", "no"
ANSWER_CHOICES = [(YES, "Yes"), (PARTLY, "Partly"), (NO, "No")]
NOTE_MAX_LENGTH = 1000
# A second identical submission by the same person within this window is a double submit.
DUPLICATE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str
    step_if_no: str
    step_if_partly: str


QUESTIONS: list[Question] = [
    Question(
        "equity_data",
        "Does your organization collect equity data, such as race, ethnicity, language, "
        "disability and sexual orientation and gender identity?",
        "Self-reported by patients and recorded in a structured way in your records.",
        "Start collecting self-reported race, ethnicity and language (REaL) data at "
        "registration, with staff trained to ask the questions respectfully.",
        "Fill the gaps in your equity data: check which fields are often blank or "
        "staff-assigned, and move them to patient self-report.",
    ),
    Question(
        "disparities",
        "Can you measure and identify disparities in care?",
        "For example, comparing outcomes or quality measures by race, ethnicity or language.",
        "Ask your quality or analytics team to stratify two or three quality measures by "
        "race, ethnicity and language, so cases can be chosen where disparities show.",
        "Extend your stratified reports to the measures the series will discuss, and "
        "agree who refreshes them and how often.",
    ),
    Question(
        "resourcing",
        "Are people resourced for equity work, with protected time and named roles?",
        "Time to prepare cases, facilitate and follow up actions, not only to attend.",
        "Name a lead for the series and agree protected time for case preparation and "
        "follow-up with their managers before the first session.",
        "Write down who prepares cases, who facilitates and who follows up actions, and "
        "the hours each has for it each month.",
    ),
    Question(
        "training",
        "Has training been done (for example implicit-bias training) and have local "
        "equity issues been examined?",
        "The review body shares a common language before discussing cases.",
        "Run the implicit-bias workshop for the series' members first — book it from "
        "Workshop bookings — and review your own disparity data together.",
        "Offer the implicit-bias workshop to members who have not taken it (book it from "
        "Workshop bookings) and spend one meeting on your local equity issues.",
    ),
    Question(
        "facilitator",
        "Are you ready to bring in an outside facilitator, or do you have a skilled internal one?",
        "Case conferences on equity need someone practised at keeping discussion safe.",
        "Request a facilitator from Lakeshore Medical Society through Workshop bookings, "
        "or choose an internal facilitator and have them observe a session first.",
        "Have your internal facilitator co-facilitate the first sessions with an "
        "experienced one before leading on their own.",
    ),
    Question(
        "protection",
        "Is quality-improvement or peer-review protection in place for case discussions?",
        "Case conferences must be held under that protection before any case is discussed.",
        "Confirm with your legal/quality office that case discussions fall under your "
        "peer-review protection before the first session.",
        "Ask your legal/quality office to confirm in writing that this series, its case "
        "files and its notes are covered by your peer-review protection.",
    ),
]
QUESTION_KEYS = [question.key for question in QUESTIONS]


class ReadinessError(Exception):
    """The answers cannot be saved; `errors` maps a question key (or note key) to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Assessment:
    level: str
    summary: str
    next_steps: list[str]


def validate(answers: Mapping[str, Any], notes: Mapping[str, Any]) -> None:
    """Raise ReadinessError unless every question has yes/partly/no and notes are short."""
    errors: dict[str, str] = {}
    for number, question in enumerate(QUESTIONS, start=1):
        answer = answers.get(question.key) or ""
        if answer not in (YES, PARTLY, NO):
            errors[question.key] = f"Answer question {number}: choose yes, partly or no."
        note = notes.get(question.key) or ""
        if len(note) > NOTE_MAX_LENGTH:
            errors[f"{question.key}_note"] = (
                f"Shorten the note for question {number} to {NOTE_MAX_LENGTH} characters "
                f"or fewer; it has {len(note)}."
            )
    if errors:
        raise ReadinessError(errors)


def evaluate(answers: Mapping[str, str]) -> Assessment:
    """The level, summary and next steps for complete, valid answers.

    Rules: all "yes" is ready. Not yet when peer-review protection is "no" (cases must
    never be discussed without it) or when two or more answers are "no". Anything else
    is ready with support. Each answer that is not "yes" gives one next step, in
    question order, protection first when it is missing.
    """
    noes = [key for key in QUESTION_KEYS if answers[key] == NO]
    partlies = [key for key in QUESTION_KEYS if answers[key] == PARTLY]
    steps = [
        question.step_if_no if answers[question.key] == NO else question.step_if_partly
        for question in QUESTIONS
        if answers[question.key] != YES
    ]
    if answers["protection"] != YES:
        steps.insert(0, steps.pop(-1))
    if not noes and not partlies:
        level = ReadinessLevel.READY
        summary = (
            "Your organization has the foundations in place to launch a Health Equity M&M "
            "series: equity data, measurement, resourced people, shared training, a "
            "facilitator and peer-review protection."
        )
    elif answers["protection"] == NO or len(noes) >= 2:
        level = ReadinessLevel.NOT_YET
        reason = (
            "case discussions are not yet under peer-review protection"
            if answers["protection"] == NO
            else f"{len(noes)} foundations are missing"
        )
        summary = (
            f"Not yet: {reason}. Work through the next steps below before the first "
            "session, then take this check again."
        )
    else:
        level = ReadinessLevel.READY_WITH_SUPPORT
        gaps = len(noes) + len(partlies)
        summary = (
            f"Ready with support: you can plan the series while you close "
            f"{gaps} gap{'s' if gaps != 1 else ''}. Start with the next steps below."
        )
    return Assessment(level=level, summary=summary, next_steps=steps)


def assess(
    organization: Organization,
    answers: Mapping[str, Any],
    by: Any,
    *,
    notes: Mapping[str, Any] | None = None,
) -> ReadinessAssessment:
    """Save a readiness check for `organization` completed by `by`; return it.

    `answers` maps each question key to "yes", "partly" or "no"; `notes` (optional)
    maps a question key to a short note. Raises ReadinessError naming every missing or
    invalid answer; nothing is saved then. The same person submitting identical answers
    within ten minutes gets the assessment already saved (double submit, retry).
    Logs ``casereview.readiness_assessed`` in the same transaction.
    """
    notes = notes or {}
    validate(answers, notes)
    stored = {
        key: {"answer": answers[key], "note": (notes.get(key) or "").strip()}
        for key in QUESTION_KEYS
    }
    result = evaluate({key: answers[key] for key in QUESTION_KEYS})
    with transaction.atomic():
        # Serialise checks for one organization so a double submit cannot save twice.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        recent = ReadinessAssessment.objects.filter(
            organization=organization,
            completed_by=by if getattr(by, "is_authenticated", False) else None,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        ).first()
        if recent is not None and recent.answers == stored:
            return recent
        assessment = ReadinessAssessment.objects.create(
            organization=organization,
            completed_by=by if getattr(by, "is_authenticated", False) else None,
            answers=stored,
            level=result.level,
            summary=result.summary,
            next_steps=result.next_steps,
        )
        log_action(
            by,
            "casereview.readiness_assessed",
            assessment,
            organization=organization.slug,
            level=result.level,
        )
    return assessment


def answer_rows(assessment: ReadinessAssessment) -> list[dict[str, str]]:
    """The questions with the answer and note given, for display, in question order."""
    labels = dict(ANSWER_CHOICES)
    rows = []
    for question in QUESTIONS:
        given = assessment.answers.get(question.key, {})
        rows.append(
            {
                "question": question.text,
                "answer": labels.get(given.get("answer", ""), "Not answered"),
                "note": given.get("note", ""),
            }
        )
    return rows


def history(organization: Organization) -> Any:
    """Every readiness check of `organization`, newest first."""
    return ReadinessAssessment.objects.filter(organization=organization).select_related(
        "completed_by"
    )
