"""The evaluation in Chromium at 1280 and 375 px: a learner fills it in, a coordinator reads it.

Every page is checked with axe-core (the empty form, the form with errors, the page
after submitting) and must not scroll sideways.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from equitylens.learning.models import EnrollmentStatus, Evaluation
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import (
    make_coordinator,
    make_learner,
    make_online_course,
    make_verified_enrollment,
)
from tests.learning.factories_evaluation import make_evaluation_question

pytestmark = pytest.mark.browser

OBJECTIVES = (
    "Describe how implicit bias affects clinical decisions",
    "Apply one strategy to reduce bias at the bedside",
)
QUALITY = (
    "The content was evidence-based and balanced.",
    "The activity met my educational needs.",
    "The content was relevant to my practice.",
    "The presentation and format were effective.",
)


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


@pytest.fixture
def course(transactional_db: Any) -> Any:
    course = make_online_course(
        title="Recognizing and Mitigating Unconscious Bias", objectives=OBJECTIVES
    )
    make_evaluation_question(course, "Would you recommend this course to a colleague?")
    return course


def rate(page: Any, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_learner_fills_in_and_submits_the_evaluation(page, live_server, course, viewport):  # type: ignore[no-untyped-def]
    name = f"evaluation-{viewport['width']}"
    learner = make_learner(first_name="Amara")
    enrollment = make_verified_enrollment(learner, course)
    login_as(page, live_server, learner)
    url = f"{live_server.url}/learn/{course.slug}/evaluation/"

    page.goto(url)
    assert page.get_by_role("heading", name=f"Evaluation: {course.title}", level=1).is_visible()
    assert page.get_by_text("Once you submit, your participation record is final").is_visible()
    check(page, f"{name}-form")

    # Submitting with only some answers: nothing is saved, errors are listed and linked.
    rate(page, OBJECTIVES[0], "4 Mostly")
    page.get_by_role("group", name="Do you intend to change anything").get_by_label("Yes").check()
    page.get_by_role("button", name="Submit evaluation").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", name="Your evaluation was not submitted").is_visible()
    assert summary.get_by_role("link", name=f"{OBJECTIVES[1]} — Choose a rating").is_visible()
    assert summary.get_by_role("link", name="If yes: what will you change?").is_visible()
    # What was entered is still there.
    assert page.get_by_role("group", name=OBJECTIVES[0]).get_by_label("4 Mostly").is_checked()
    check(page, f"{name}-errors")
    assert not Evaluation.objects.exists()

    # The error link takes the keyboard to the question.
    summary.get_by_role("link", name="If yes: what will you change?").click()
    page.get_by_label("If yes: what will you change?").fill(
        "Ask every patient which name and pronouns they use."
    )
    rate(page, OBJECTIVES[1], "5 Completely")
    page.get_by_label("Commitment to change (optional)").fill("Use teach-back for a month.")
    page.get_by_role("group", name="Was the content free of commercial bias?").get_by_label(
        "Yes"
    ).check()
    for item in QUALITY:
        rate(page, item, "4 Agree")
    page.get_by_role("group", name="Would you recommend this course").get_by_label("Yes").check()
    page.get_by_role("button", name="Submit evaluation").click()
    # (The browser keeps the #fragment of the error link it followed across the redirect.)
    page.wait_for_url(re.compile(rf"/learn/{course.slug}/credit/(#.*)?$"))
    assert page.get_by_text("Thank you — your evaluation is submitted.").is_visible()

    evaluation = Evaluation.objects.get()
    assert evaluation.enrollment_id == enrollment.pk
    assert evaluation.commitment == "Use teach-back for a month."
    assert set(evaluation.objective_ratings.values()) == {4, 5}
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.EVALUATED

    # Coming back: the evaluation is done and the way on is the claim.
    page.goto(url)
    assert page.get_by_role("heading", name="Evaluation submitted").is_visible()
    assert page.get_by_role("link", name="Claim your credit").is_visible()
    check(page, f"{name}-submitted")


def test_coordinator_sees_the_form_and_results(page, live_server, course, viewport):  # type: ignore[no-untyped-def]
    name = f"evaluation-coordinator-{viewport['width']}"
    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/coordinator/activities/{course.slug}/evaluation/")
    assert page.get_by_role("heading", name="Your extra questions").is_visible()
    check(page, name)

    page.get_by_label("Question", exact=True).last.fill("Which module was most useful?")
    page.get_by_role("group", name="How learners answer").last.get_by_label("Free text").check()
    page.get_by_role("button", name="Add question").click()
    page.wait_for_load_state()
    assert page.get_by_text("Added the question “Which module was most useful?”.").is_visible()
    assert course.evaluation_questions.count() == 2
    check(page, f"{name}-added")
