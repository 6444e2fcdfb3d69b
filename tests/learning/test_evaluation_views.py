"""The evaluation pages through the test client: the learner's form and the coordinator's screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.learning.models import EnrollmentStatus, Evaluation, EvaluationQuestion
from equitylens.learning.services.evaluations import objective_key, quality_key
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


def url(activity: Any) -> str:
    return reverse("learning:evaluation", kwargs={"slug": activity.slug})


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def workshop() -> Any:
    return make_activity("Implicit Bias Workshop", objectives=("Name two effects of bias",))


@pytest.fixture
def learner() -> Any:
    return make_learner()


@pytest.fixture
def enrollment(learner: Any, workshop: Any) -> Any:
    return make_verified_enrollment(learner, workshop)


# --- Who may see it ---------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, workshop: Any) -> None:
    response = client.get(url(workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_learner_not_enrolled_is_sent_to_the_activity_page(workshop: Any) -> None:
    make_verified_enrollment(make_learner(), workshop)  # someone else's enrollment
    client = signed_in(make_learner())
    response = client.post(url(workshop), complete_answers(workshop))
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert not Evaluation.objects.exists()


def test_unknown_activity_is_404(learner: Any) -> None:
    response = signed_in(learner).get("/learn/no-such-activity/evaluation/")
    assert response.status_code == 404


def test_submitted_evaluation_of_another_learner_is_never_shown(workshop: Any) -> None:
    other = make_verified_enrollment(make_learner(), workshop)
    signed_in(other.user).post(url(workshop), complete_answers(workshop))
    assert Evaluation.objects.count() == 1
    mine = make_verified_enrollment(make_learner(), workshop)
    response = signed_in(mine.user).get(url(workshop))
    assert response.status_code == 200
    assert "Submit evaluation" in response.content.decode()
    assert "Evaluation submitted" not in response.content.decode()


# --- Blocked ----------------------------------------------------------------------------


def test_code_not_verified_explains_and_links_to_code_entry(learner: Any, workshop: Any) -> None:
    make_enrollment(learner, workshop)
    client = signed_in(learner)
    page = client.get(url(workshop)).content.decode()
    assert "Enter your attendance verification code first." in page
    assert f'href="{reverse("learning:enter_code")}"' in page
    assert "Submit evaluation" not in page

    response = client.post(url(workshop), complete_answers(workshop))
    assert response.status_code == 409
    assert not Evaluation.objects.exists()


def test_missing_module_explains_and_links_to_the_course(learner: Any) -> None:
    course = make_online_course()
    enrollment = make_enrollment(learner, course)
    page = signed_in(learner).get(url(course)).content.decode()
    assert "Complete every required module first (next: “What bias is”)." in page
    assert f'href="{reverse("learning:path", kwargs={"slug": course.slug})}"' in page
    assert enrollment.evaluated_at is None


# --- The form ---------------------------------------------------------------------------


def test_form_groups_each_choice_question_with_a_legend(enrollment: Any, workshop: Any) -> None:
    page = signed_in(enrollment.user).get(url(workshop)).content.decode()
    assert page.count("<fieldset") == 1 + 2 + 4  # one objective, two yes/no, four quality
    assert "<legend>Name two effects of bias" in page
    assert "1 Not at all" in page and "5 Completely" in page
    assert "Once you submit, your participation record is final: modules you complete " in page
    assert "afterwards earn nothing more." in page


def test_online_course_notice_names_optional_modules_not_done(learner: Any) -> None:
    course = make_online_course()
    make_module(course, title="Going further: case studies", required=False)
    make_verified_enrollment(learner, course)
    course.modules.get(title="Going further: case studies")  # exists
    from equitylens.learning.models import ModuleProgress

    ModuleProgress.objects.filter(module__title="Going further: case studies").delete()
    page = signed_in(learner).get(url(course)).content.decode()
    assert "You have not completed these optional modules:" in page
    assert "Going further: case studies" in page


def test_errors_are_listed_linked_and_answers_kept(enrollment: Any, workshop: Any) -> None:
    answers = complete_answers(
        workshop,
        **{quality_key("relevant"): "", "change_description": "", "comments": "Kept text"},
    )
    response = signed_in(enrollment.user).post(url(workshop), answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your evaluation was not submitted — please fix these 2 answers" in page
    assert 'href="#id_quality_relevant_0"' in page
    assert 'href="#id_change_description"' in page
    assert "You answered Yes, so please write a few words here." in page
    # The failing fieldset points at its error message.
    assert 'aria-describedby="id_quality_relevant_error"' in page
    assert 'id="id_quality_relevant_error"' in page
    # What was entered stays.
    objective = objective_key(workshop.objectives.get().pk)
    assert f'name="{objective}" value="4" id="id_{objective}_3" checked' in page
    assert "Kept text</textarea>" in page
    assert not Evaluation.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CODE_VERIFIED


def test_submit_saves_locks_and_goes_to_the_claim(enrollment: Any, workshop: Any) -> None:
    client = signed_in(enrollment.user)
    response = client.post(url(workshop), complete_answers(workshop, comments="Useful."))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:claim", kwargs={"slug": workshop.slug})
    evaluation = Evaluation.objects.get()
    assert evaluation.enrollment == enrollment
    assert evaluation.comments == "Useful."
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED

    # Double submit / second tab: same place, still one evaluation.
    again = client.post(url(workshop), complete_answers(workshop, comments="Other tab"))
    assert again["Location"] == response["Location"]
    assert Evaluation.objects.get().comments == "Useful."

    page = client.get(url(workshop)).content.decode()
    assert "You submitted your evaluation on" in page
    assert f'href="{response["Location"]}"' in page
    assert "Submit evaluation" not in page


# --- The coordinator's screen -----------------------------------------------------------


def screen(activity: Any) -> str:
    return reverse("coordinator:evaluation", kwargs={"slug": activity.slug})


@pytest.fixture
def coordinator_client() -> Client:
    return signed_in(make_coordinator())


def test_back_office_is_for_coordinators_only(workshop: Any, learner: Any) -> None:
    assert signed_in(learner).get(screen(workshop)).status_code == 403
    add = reverse("coordinator:evaluation_question_add", kwargs={"slug": workshop.slug})
    response = signed_in(learner).post(add, {"new-text": "Q?", "new-kind": "yes_no"})
    assert response.status_code == 403
    assert not EvaluationQuestion.objects.exists()
    assert Client().get(screen(workshop)).status_code == 302


def test_screen_shows_the_form_read_only_and_the_results(
    coordinator_client: Client, enrollment: Any, workshop: Any
) -> None:
    make_evaluation_question(workshop, "Would you recommend it?")
    signed_in(enrollment.user).post(url(workshop), complete_answers(workshop))
    page = coordinator_client.get(screen(workshop)).content.decode()
    assert "<legend>Name two effects of bias" in page
    assert "disabled" in page
    assert "<dt>Responses</dt><dd>1</dd>" in page
    assert "<dt>Intend to change practice</dt><dd>100%</dd>" in page
    assert "Use teach-back with every patient for a month." in page
    assert "the wording and kind of existing questions are fixed" in page
    assert "Delete question 1" not in page


def test_coordinator_adds_edits_moves_and_deletes_questions(
    coordinator_client: Client, workshop: Any
) -> None:
    add = reverse("coordinator:evaluation_question_add", kwargs={"slug": workshop.slug})
    response = coordinator_client.post(
        add, {"new-text": "Recommend it?", "new-kind": "yes_no", "new-required": "on"}
    )
    assert response.status_code == 302
    coordinator_client.post(add, {"new-text": "Most useful module?", "new-kind": "text"})
    first, second = EvaluationQuestion.objects.order_by("position")
    assert (first.text, first.required, second.kind) == ("Recommend it?", True, "text")

    def action(name: str, question: Any) -> str:
        return reverse(
            f"coordinator:{name}", kwargs={"slug": workshop.slug, "question_id": question.pk}
        )

    coordinator_client.post(
        action("evaluation_question_edit", first),
        {f"q{first.pk}-text": "Would you recommend it?", f"q{first.pk}-kind": "yes_no"},
    )
    first.refresh_from_db()
    assert (first.text, first.required) == ("Would you recommend it?", False)

    coordinator_client.post(action("evaluation_question_move", second), {"direction": "up"})
    assert list(EvaluationQuestion.objects.values_list("pk", flat=True)) == [second.pk, first.pk]

    coordinator_client.post(action("evaluation_question_delete", second))
    assert list(EvaluationQuestion.objects.values_list("pk", flat=True)) == [first.pk]


def test_bad_question_shows_the_error_and_saves_nothing(
    coordinator_client: Client, workshop: Any
) -> None:
    add = reverse("coordinator:evaluation_question_add", kwargs={"slug": workshop.slug})
    response = coordinator_client.post(add, {"new-text": " ", "new-kind": "yes_no"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write the question learners will answer." in page
    assert 'href="#id_new-text"' in page
    assert not EvaluationQuestion.objects.exists()


def test_locked_question_edit_is_refused_with_the_reason(
    coordinator_client: Client, enrollment: Any, workshop: Any
) -> None:
    question = make_evaluation_question(workshop, "Recommend it?")
    signed_in(enrollment.user).post(url(workshop), complete_answers(workshop))
    edit = reverse(
        "coordinator:evaluation_question_edit",
        kwargs={"slug": workshop.slug, "question_id": question.pk},
    )
    # Text and kind are disabled fields now: posted values are ignored, only "required" changes.
    response = coordinator_client.post(
        edit, {f"q{question.pk}-text": "Changed?", f"q{question.pk}-required": "on"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.required) == ("Recommend it?", True)

    delete = reverse(
        "coordinator:evaluation_question_delete",
        kwargs={"slug": workshop.slug, "question_id": question.pk},
    )
    page = coordinator_client.post(delete, follow=True).content.decode()
    assert "This question can no longer be deleted." in page
    assert EvaluationQuestion.objects.filter(pk=question.pk).exists()


def test_question_of_another_activity_is_404(coordinator_client: Client, workshop: Any) -> None:
    elsewhere = make_evaluation_question(make_activity())
    edit = reverse(
        "coordinator:evaluation_question_edit",
        kwargs={"slug": workshop.slug, "question_id": elsewhere.pk},
    )
    response = coordinator_client.post(edit, {f"q{elsewhere.pk}-text": "Hijack?"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.text != "Hijack?"


def test_activity_edit_page_links_to_the_evaluation(
    coordinator_client: Client, workshop: Any
) -> None:
    page = coordinator_client.get(
        reverse("coordinator:activity_edit", kwargs={"slug": workshop.slug})
    ).content.decode()
    assert f'href="{screen(workshop)}"' in page
