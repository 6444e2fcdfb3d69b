"""Module progress rules: completing, reflections, quizzes, resume, and the code moment."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.learning.models import AttendanceCode, ModuleProgress, QuizAttempt, Reflection
from equitylens.learning.services.enrollments import LearningRuleError
from equitylens.learning.services.progress import (
    QuizAnswerError,
    complete_module,
    course_progress,
    note_module_opened,
    resume_module,
    save_reflection,
    submit_quiz,
)
from tests.factories import (
    make_activity,
    make_enrollment,
    make_learner,
    make_module,
    make_online_course,
    make_question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course() -> Any:
    return make_online_course(slug="bias-course")


@pytest.fixture
def enrollment(course: Any) -> Any:
    return make_enrollment(make_learner(email="ana@example.org"), course)


def modules(course: Any) -> tuple[Any, Any, Any]:
    reading, reflection, post_test = course.modules.order_by("position")
    return reading, reflection, post_test


def right_answers(module: Any) -> dict[str, str]:
    return {str(q.pk): str(q.choices.get(correct=True).pk) for q in module.questions.all()}


def wrong_answers(module: Any) -> dict[str, str]:
    return {
        str(q.pk): str(q.choices.filter(correct=False).first().pk)  # type: ignore[union-attr]
        for q in module.questions.all()
    }


def test_completing_a_reading_records_it_once(enrollment: Any, course: Any) -> None:
    reading, _, _ = modules(course)
    first = complete_module(enrollment, reading)
    again = complete_module(enrollment, reading)
    assert first.newly_completed and not again.newly_completed
    assert ModuleProgress.objects.filter(enrollment=enrollment, module=reading).count() == 1
    assert LogEntry.objects.filter(action="module.completed").count() == 1


def test_a_module_of_another_course_is_refused(enrollment: Any) -> None:
    other = make_module(make_activity(format="enduring"))
    with pytest.raises(ValueError):
        complete_module(enrollment, other)


def test_a_quiz_completes_only_by_passing(enrollment: Any, course: Any) -> None:
    _, _, post_test = modules(course)
    with pytest.raises(LearningRuleError, match="Pass"):
        complete_module(enrollment, post_test)


def test_a_reflection_needs_text_and_completes_when_saved(enrollment: Any, course: Any) -> None:
    _, reflection, _ = modules(course)
    with pytest.raises(LearningRuleError, match="Your reflection"):
        save_reflection(enrollment, reflection, "   ")
    assert not Reflection.objects.exists()
    with pytest.raises(LearningRuleError):
        complete_module(enrollment, reflection)
    completion = save_reflection(enrollment, reflection, "  I noticed my assumptions.  ")
    assert completion.newly_completed
    assert Reflection.objects.get().text == "I noticed my assumptions."
    save_reflection(enrollment, reflection, "Changed my mind.")
    assert Reflection.objects.get().text == "Changed my mind."
    assert ModuleProgress.objects.filter(module=reflection).count() == 1


def test_the_audit_log_never_holds_reflection_text(enrollment: Any, course: Any) -> None:
    _, reflection, _ = modules(course)
    save_reflection(enrollment, reflection, "secret thought about a patient")
    assert not any("secret" in str(e.data) for e in LogEntry.objects.all())


def test_unanswered_questions_are_named_and_nothing_is_recorded(
    enrollment: Any, course: Any
) -> None:
    _, _, post_test = modules(course)
    make_question(post_test, "Second?")
    answers = right_answers(post_test)
    second = post_test.questions.get(position=2)
    del answers[str(second.pk)]
    with pytest.raises(QuizAnswerError) as caught:
        submit_quiz(enrollment, post_test, answers)
    assert caught.value.errors == {second.pk: "Question 2: choose an answer."}
    assert not QuizAttempt.objects.exists()


def test_a_choice_from_another_question_is_refused(enrollment: Any, course: Any) -> None:
    _, _, post_test = modules(course)
    other = make_question(post_test, "Other?")
    answers = right_answers(post_test)
    first = post_test.questions.get(position=1)
    answers[str(first.pk)] = str(other.choices.first().pk)
    with pytest.raises(QuizAnswerError, match="Question 1: choose one of the answers shown"):
        submit_quiz(enrollment, post_test, answers)


def test_score_is_the_percentage_correct_and_pass_is_against_the_passing_score(
    enrollment: Any, course: Any
) -> None:
    _, _, post_test = modules(course)
    post_test.passing_score = 80
    post_test.save()
    for n in range(4):
        make_question(post_test, f"Extra {n}?")
    answers = right_answers(post_test)
    wrong = wrong_answers(post_test)
    first = str(post_test.questions.get(position=1).pk)
    answers[first] = wrong[first]  # 4 of 5 right = 80 %
    result = submit_quiz(enrollment, post_test, answers)
    assert (result.attempt.score, result.attempt.passed) == (80, True)
    assert result.completion is not None and result.completion.newly_completed


def test_failing_does_not_complete_and_attempts_are_limited(enrollment: Any, course: Any) -> None:
    _, _, post_test = modules(course)
    post_test.max_attempts = 2
    post_test.save()
    first = submit_quiz(enrollment, post_test, wrong_answers(post_test))
    assert (first.attempt.number, first.attempt.score, first.attempt.passed) == (1, 0, False)
    assert first.completion is None
    submit_quiz(enrollment, post_test, wrong_answers(post_test))
    with pytest.raises(LearningRuleError, match="used all 2 attempts"):
        submit_quiz(enrollment, post_test, right_answers(post_test))
    assert QuizAttempt.objects.count() == 2
    assert not ModuleProgress.objects.filter(module=post_test).exists()


def test_zero_max_attempts_means_unlimited(enrollment: Any, course: Any) -> None:
    _, _, post_test = modules(course)
    post_test.max_attempts = 0
    post_test.save()
    for _ in range(6):
        submit_quiz(enrollment, post_test, wrong_answers(post_test))
    assert submit_quiz(enrollment, post_test, right_answers(post_test)).attempt.passed


def test_resubmitting_the_same_attempt_number_does_not_use_another_try(
    enrollment: Any, course: Any
) -> None:
    _, _, post_test = modules(course)
    first = submit_quiz(enrollment, post_test, wrong_answers(post_test), attempt_number=1)
    again = submit_quiz(enrollment, post_test, wrong_answers(post_test), attempt_number=1)
    assert again.attempt.pk == first.attempt.pk
    assert QuizAttempt.objects.count() == 1


def test_after_passing_the_passing_attempt_is_returned(enrollment: Any, course: Any) -> None:
    _, _, post_test = modules(course)
    passed = submit_quiz(enrollment, post_test, right_answers(post_test)).attempt
    again = submit_quiz(enrollment, post_test, wrong_answers(post_test))
    assert again.attempt.pk == passed.pk
    assert QuizAttempt.objects.count() == 1


def test_finishing_the_last_required_module_issues_the_code_once(
    enrollment: Any, course: Any, mailoutbox: list[Any]
) -> None:
    reading, reflection, post_test = modules(course)
    assert complete_module(enrollment, reading).code_issued is None
    assert save_reflection(enrollment, reflection, "Noted.").code_issued is None
    assert not AttendanceCode.objects.exists()
    with django_capture_on_commit():
        result = submit_quiz(enrollment, post_test, right_answers(post_test))
    assert result.completion is not None
    code = result.completion.code_issued
    assert code is not None and len(code.code) == 6
    enrollment.refresh_from_db()
    assert enrollment.modules_completed_at is not None
    assert AttendanceCode.objects.get().email == "ana@example.org"
    assert any(code.code in message.body for message in mail.outbox)
    # Completing again issues nothing new.
    assert complete_module(enrollment, reading).code_issued is None
    assert AttendanceCode.objects.count() == 1


def django_capture_on_commit() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_optional_modules_are_not_needed_for_the_code(enrollment: Any, course: Any) -> None:
    reading, reflection, post_test = modules(course)
    extra = make_module(course, "reading", title="Further reading", required=False)
    complete_module(enrollment, reading)
    save_reflection(enrollment, reflection, "Noted.")
    result = submit_quiz(enrollment, post_test, right_answers(post_test))
    assert result.completion is not None and result.completion.code_issued is not None
    assert extra.pk not in {s.module.pk for s in course_progress(enrollment).modules if s.completed}


def test_after_the_evaluation_work_is_recorded_but_changes_no_credit(
    enrollment: Any, course: Any
) -> None:
    reading, reflection, post_test = modules(course)
    enrollment.evaluated_at = timezone.now()
    enrollment.save()
    complete_module(enrollment, reading)
    save_reflection(enrollment, reflection, "Later.")
    result = submit_quiz(enrollment, post_test, right_answers(post_test))
    assert result.completion is not None and result.completion.after_lock
    assert result.completion.code_issued is None
    enrollment.refresh_from_db()
    assert enrollment.modules_completed_at is None
    assert not AttendanceCode.objects.exists()


def test_resume_goes_to_the_first_incomplete_required_module(enrollment: Any, course: Any) -> None:
    reading, reflection, post_test = modules(course)
    assert resume_module(enrollment) == reading
    complete_module(enrollment, reading)
    note_module_opened(enrollment, post_test)
    assert resume_module(enrollment) == reflection


def test_resume_goes_to_the_last_opened_module_when_all_are_done(
    enrollment: Any, course: Any
) -> None:
    reading, reflection, post_test = modules(course)
    complete_module(enrollment, reading)
    save_reflection(enrollment, reflection, "Done.")
    submit_quiz(enrollment, post_test, right_answers(post_test))
    note_module_opened(enrollment, reflection)
    enrollment.refresh_from_db()
    assert resume_module(enrollment) == reflection


def test_course_progress_counts_required_modules(enrollment: Any, course: Any) -> None:
    reading, _, _ = modules(course)
    make_module(course, "reading", title="Optional", required=False)
    complete_module(enrollment, reading)
    progress = course_progress(enrollment)
    assert (progress.required_done, progress.required_total) == (1, 3)
    assert not progress.all_required_done
