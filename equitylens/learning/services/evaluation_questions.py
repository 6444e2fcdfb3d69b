"""The coordinator's extra evaluation questions: add, edit, delete, reorder.

They follow the standard template (learning.services.evaluations) on the learner's
form. Learners' answers are stored by question id, so once anyone has submitted the
activity's evaluation a question's meaning must stay as it was answered: its text
and kind can no longer change and it cannot be deleted. Adding optional questions
and reordering remain possible; a new question cannot be required then, since
learners who already submitted never saw it. Refusals raise QuestionRefused, whose
`errors` map a field ("text", "kind", "required" or "question") to what to do.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import EvaluationQuestion, QuestionKind
from equitylens.learning.services.evaluations import evaluation_submitted_for

TEXT_LIMIT = 400
LOCKED_REASON = (
    "Learners have already answered this evaluation, and their answers must keep the "
    "meaning they were given."
)


class QuestionRefused(Exception):
    """The change to an extra question is not allowed; `errors` say why, by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _checked(text: str, kind: str) -> str:
    errors: dict[str, str] = {}
    text = " ".join((text or "").split())
    if not text:
        errors["text"] = "Write the question learners will answer."
    elif len(text) > TEXT_LIMIT:
        errors["text"] = f"Keep the question to {TEXT_LIMIT} characters; it has {len(text)}."
    if kind not in QuestionKind.values:
        errors["kind"] = "Choose how learners answer: a 1–5 rating, yes/no or free text."
    if errors:
        raise QuestionRefused(errors)
    return text


def add_evaluation_question(
    activity: Activity, text: str, kind: str, required: bool, by: Any
) -> EvaluationQuestion:
    """Add a question after the activity's other extra questions.

    Refused (QuestionRefused) when the text is empty or too long, the kind unknown,
    or it is required while learners have already submitted the evaluation.
    """
    text = _checked(text, kind)
    with transaction.atomic():
        # Lock the activity so two coordinators adding at once get distinct positions.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        if required and evaluation_submitted_for(activity):
            raise QuestionRefused(
                {"required": f"{LOCKED_REASON} New questions can only be optional now."}
            )
        last = activity.evaluation_questions.aggregate(m=Max("position"))["m"] or 0
        question = EvaluationQuestion.objects.create(
            activity=activity, position=last + 1, text=text, kind=kind, required=required
        )
        log_action(by, "evaluation_question.added", question, activity=activity.slug)
    return question


def edit_evaluation_question(
    question: EvaluationQuestion, text: str, kind: str, required: bool, by: Any
) -> EvaluationQuestion:
    """Change a question's text, kind or whether it is required.

    Once learners have submitted the evaluation, the text and kind are fixed
    (QuestionRefused says so); changing only `required` is still allowed.
    """
    text = _checked(text, kind)
    with transaction.atomic():
        locked = EvaluationQuestion.objects.select_for_update().get(pk=question.pk)
        if (text != locked.text or kind != locked.kind) and evaluation_submitted_for(
            locked.activity
        ):
            field = "text" if text != locked.text else "kind"
            raise QuestionRefused(
                {field: f"{LOCKED_REASON} Add a new question instead of changing this one."}
            )
        changed = {
            name: value
            for name, value in (("text", text), ("kind", kind), ("required", required))
            if getattr(locked, name) != value
        }
        for name, value in changed.items():
            setattr(locked, name, value)
        if changed:
            locked.save(update_fields=list(changed))
            log_action(by, "evaluation_question.edited", locked, changed=sorted(changed))
    return locked


def delete_evaluation_question(question: EvaluationQuestion, by: Any) -> None:
    """Delete a question; refused once learners have submitted the evaluation."""
    with transaction.atomic():
        locked = EvaluationQuestion.objects.select_for_update().filter(pk=question.pk).first()
        if locked is None:
            return  # already deleted (a double click)
        if evaluation_submitted_for(locked.activity):
            raise QuestionRefused(
                {"question": f"{LOCKED_REASON} This question can no longer be deleted."}
            )
        log_action(by, "evaluation_question.deleted", locked, text=locked.text)
        locked.delete()


def move_evaluation_question(question: EvaluationQuestion, direction: int, by: Any) -> bool:
    """Swap a question with its neighbour above (direction -1) or below (+1).

    Returns False, changing nothing, when it is already first or last.
    """
    with transaction.atomic():
        siblings = list(
            EvaluationQuestion.objects.select_for_update()
            .filter(activity_id=question.activity_id)
            .order_by("position")
        )
        index = next((i for i, q in enumerate(siblings) if q.pk == question.pk), None)
        if index is None:
            return False
        other_index = index + (1 if direction > 0 else -1)
        if not 0 <= other_index < len(siblings):
            return False
        this, other = siblings[index], siblings[other_index]
        this_position, other_position = this.position, other.position
        # Positions are unique per activity: park one at 0 while swapping.
        EvaluationQuestion.objects.filter(pk=this.pk).update(position=0)
        EvaluationQuestion.objects.filter(pk=other.pk).update(position=this_position)
        EvaluationQuestion.objects.filter(pk=this.pk).update(position=other_position)
        log_action(by, "evaluation_question.moved", this, position=other_position)
    return True
