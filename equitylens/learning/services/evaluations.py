"""The evaluation: the standard CME template, the activity's extra questions, submission.

The standard template (the same for every activity, in this order):

1. Learning objectives — one item per objective of the activity, in its order:
   "How well did the activity meet this objective?", rated 1 (Not at all) to 5
   (Completely). Required.
2. Practice — intent to change practice (yes/no, required); if yes, "What will you
   change?" is required. Then an optional commitment-to-change statement, which the
   provider uses later for follow-up (30–90 days).
3. Commercial bias — "Was the content free of commercial bias?" (yes/no, required);
   if no, "Why not?" is required.
4. Quality — QUALITY_ITEMS, each rated 1 (Strongly disagree) to 5 (Strongly agree).
   Required.
5. Comments — free text, optional.
6. The activity's EvaluationQuestion rows (the coordinator's extension): a 1–5
   rating, yes/no or free text, each required or not.

Every answer has a key (the form field name): ``objective_<id>``, the STANDARD keys
below, ``quality_<key>`` and ``extra_<question id>``. Validation errors are keyed the
same way. Authoring of the extension: learning.services.evaluation_questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import (
    Enrollment,
    Evaluation,
    Module,
    ModuleProgress,
    QuestionKind,
)
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    evaluation_blocker,
    lock_enrollment,
    record_evaluated,
)

OBJECTIVE_SCALE = ("Not at all", "Slightly", "Moderately", "Mostly", "Completely")
AGREEMENT_SCALE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
QUALITY_ITEMS = (
    ("evidence_based", "The content was evidence-based and balanced."),
    ("met_needs", "The activity met my educational needs."),
    ("relevant", "The content was relevant to my practice."),
    ("effective_format", "The presentation and format were effective."),
)
TEXT_MAX = 4000

INTENDS_TO_CHANGE = "intends_to_change"
CHANGE_DESCRIPTION = "change_description"
COMMITMENT = "commitment"
BIAS_FREE = "free_of_commercial_bias"
BIAS_EXPLANATION = "bias_explanation"
COMMENTS = "comments"


class EvaluationInvalid(Exception):
    """Some answers are missing or wrong; `errors` maps each answer key to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class EvaluationItem:
    """One question of the form, as the learner sees it."""

    key: str
    text: str
    kind: str  # a QuestionKind value
    required: bool = True
    help: str = ""
    scale: tuple[str, ...] = ()  # the words for 1..5 of a rating
    # A text answer required only when another answer has this value.
    required_if: tuple[str, bool] | None = None

    @property
    def scale_choices(self) -> list[tuple[int, str]]:
        return list(enumerate(self.scale, start=1))


@dataclass(frozen=True)
class EvaluationSection:
    key: str
    heading: str
    intro: str
    items: tuple[EvaluationItem, ...]


@dataclass(frozen=True)
class EvaluationForm:
    """The whole evaluation of one activity: its sections in order."""

    sections: tuple[EvaluationSection, ...]

    @property
    def items(self) -> list[EvaluationItem]:
        return [item for section in self.sections for item in section.items]


def objective_key(objective_id: int) -> str:
    return f"objective_{objective_id}"


def quality_key(key: str) -> str:
    return f"quality_{key}"


def extra_key(question_id: int) -> str:
    return f"extra_{question_id}"


