"""Rules of the evaluation: the template, validation, blockers, locking, idempotency, authoring."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from equitylens.audit.models import LogEntry
from equitylens.learning.models import EnrollmentStatus, Evaluation, EvaluationQuestion
from equitylens.learning.services.enrollments import LearningRuleError
from equitylens.learning.services.evaluation_questions import (
    QuestionRefused,
    add_evaluation_question,
    delete_evaluation_question,
    edit_evaluation_question,
    move_evaluation_question,
)
from equitylens.learning.services.evaluation_results import evaluation_results
from equitylens.learning.services.evaluations import (
    EvaluationInvalid,
    evaluation_form_for,
    extra_key,
    objective_key,
    optional_modules_not_done,
    quality_key,
    submit_evaluation,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_enrollment,
    make_learner,
    make_module,
    make_online_course,
    make_verified_enrollment,
)
from tests.learning.factories_evaluation import complete_answers, make_evaluation_question

pytestmark = pytest.mark.django_db

OBJECTIVES = ("Name two effects of implicit bias", "Use one mitigation strategy")


@pytest.fixture
def workshop() -> Any:
    return make_activity(objectives=OBJECTIVES)


@pytest.fixture
def enrollment(workshop: Any) -> Any:
    return make_verified_enrollment(make_learner(), workshop)


def errors_of(enrollment: Any, answers: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(EvaluationInvalid) as raised:
        submit_evaluation(enrollment, answers, by=enrollment.user)
    assert not Evaluation.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.evaluated_at is None
    return raised.value.errors


# --- The template ---------------------------------------------------------------------


def test_form_asks_about_each_objective_in_order_then_the_standard_items(workshop: Any) -> None:
    form = evaluation_form_for(workshop)
    keys = [item.key for item in form.items]
    objective_ids = list(workshop.objectives.order_by("position").values_list("pk", flat=True))
    assert keys[:2] == [objective_key(pk) for pk in objective_ids]
    assert [item.text for item in form.items[:2]] == list(OBJECTIVES)
    assert keys[2:7] == [
        "intends_to_change",
        "change_description",
        "commitment",
        "free_of_commercial_bias",
        "bias_explanation",
    ]
    assert [s.heading for s in form.sections][-1] == "Comments"  # no extras section without extras


def test_extra_questions_follow_the_standard_template(workshop: Any) -> None:
    question = make_evaluation_question(workshop, required=True)
    form = evaluation_form_for(workshop)
    assert form.sections[-1].heading == "More questions from the organizers"
    last = form.items[-1]
    assert (last.key, last.text, last.required) == (extra_key(question.pk), question.text, True)


# --- Validation -------------------------------------------------------------------------


def test_every_required_item_missing_is_named(enrollment: Any, workshop: Any) -> None:
    errors = errors_of(enrollment, {})
    first = workshop.objectives.order_by("position").first()
    assert (
        errors[objective_key(first.pk)] == "Choose a rating from 1 (Not at all) to 5 (Completely)."
    )
    assert errors["intends_to_change"] == "Choose Yes or No."
    assert errors["free_of_commercial_bias"] == "Choose Yes or No."
    assert errors[quality_key("evidence_based")].startswith("Choose a rating from 1 (Strongly")
    # Optional items are never errors.
    assert "commitment" not in errors and "comments" not in errors


@pytest.mark.parametrize("value", ["0", "6", "3.5", "three", True])
def test_rating_must_be_whole_number_from_1_to_5(enrollment: Any, value: Any) -> None:
    key = quality_key("relevant")
    errors = errors_of(enrollment, complete_answers(enrollment.activity, **{key: value}))
    assert list(errors) == [key]
    assert "whole number from 1 to 5" in errors[key]


def test_yes_to_change_needs_what_will_change(enrollment: Any) -> None:
    answers = complete_answers(enrollment.activity, change_description="   ")
    errors = errors_of(enrollment, answers)
    assert errors == {"change_description": "You answered Yes, so please write a few words here."}


def test_no_to_bias_free_needs_why(enrollment: Any) -> None:
    answers = complete_answers(enrollment.activity, free_of_commercial_bias="no")
    errors = errors_of(enrollment, answers)
    assert errors == {"bias_explanation": "You answered No, so please write a few words here."}


def test_answers_not_needed_by_the_other_choice_are_not_kept(enrollment: Any) -> None:
    answers = complete_answers(
        enrollment.activity,
        intends_to_change="no",
        change_description="left over from a changed mind",
        bias_explanation="also left over",
    )
    evaluation = submit_evaluation(enrollment, answers, by=enrollment.user)
    assert evaluation.intends_to_change is False
    assert evaluation.change_description == ""
    assert evaluation.bias_explanation == ""


def test_text_longer_than_limit_is_refused_with_its_length(enrollment: Any) -> None:
    errors = errors_of(enrollment, complete_answers(enrollment.activity, comments="x" * 4001))
    assert errors == {"comments": "Keep this to 4,000 characters; you wrote 4,001."}


def test_required_extra_question_must_be_answered(enrollment: Any) -> None:
    question = make_evaluation_question(
        enrollment.activity, "Which module was most useful?", "text", required=True
    )
    answers = complete_answers(enrollment.activity)
    del answers[extra_key(question.pk)]
    assert errors_of(enrollment, answers) == {
        extra_key(question.pk): "Please write an answer; this question is required."
    }


# --- Submission -------------------------------------------------------------------------


def test_submission_saves_answers_and_locks_the_record(enrollment: Any, workshop: Any) -> None:
    scale = make_evaluation_question(workshop, "Pace was right", "scale")
    answers = complete_answers(workshop, **{extra_key(scale.pk): "2", "comments": " Good. "})
    evaluation = submit_evaluation(enrollment, answers, by=enrollment.user)

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED
    assert enrollment.is_locked
    ids = [str(pk) for pk in workshop.objectives.values_list("pk", flat=True)]
    assert evaluation.objective_ratings == {pk: 4 for pk in ids}
    assert evaluation.quality_ratings == {
        "evidence_based": 5,
        "met_needs": 5,
        "relevant": 5,
        "effective_format": 5,
    }
    assert evaluation.intends_to_change is True
    assert evaluation.change_description == "Ask every patient which name they use."
    assert evaluation.commitment == "Use teach-back with every patient for a month."
    assert evaluation.free_of_commercial_bias is True
    assert evaluation.extra_answers == {str(scale.pk): 2}
    assert evaluation.comments == "Good."
    assert LogEntry.objects.filter(action="evaluation.submitted").count() == 1
    assert LogEntry.objects.filter(action="enrollment.evaluated").count() == 1


def test_double_submit_returns_the_first_evaluation_and_writes_nothing(enrollment: Any) -> None:
    first = submit_evaluation(enrollment, complete_answers(enrollment.activity), by=None)
    again = submit_evaluation(
        enrollment, complete_answers(enrollment.activity, comments="second tab"), by=None
    )
    empty_retry = submit_evaluation(enrollment, {}, by=None)
    assert again.pk == first.pk == empty_retry.pk
    assert Evaluation.objects.count() == 1
    assert Evaluation.objects.get().comments == ""
    assert LogEntry.objects.filter(action="evaluation.submitted").count() == 1


def test_stale_enrollment_object_still_gets_the_one_evaluation(enrollment: Any) -> None:
    from equitylens.learning.models import Enrollment

    stale = Enrollment.objects.get(pk=enrollment.pk)
    first = submit_evaluation(enrollment, complete_answers(enrollment.activity), by=None)
    assert submit_evaluation(stale, complete_answers(stale.activity), by=None).pk == first.pk
    assert Evaluation.objects.count() == 1


def test_code_not_verified_blocks_submission(workshop: Any) -> None:
    enrollment = make_enrollment(make_learner(), workshop)
    with pytest.raises(LearningRuleError, match="attendance verification code"):
        submit_evaluation(enrollment, complete_answers(workshop), by=None)
    assert not Evaluation.objects.exists()


def test_missing_required_module_blocks_submission_of_online_course() -> None:
    course = make_online_course()
    enrollment = make_verified_enrollment(make_learner(), course)
    enrollment.module_progress.filter(module__title="Post-test").delete()
    with pytest.raises(LearningRuleError, match="Post-test"):
        submit_evaluation(enrollment, complete_answers(course), by=None)
    enrollment.refresh_from_db()
    assert enrollment.evaluated_at is None and not Evaluation.objects.exists()


def test_optional_modules_not_done_are_listed_for_online_courses_only(workshop: Any) -> None:
    course = make_online_course()
    enrollment = make_verified_enrollment(make_learner(), course)
    extra = make_module(course, title="Going further", required=False)
    assert optional_modules_not_done(enrollment) == [extra]
    assert optional_modules_not_done(make_verified_enrollment(make_learner(), workshop)) == []


# --- Authoring the extra questions -------------------------------------------------------


def test_add_edit_move_delete_before_any_submission(workshop: Any) -> None:
    by = make_coordinator()
    first = add_evaluation_question(workshop, "  Recommend  it? ", "yes_no", True, by)
    second = add_evaluation_question(workshop, "Most useful module?", "text", False, by)
    assert (first.position, second.position, first.text) == (1, 2, "Recommend it?")

    edit_evaluation_question(first, "Would you recommend it?", "scale", False, by)
    first.refresh_from_db()
    assert (first.text, first.kind, first.required) == ("Would you recommend it?", "scale", False)

    assert move_evaluation_question(second, -1, by) is True
    assert list(workshop.evaluation_questions.values_list("text", flat=True)) == [
        "Most useful module?",
        "Would you recommend it?",
    ]
    assert move_evaluation_question(second, -1, by) is False  # already first

    delete_evaluation_question(second, by)
    delete_evaluation_question(second, by)  # a double click changes nothing more
    assert list(workshop.evaluation_questions.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.parametrize(
    ("text", "kind", "field", "message"),
    [
        ("", "yes_no", "text", "Write the question learners will answer."),
        ("x" * 401, "yes_no", "text", "Keep the question to 400 characters; it has 401."),
        ("Fine?", "essay", "kind", "Choose how learners answer"),
    ],
)
def test_bad_question_is_refused_with_the_fix(
    workshop: Any, text: str, kind: str, field: str, message: str
) -> None:
    with pytest.raises(QuestionRefused) as refused:
        add_evaluation_question(workshop, text, kind, False, by=None)
    assert refused.value.errors[field].startswith(message)
    assert not EvaluationQuestion.objects.exists()


def test_after_a_submission_questions_keep_their_meaning(enrollment: Any, workshop: Any) -> None:
    question = make_evaluation_question(workshop, required=False)
    submit_evaluation(enrollment, complete_answers(workshop), by=None)

    with pytest.raises(QuestionRefused) as refused:
        edit_evaluation_question(question, "Something else?", question.kind, False, by=None)
    assert "already answered" in refused.value.errors["text"]
    with pytest.raises(QuestionRefused) as refused:
        edit_evaluation_question(question, question.text, "text", False, by=None)
    assert "kind" in refused.value.errors
    with pytest.raises(QuestionRefused):
        delete_evaluation_question(question, by=None)
    with pytest.raises(QuestionRefused) as refused:
        add_evaluation_question(workshop, "New and required?", "yes_no", True, by=None)
    assert "optional" in refused.value.errors["required"]
    question.refresh_from_db()
    assert question.text == "Would you recommend this course to a colleague?"

    # Still allowed: the required flag, new optional questions, reordering.
    edit_evaluation_question(question, question.text, question.kind, True, by=None)
    added = add_evaluation_question(workshop, "Anything to add?", "text", False, by=None)
    assert move_evaluation_question(added, -1, by=None) is True
    assert list(workshop.evaluation_questions.values_list("pk", flat=True)) == [
        added.pk,
        question.pk,
    ]


# --- Results ----------------------------------------------------------------------------


def test_results_summarize_every_submission(workshop: Any) -> None:
    recommend = make_evaluation_question(workshop, "Recommend?", "yes_no")
    useful = make_evaluation_question(workshop, "Most useful?", "text")
    first_objective = workshop.objectives.order_by("position").first()
    key = objective_key(first_objective.pk)
    submissions = [
        {key: "5", extra_key(recommend.pk): "yes", extra_key(useful.pk): "Module 2"},
        {
            key: "4",
            "intends_to_change": "no",
            "commitment": "",
            extra_key(recommend.pk): "no",
        },
        {
            key: "2",
            "free_of_commercial_bias": "no",
            "bias_explanation": "Named one drug brand.",
        },
    ]
    for overrides in submissions:
        enrollment = make_verified_enrollment(make_learner(), workshop)
        submit_evaluation(enrollment, complete_answers(workshop, **overrides), by=None)

    results = evaluation_results(workshop)
    assert results.responses == 3
    assert results.objectives[0].average == Decimal("3.7")
    assert results.objectives[1].average == Decimal("4.0")
    assert results.quality[0].average == Decimal("5.0")
    assert results.percent_intending_change == 67
    assert results.percent_bias_free == 67
    assert results.bias_explanations == ["Named one drug brand."]
    assert results.commitments == ["Use teach-back with every patient for a month."] * 2
    assert results.extras[0].percent_yes == 50 and results.extras[0].responses == 2
    assert results.extras[1].texts == ["Module 2"]


def test_results_of_an_activity_without_submissions(workshop: Any) -> None:
    results = evaluation_results(workshop)
    assert results.responses == 0
    assert results.percent_intending_change is None
    assert results.objectives[0].average is None


# --- Demo data --------------------------------------------------------------------------


def test_demo_questions_load_once_however_often_it_runs() -> None:
    from equitylens.demo.evaluations import COURSE_SLUG, load_evaluations

    course = make_online_course(slug=COURSE_SLUG)
    load_evaluations({COURSE_SLUG: course})
    load_evaluations({COURSE_SLUG: course})
    assert list(course.evaluation_questions.values_list("text", "kind", "required")) == [
        ("Would you recommend this course to a colleague?", "yes_no", True),
        ("Which module was most useful to you, and why?", "text", False),
    ]
    load_evaluations({})  # without the course: nothing to do
