"""A learner's progress through an online course's modules.

Completing a module is one row (ModuleProgress) per enrollment and module, so doing
it twice is harmless. When the last required module is completed, the same
transaction records that the course's modules are complete and issues the learner's
personal attendance code (e-mailed after commit). Quiz attempts are numbered per
learner and module; a repeated submission of the same attempt number returns the
attempt already graded instead of using up another try.

After the evaluation is submitted (``enrollment.is_locked``) the participation record
is final: learners may still open modules, answer and mark them complete for review,
but nothing they do changes the enrollment, its dates or its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.learning.models import (
    AttendanceCode,
    CodeKind,
    Enrollment,
    Module,
    ModuleKind,
    ModuleProgress,
    Question,
    QuizAttempt,
    Reflection,
)
from equitylens.learning.services.codes import issue_course_code
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    lock_enrollment,
    missing_required_modules,
    record_modules_completed,
)

REFLECTION_MAX_LENGTH = 10_000


class QuizAnswerError(LearningRuleError):
    """Some questions were not answered (or answered with a choice that isn't theirs).

    `errors` maps each such question's id to a message naming the question.
    """

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


@dataclass
class Completion:
    """What completing a module did."""

    module: Module
    newly_completed: bool
    # Set when this completion finished the course's required modules just now.
    code_issued: AttendanceCode | None = None
    # The evaluation was already submitted: the work was recorded, credit is unchanged.
    after_lock: bool = False


@dataclass
class QuizResult:
    attempt: QuizAttempt
    completion: Completion | None = None


@dataclass
class ModuleState:
    module: Module
    completed: bool


@dataclass
class CourseProgress:
    """Every module of a course with whether this learner completed it."""

    modules: list[ModuleState] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return sum(1 for state in self.modules if state.module.required)

    @property
    def required_done(self) -> int:
        return sum(1 for state in self.modules if state.module.required and state.completed)

    @property
    def all_required_done(self) -> bool:
        return self.required_done == self.required_total


def course_progress(enrollment: Enrollment) -> CourseProgress:
    """The course's modules in order, each with the learner's completion."""
    done = completed_module_ids(enrollment)
    modules = enrollment.activity.modules.order_by("position")
    return CourseProgress([ModuleState(m, m.pk in done) for m in modules])


def completed_module_ids(enrollment: Enrollment) -> set[int]:
    return set(
        ModuleProgress.objects.filter(enrollment=enrollment).values_list("module_id", flat=True)
    )


def resume_module(enrollment: Enrollment) -> Module | None:
    """Where "Resume" goes: the first required module not yet complete; when every
    required module is done, the module last opened (else the first). None when the
    course has no modules."""
    missing = missing_required_modules(enrollment)
    if missing:
        return missing[0]
    if enrollment.last_module_id is not None:
        return enrollment.last_module
    return enrollment.activity.modules.order_by("position").first()


def note_module_opened(enrollment: Enrollment, module: Module) -> None:
    """Remember the module the learner opened last (for "Resume")."""
    _check_module(enrollment, module)
    if enrollment.last_module_id != module.pk:
        enrollment.last_module = module
        Enrollment.objects.filter(pk=enrollment.pk).update(last_module=module)


def complete_module(enrollment: Enrollment, module: Module) -> Completion:
    """Mark a video or reading module complete ("Mark complete and continue"); idempotent.

    A reflection completes through save_reflection and a quiz by passing it
    (LearningRuleError here). Finishing the last required module records the course's
    modules as complete and issues the learner's attendance code, in one transaction.
    """
    _check_module(enrollment, module)
    if module.kind == ModuleKind.REFLECTION:
        if not Reflection.objects.filter(enrollment=enrollment, module=module).exists():
            raise LearningRuleError("Your reflection: write your answer, then save it.")
    elif module.is_quiz:
        raise LearningRuleError(f"Pass “{module.title}” to complete it.")
    with transaction.atomic():
        return _record_completion(enrollment, module)


def save_reflection(enrollment: Enrollment, module: Module, text: str) -> Completion:
    """Save the learner's private answer to a reflection prompt and complete the module.

    The text must not be empty (LearningRuleError naming the field). Saving again
    replaces the text; only its author ever sees it — the audit log records that it
    was saved, never what it says.
    """
    _check_module(enrollment, module)
    if module.kind != ModuleKind.REFLECTION:
        raise ValueError("Not a reflection module")
    text = text.strip()
    if not text:
        raise LearningRuleError("Your reflection: write at least a sentence before saving.")
    if len(text) > REFLECTION_MAX_LENGTH:
        raise LearningRuleError(
            f"Your reflection: at most {REFLECTION_MAX_LENGTH:,} characters; "
            f"yours has {len(text):,}. Shorten it and save again."
        )
    with transaction.atomic():
        locked = lock_enrollment(enrollment)
        Reflection.objects.update_or_create(
            enrollment=locked, module=module, defaults={"text": text}
        )
        log_action(locked.user, "reflection.saved", locked, module=module.pk)
        return _record_completion(enrollment, module)


def reflection_text(enrollment: Enrollment, module: Module) -> str:
    """The learner's saved reflection ("" if none). Only ever shown to that learner."""
    reflection = Reflection.objects.filter(enrollment=enrollment, module=module).first()
    return reflection.text if reflection else ""


def quiz_attempts(enrollment: Enrollment, module: Module) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(enrollment=enrollment, module=module))