def evaluation_form_for(activity: Activity) -> EvaluationForm:
    """The standard template for `activity` (its objectives) plus its extra questions."""
    objectives = tuple(
        EvaluationItem(
            key=objective_key(objective.pk),
            text=objective.text,
            kind=QuestionKind.SCALE,
            help="How well did the activity meet this objective?",
            scale=OBJECTIVE_SCALE,
        )
        for objective in activity.objectives.order_by("position")
    )
    practice = (
        EvaluationItem(
            INTENDS_TO_CHANGE,
            "Do you intend to change anything in your practice because of this activity?",
            QuestionKind.YES_NO,
        ),
        EvaluationItem(
            CHANGE_DESCRIPTION,
            "If yes: what will you change?",
            QuestionKind.TEXT,
            required=False,
            help="Required if you answered Yes.",
            required_if=(INTENDS_TO_CHANGE, True),
        ),
        EvaluationItem(
            COMMITMENT,
            "Commitment to change (optional)",
            QuestionKind.TEXT,
            required=False,
            help="One specific thing you commit to doing. We may e-mail you in a few "
            "months to ask how it went.",
        ),
    )
    bias = (
        EvaluationItem(BIAS_FREE, "Was the content free of commercial bias?", QuestionKind.YES_NO),
        EvaluationItem(
            BIAS_EXPLANATION,
            "If no: why not?",
            QuestionKind.TEXT,
            required=False,
            help="Required if you answered No. Say what seemed to favor a company or product.",
            required_if=(BIAS_FREE, False),
        ),
    )
    quality = tuple(
        EvaluationItem(quality_key(key), text, QuestionKind.SCALE, scale=AGREEMENT_SCALE)
        for key, text in QUALITY_ITEMS
    )
    comments = (EvaluationItem(COMMENTS, "Any other comments?", QuestionKind.TEXT, required=False),)
    extras = tuple(
        EvaluationItem(
            extra_key(question.pk),
            question.text,
            question.kind,
            required=question.required,
            scale=AGREEMENT_SCALE if question.kind == QuestionKind.SCALE else (),
        )
        for question in activity.evaluation_questions.order_by("position")
    )
    sections = [
        EvaluationSection(
            "objectives",
            "Learning objectives",
            "How well did the activity meet each objective? 1 means not at all, 5 completely.",
            objectives,
        ),
        EvaluationSection("practice", "Your practice", "", practice),
        EvaluationSection("bias", "Commercial bias", "", bias),
        EvaluationSection(
            "quality",
            "Quality of the activity",
            "How much do you agree? 1 means strongly disagree, 5 strongly agree.",
            quality,
        ),
        EvaluationSection("comments", "Comments", "", comments),
        EvaluationSection("extra", "More questions from the organizers", "", extras),
    ]
    return EvaluationForm(tuple(s for s in sections if s.items))


