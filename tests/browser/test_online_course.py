"""A learner takes an online course in Chromium at 1280 and 375 px: start from the activity
page, reading, reflection, post-test (fail once, then pass), the code. Every page type is
checked with axe-core and must not scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.learning.models import AttendanceCode, Reflection
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_learner, make_module, make_online_course, make_question

pytestmark = pytest.mark.browser
TITLE = "Recognizing Bias in Everyday Care"


@pytest.fixture
def course_world(db: Any) -> dict[str, Any]:
    course = make_online_course(title=TITLE, slug="everyday-bias")
    reading = course.modules.get(kind="reading")
    reading.body = "## Why it matters\n\nBias acts when we are **rushed**. Slow down."
    reading.save()
    post_test = course.modules.get(kind="post_test")
    post_test.passing_score = 100
    post_test.save()
    make_question(
        post_test,
        "When is bias most likely to act?",
        correct=1,
        choices=("When rested", "When rushed or tired"),
    )
    post_test.questions.update(explanation="Pressure leaves room for shortcuts.")
    make_module(
        course,
        "video",
        title="Optional talk",
        required=False,
        transcript="Every word of the talk is here.",
    )
    return {"course": course, "learner": make_learner(email="lee@example.org", first_name="Lee")}


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def answer(page: Any, choices: list[str]) -> None:
    for text in choices:
        page.get_by_label(text, exact=True).check()


def test_a_learner_completes_the_online_course(page, live_server, course_world, viewport):  # type: ignore[no-untyped-def]
    name = f"{viewport['width']}px"
    base = live_server.url
    login_as(page, live_server, course_world["learner"])

    page.goto(f"{base}/activities/everyday-bias/")
    check(page, f"course-activity-{name}")
    page.get_by_role("button", name="Start the course").click()
    page.wait_for_load_state()

    # Reading.
    assert page.get_by_role("heading", name="What bias is", level=1).is_visible()
    assert page.get_by_role("heading", name="Why it matters").is_visible()
    assert page.get_by_text("0 of 3 required modules done").is_visible()
    check(page, f"course-reading-{name}")
    page.get_by_role("button", name="Mark complete and continue").click()
    page.wait_for_load_state()

    # Reflection: empty is refused with a message, then saved.
    assert page.get_by_role("heading", name="Your reflection", level=1).is_visible()
    check(page, f"course-reflection-{name}")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    check(page, f"course-reflection-error-{name}")
    page.get_by_label("Your reflection").fill("I rush my afternoon patients.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()

    # Post-test: fail once, then pass.
    assert page.get_by_role("heading", name="Post-test", level=1).is_visible()
    check(page, f"course-quiz-{name}")
    answer(page, ["Wrong answer", "When rested"])
    page.get_by_role("button", name="Submit attempt 1").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Attempt 1: 0% — not passed").is_visible()
    assert page.get_by_text("Pressure leaves room for shortcuts.").first.is_visible()
    check(page, f"course-quiz-failed-{name}")
    answer(page, ["Right answer", "When rushed or tired"])
    page.get_by_role("button", name="Submit attempt 2").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Attempt 2: 100% — passed").is_visible()

    # The code, shown prominently and on the hub.
    code = AttendanceCode.objects.get(email="lee@example.org").code
    assert page.get_by_role("heading", name="You completed every required module").is_visible()
    assert page.locator(".code-issued__code").inner_text() == code
    check(page, f"course-quiz-passed-{name}")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.get_by_text("3 of 3 required modules done.").is_visible()
    link = page.get_by_role("link", name="Enter your code")
    assert link.get_attribute("href") == f"/claim/?code={code}"
    check(page, f"course-hub-{name}")

    # The optional video: transcript only (no video file) — still accessible.
    page.goto(f"{base}/learn/everyday-bias/modules/4/")
    assert page.get_by_text("The video for this module is not available here").is_visible()
    assert page.get_by_text("Every word of the talk is here.").is_visible()
    check(page, f"course-video-{name}")

    page.goto(f"{base}/learn/")
    assert page.get_by_role("link", name=TITLE, exact=True).is_visible()
    check(page, f"course-my-learning-{name}")
    assert Reflection.objects.get().text == "I rush my afternoon patients."


def test_a_coordinator_authors_a_post_test(page, live_server, viewport):  # type: ignore[no-untyped-def]
    from tests.factories import make_activity, make_coordinator, make_offering

    name = f"{viewport['width']}px"
    course = make_activity("MOC Course", format="enduring", slug="moc-course")
    make_offering(course, "moc_abim", unit="points")
    login_as(page, live_server, make_coordinator())

    page.goto(f"{live_server.url}/coordinator/activities/moc-course/")
    page.get_by_role("link", name="Course modules").click()
    page.wait_for_load_state()
    assert page.get_by_text("This course offers MOC, so it needs a required post-test").is_visible()
    check(page, f"modules-list-{name}")

    page.get_by_role("link", name="Add a post-test").click()
    page.wait_for_load_state()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Add module").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("Title: enter a title").is_visible()
    check(page, f"module-form-error-{name}")
    page.get_by_label("Title").fill("Final post-test")
    page.get_by_role("button", name="Add module").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Final post-test", level=1).is_visible()
    check(page, f"module-form-quiz-{name}")

    page.get_by_role("link", name="Add a question").click()
    page.wait_for_load_state()
    page.get_by_label("Question", exact=True).fill("What is implicit bias?")
    page.get_by_label("Answer 1", exact=True).fill("Learned associations")
    page.get_by_label("Answer 2", exact=True).fill("A diagnosis")
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("mark exactly one answer").is_visible()
    check(page, f"question-form-error-{name}")
    page.get_by_role("radio", name="Answer 1 is correct").check()
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="What is implicit bias?").is_visible()

    page.goto(f"{live_server.url}/coordinator/activities/moc-course/modules/")
    assert page.get_by_role("link", name="Final post-test", exact=True).is_visible()
    assert page.get_by_text("needs a required post-test").count() == 0