def attempts_left(module: Module, used: int) -> int | None:
    """Tries remaining (None = unlimited)."""
    if module.max_attempts == 0:
        return None
    return max(module.max_attempts - used, 0)


def submit_quiz(
    enrollment: Enrollment,
    module: Module,
    answers: Mapping[str, str],
    attempt_number: int | None = None,
) -> QuizResult:
    """Grade one attempt at a knowledge check or post-test and record it.

    `answers` maps question id → chosen choice id (as submitted by the form). Every
    question must be answered with one of its own choices (QuizAnswerError listing
    each question otherwise; nothing is recorded). The score is the percentage
    correct, rounded; passing means score ≥ module.passing_score, and passing completes
    the module. A learner who already passed gets their passing attempt back. Tries
    are limited by module.max_attempts (0 = unlimited; LearningRuleError when used up).
    `attempt_number` is the number the form was shown for: resubmitting it (double
    click, retry) returns the attempt already graded.
    """
    _check_module(enrollment, module)
    if not module.is_quiz:
        raise ValueError("Not a quiz module")
    questions = list(Question.objects.filter(module=module).prefetch_related("choices"))
    if not questions:
        raise LearningRuleError(
            f"“{module.title}” has no questions yet; please tell the course coordinator."
        )
    chosen = _checked_answers(questions, answers)
    with transaction.atomic():
        locked = lock_enrollment(enrollment)
        previous = list(QuizAttempt.objects.filter(enrollment=locked, module=module))
        if attempt_number is not None:
            for attempt in previous:
                if attempt.number == attempt_number:
                    return QuizResult(attempt)
        passed_before = next((a for a in previous if a.passed), None)
        if passed_before is not None:
            return QuizResult(passed_before)
        left = attempts_left(module, len(previous))
        if left == 0:
            raise LearningRuleError(
                f"You have used all {module.max_attempts} attempts at “{module.title}”. "
                f"Contact the course coordinator ({module.activity.contact_email}) for help."
            )
        correct = sum(1 for q in questions if chosen[q.pk] in _correct_ids(q))
        score = round(100 * correct / len(questions))
        attempt = QuizAttempt.objects.create(
            enrollment=locked,
            module=module,
            number=len(previous) + 1,
            answers={str(qid): cid for qid, cid in chosen.items()},
            score=score,
            passed=score >= module.passing_score,
        )
        log_action(
            locked.user,
            "quiz.submitted",
            locked,
            module=module.pk,
            number=attempt.number,
            score=score,
            passed=attempt.passed,
        )
        completion = _record_completion(enrollment, module) if attempt.passed else None
        return QuizResult(attempt, completion)


def _checked_answers(questions: list[Question], answers: Mapping[str, str]) -> dict[int, int]:
    chosen: dict[int, int] = {}
    errors: dict[int, str] = {}
    for number, question in enumerate(questions, start=1):
        raw = str(answers.get(str(question.pk), "") or "").strip()
        valid_ids = {c.pk for c in question.choices.all()}
        if not raw:
            errors[question.pk] = f"Question {number}: choose an answer."
        elif not raw.isdigit() or int(raw) not in valid_ids:
            errors[question.pk] = f"Question {number}: choose one of the answers shown."
        else:
            chosen[question.pk] = int(raw)
    if errors:
        raise QuizAnswerError(errors)
    return chosen


def _correct_ids(question: Question) -> set[int]:
    return {c.pk for c in question.choices.all() if c.correct}


def _check_module(enrollment: Enrollment, module: Module) -> None:
    if module.activity_id != enrollment.activity_id:
        raise ValueError("The module belongs to another activity")


def _record_completion(enrollment: Enrollment, module: Module) -> Completion:
    """Inside a transaction: save the progress row, then finish the course if it's done."""
    locked = lock_enrollment(enrollment)
    _, created = ModuleProgress.objects.get_or_create(
        enrollment=locked, module=module, defaults={"completed_at": timezone.now()}
    )
    if created:
        log_action(locked.user, "module.completed", locked, module=module.pk)
    completion = Completion(module, created, after_lock=locked.is_locked)
    if locked.is_locked or locked.modules_completed_at is not None:
        return completion
    if missing_required_modules(locked):
        return completion
    record_modules_completed(locked)
    completion.code_issued = issue_course_code(locked)
    enrollment.modules_completed_at = locked.modules_completed_at
    return completion


def course_code(enrollment: Enrollment) -> AttendanceCode | None:
    """The learner's personal code for this course, once issued."""
    return AttendanceCode.objects.filter(
        activity=enrollment.activity, email=enrollment.user.email.lower(), kind=CodeKind.PERSONAL
    ).first()