def clean_answers(form: EvaluationForm, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check `answers` against `form`; return them typed (int, bool or str) by key.

    Raises EvaluationInvalid naming every item to fix: a missing required answer, a
    rating outside 1–5, a yes/no that is neither, a text over TEXT_MAX characters, or
    the text a Yes/No answer makes required. Unknown keys are ignored.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item in form.items:
        try:
            cleaned[item.key] = _clean_one(item, answers.get(item.key))
        except ValueError as error:
            errors[item.key] = str(error)
    for item in form.items:
        if item.required_if is None or item.key in errors:
            continue
        other, value = item.required_if
        if cleaned.get(other) is value and not cleaned.get(item.key):
            answer = "Yes" if value else "No"
            errors[item.key] = f"You answered {answer}, so please write a few words here."
    if errors:
        raise EvaluationInvalid(errors)
    return cleaned


def _clean_one(item: EvaluationItem, raw: Any) -> int | bool | str | None:
    text = raw.strip() if isinstance(raw, str) else raw
    if text is None or text == "":
        if item.required:
            if item.kind == QuestionKind.SCALE:
                low, high = item.scale[0], item.scale[-1]
                raise ValueError(f"Choose a rating from 1 ({low}) to 5 ({high}).")
            if item.kind == QuestionKind.YES_NO:
                raise ValueError("Choose Yes or No.")
            raise ValueError("Please write an answer; this question is required.")
        return "" if item.kind == QuestionKind.TEXT else None
    if item.kind == QuestionKind.SCALE:
        if isinstance(text, bool) or str(text) not in {"1", "2", "3", "4", "5"}:
            raise ValueError(f"A rating is a whole number from 1 to 5; “{text}” is not.")
        return int(text)
    if item.kind == QuestionKind.YES_NO:
        if text in (True, "yes"):
            return True
        if text in (False, "no"):
            return False
        raise ValueError("Choose Yes or No.")
    text = str(text)
    if len(text) > TEXT_MAX:
        raise ValueError(f"Keep this to {TEXT_MAX:,} characters; you wrote {len(text):,}.")
    return text


def submit_evaluation(enrollment: Enrollment, answers: Mapping[str, Any], by: Any) -> Evaluation:
    """Save the learner's evaluation and lock the participation record; return it.

    Idempotent: if this enrollment's evaluation was already submitted (a double
    click, a retried request, a second tab) that evaluation is returned unchanged and
    nothing is written — never a second row, never an error. Otherwise the answers
    are checked first (EvaluationInvalid, nothing written), then in one transaction
    the enrollment row is locked, the blockers of evaluation_blocker are checked
    (LearningRuleError: code not verified, required modules missing), the Evaluation
    is created and the enrollment moves to `evaluated` (record_evaluated).
    """
    existing = Evaluation.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        return existing
    form = evaluation_form_for(enrollment.activity)
    cleaned = clean_answers(form, answers)
    try:
        with transaction.atomic():
            locked = lock_enrollment(enrollment)
            existing = Evaluation.objects.filter(enrollment=locked).first()
            if existing is not None:
                return existing
            blocker = evaluation_blocker(locked)
            if blocker:
                raise LearningRuleError(blocker)
            evaluation = Evaluation.objects.create(enrollment=locked, **_evaluation_fields(cleaned))
            record_evaluated(locked)
            log_action(by, "evaluation.submitted", evaluation, activity=locked.activity.slug)
    except IntegrityError:
        # Only reachable where the row lock is not honoured: the other request won.
        return Evaluation.objects.get(enrollment=enrollment)
    enrollment.evaluated_at = locked.evaluated_at
    enrollment.status = locked.status
    return evaluation


def _evaluation_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    def ratings(prefix: str) -> dict[str, int]:
        return {
            key.removeprefix(prefix): value
            for key, value in cleaned.items()
            if key.startswith(prefix) and value is not None
        }

    intends = bool(cleaned[INTENDS_TO_CHANGE])
    bias_free = bool(cleaned[BIAS_FREE])
    return {
        "objective_ratings": ratings("objective_"),
        "intends_to_change": intends,
        "change_description": cleaned[CHANGE_DESCRIPTION] if intends else "",
        "commitment": cleaned[COMMITMENT],
        "free_of_commercial_bias": bias_free,
        "bias_explanation": "" if bias_free else cleaned[BIAS_EXPLANATION],
        "quality_ratings": ratings("quality_"),
        "extra_answers": {
            key.removeprefix("extra_"): value
            for key, value in cleaned.items()
            if key.startswith("extra_") and value not in (None, "")
        },
        "comments": cleaned[COMMENTS],
    }


def submitted_evaluation(enrollment: Enrollment) -> Evaluation | None:
    """The enrollment's evaluation, if submitted."""
    return Evaluation.objects.filter(enrollment=enrollment).first()


def optional_modules_not_done(enrollment: Enrollment) -> list[Module]:
    """Optional modules of an online course the learner has not completed, in order.

    The learner is told about them before submitting: once the evaluation locks the
    participation record, modules completed later earn nothing more.
    """
    if not enrollment.activity.is_enduring:
        return []
    done = ModuleProgress.objects.filter(enrollment=enrollment).values("module_id")
    return list(
        enrollment.activity.modules.filter(required=False).exclude(pk__in=done).order_by("position")
    )


def evaluation_submitted_for(activity: Activity) -> bool:
    """True once any learner has submitted this activity's evaluation."""
    return Evaluation.objects.filter(enrollment__activity=activity).exists()
