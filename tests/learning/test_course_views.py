"""The learner's course pages through the views: who sees what, and what each step does."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.catalog.models import Audience
from equitylens.learning.models import (
    AttendanceCode,
    CreditClaim,
    Enrollment,
    ModuleProgress,
    QuizAttempt,
    Reflection,
)
from tests.factories import (
    make_activity,
    make_enrollment,
    make_learner,
    make_module,
    make_offering,
    make_online_course,
    make_organization,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def course() -> Any:
    return make_online_course(slug="bias-course", title="Bias Course")


@pytest.fixture
def ana() -> Any:
    return make_learner(email="ana@example.org", first_name="Ana")


@pytest.fixture
def ana_client(client: Client, ana: Any) -> Client:
    client.force_login(ana)
    return client


def module_url(course: Any, position: int) -> str:
    return reverse("learning:module", kwargs={"slug": course.slug, "position": position})


def hub_url(course: Any) -> str:
    return reverse("learning:path", kwargs={"slug": course.slug})


def other_client(email: str = "ben@example.org") -> tuple[Client, Any]:
    other = Client()
    user = make_learner(email=email)
    other.force_login(user)
    return other, user


def post_test_answers(course: Any, right: bool) -> dict[str, str]:
    post_test = course.modules.get(kind="post_test")
    return {
        f"q{q.pk}": str(q.choices.filter(correct=right).first().pk)  # type: ignore[union-attr]
        for q in post_test.questions.all()
    }


# --- Start ---------------------------------------------------------------------------------


def test_start_enrolls_and_opens_the_first_module(
    ana_client: Client, ana: Any, course: Any
) -> None:
    response = ana_client.post(reverse("learning:start", kwargs={"slug": course.slug}))
    assert response.status_code == 302 and response["Location"] == module_url(course, 1)
    assert Enrollment.objects.filter(user=ana, activity=course).count() == 1
    again = ana_client.post(reverse("learning:start", kwargs={"slug": course.slug}))
    assert again["Location"] == module_url(course, 1)
    assert Enrollment.objects.filter(user=ana).count() == 1


def test_start_is_post_only_and_needs_sign_in(client: Client, course: Any) -> None:
    url = reverse("learning:start", kwargs={"slug": course.slug})
    assert client.post(url).status_code == 302
    assert not Enrollment.objects.exists()
    client.force_login(make_learner())
    assert client.get(url).status_code == 405


def test_start_refused_says_why_on_the_activity_page(ana_client: Client) -> None:
    internal = make_online_course(
        slug="internal", audience=Audience.INTERNAL, internal_to=(make_organization("Riverbend"),)
    )
    response = ana_client.post(
        reverse("learning:start", kwargs={"slug": internal.slug}), follow=True
    )
    assert "open only to its intended audience" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_live_activity_start_goes_to_the_hub(ana_client: Client) -> None:
    live = make_activity(slug="live", starts_on=timezone.localdate())
    make_offering(live)
    response = ana_client.post(reverse("learning:start", kwargs={"slug": live.slug}))
    assert response["Location"] == hub_url(live)


# --- Activity page --------------------------------------------------------------------


def test_activity_page_offers_start_then_resume(ana_client: Client, ana: Any, course: Any) -> None:
    page = reverse("catalog:activity", kwargs={"slug": course.slug})
    text = ana_client.get(page).content.decode()
    assert reverse("learning:start", kwargs={"slug": course.slug}) in text
    assert "Start the course" in text
    enrollment = make_enrollment(ana, course)
    ModuleProgress.objects.create(
        enrollment=enrollment, module=course.modules.get(position=1), completed_at=timezone.now()
    )
    text = ana_client.get(page).content.decode()
    assert "Start the course" not in text
    assert f'href="{module_url(course, 2)}">Resume' in text


def test_live_activity_page_offers_code_entry(ana_client: Client) -> None:
    live = make_activity(slug="live-one")
    make_offering(live)
    text = ana_client.get(reverse("catalog:activity", kwargs={"slug": live.slug})).content
    assert b"Have an attendance code? Enter it" in text
    assert b"Start the course" not in text


# --- Hub and my learning -------------------------------------------------------------------


def test_the_hub_is_for_the_enrolled_learner(ana_client: Client, ana: Any, course: Any) -> None:
    assert ana_client.get(hub_url(course))["Location"] == reverse(
        "catalog:activity", kwargs={"slug": course.slug}
    )
    assert ana_client.get("/learn/no-such-course/").status_code == 404
    make_enrollment(ana, course)
    response = ana_client.get(hub_url(course))
    text = response.content.decode()
    assert "0 of 3 required modules done" in text
    assert "Your code is issued when you complete every required module" in text
    assert 'aria-current="step"' in text


def test_the_hub_shows_the_code_with_a_prefilled_entry_link(
    ana_client: Client, ana: Any, course: Any
) -> None:
    enrollment = make_enrollment(ana, course, modules_completed_at=timezone.now())
    AttendanceCode.objects.create(
        code="ABCDEF",
        activity=course,
        kind="personal",
        source="course_completion",
        email=ana.email,
        enrollment=enrollment,
        valid_from=timezone.now(),
    )
    text = ana_client.get(hub_url(course)).content.decode()
    assert "ABCDEF" in text
    assert f"{reverse('learning:enter_code')}?code=ABCDEF" in text


def test_the_hub_links_the_certificate_once_claimed(
    ana_client: Client, ana: Any, course: Any
) -> None:
    from equitylens.credentials.models import Certificate

    now = timezone.now()
    enrollment = make_enrollment(
        ana, course, status="claimed", modules_completed_at=now, code_verified_at=now,
        evaluated_at=now, claimed_at=now,
    )  # fmt: skip
    claim = CreditClaim.objects.create(
        enrollment=enrollment, user=ana, activity=course, completed_on=now.date()
    )
    Certificate.objects.create(
        claim=claim, number="EL-TEST-1", learner_name="Ana", activity_title=course.title,
        activity_type="Enduring material", completion_text="today", provider_name="P",
        accreditation_statement="A", designation_statement="D",
    )  # fmt: skip
    text = ana_client.get(hub_url(course)).content.decode()
    assert reverse("credentials:certificate", kwargs={"number": "EL-TEST-1"}) in text
    assert "participation record is final" in text


def test_my_learning_lists_only_my_enrollments(ana_client: Client, ana: Any, course: Any) -> None:
    make_enrollment(ana, course)
    other = make_online_course(slug="other-course", title="Someone Else's Course")
    make_enrollment(make_learner(), other)
    text = ana_client.get(reverse("learning:my_learning")).content.decode()
    assert "Bias Course" in text and "Someone Else" not in text
    assert module_url(course, 1) in text


# --- Modules -------------------------------------------------------------------------------


def test_modules_are_only_for_enrolled_learners(ana: Any, course: Any) -> None:
    make_enrollment(ana, course)
    other, _ = other_client()
    assert other.get(module_url(course, 1)).status_code == 404
    assert other.post(module_url(course, 1), {"action": "complete"}).status_code == 404
    assert not ModuleProgress.objects.exists()


def test_mark_complete_and_continue(ana_client: Client, ana: Any, course: Any) -> None:
    enrollment = make_enrollment(ana, course)
    page = ana_client.get(module_url(course, 1))
    assert "Module 1 of 3" in page.content.decode()
    assert "Mark complete and continue" in page.content.decode()
    response = ana_client.post(module_url(course, 1), {"action": "complete"})
    assert response["Location"] == module_url(course, 2)
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 1
    enrollment.refresh_from_db()
    assert enrollment.last_module == course.modules.get(position=1)


def test_reading_markdown_is_rendered_safely(ana_client: Client, ana: Any) -> None:
    course = make_online_course(slug="md")
    reading = course.modules.get(position=1)
    reading.body = "## Why it matters\n\n**Bias** <script>alert(1)</script>"
    reading.save()
    make_enrollment(ana, course)
    text = ana_client.get(module_url(course, 1)).content.decode()
    assert "<h3>Why it matters</h3>" in text and "<strong>Bias</strong>" in text
    assert "alert(1)" not in text


def test_an_empty_reflection_is_refused_with_a_linked_message(
    ana_client: Client, ana: Any, course: Any
) -> None:
    make_enrollment(ana, course)
    response = ana_client.post(module_url(course, 2), {"reflection": "  "})
    text = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="reflection-prompt reflection-privacy reflection-error"' in text
    assert "write at least a sentence" in text
    assert not Reflection.objects.exists()


def test_a_reflection_is_visible_only_to_its_author(
    ana_client: Client, ana: Any, course: Any
) -> None:
    make_enrollment(ana, course)
    ana_client.post(module_url(course, 2), {"reflection": "I assumed he would not follow up."})
    assert (
        "I assumed he would not follow up."
        in ana_client.get(module_url(course, 2)).content.decode()
    )
    other, ben = other_client()
    make_enrollment(ben, course)
    assert b"I assumed" not in other.get(module_url(course, 2)).content


def test_an_unanswered_quiz_keeps_answers_and_names_the_question(
    ana_client: Client, ana: Any, course: Any
) -> None:
    make_enrollment(ana, course)
    post_test = course.modules.get(kind="post_test")
    from tests.factories import make_question

    make_question(post_test, "Second question?")
    answers = post_test_answers(course, right=True)
    first_key = next(iter(answers))
    partial = {first_key: answers[first_key], "attempt": "1"}
    response = ana_client.post(module_url(course, 3), partial)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Question 2: choose an answer." in text
    assert f'value="{answers[first_key]}" checked' in text
    assert not QuizAttempt.objects.exists()


def test_failing_then_passing_the_post_test_shows_results_and_the_code(
    ana_client: Client, ana: Any, course: Any
) -> None:
    enrollment = make_enrollment(ana, course)
    ana_client.post(module_url(course, 1), {"action": "complete"})
    ana_client.post(module_url(course, 2), {"reflection": "Noted."})
    failed = ana_client.post(
        module_url(course, 3), {**post_test_answers(course, right=False), "attempt": "1"}
    )
    assert failed["Location"] == f"{module_url(course, 3)}?attempt=1#results"
    text = ana_client.get(f"{module_url(course, 3)}?attempt=1").content.decode()
    assert "Attempt 1: 0% — not passed" in text and "2 left" in text
    # A double submit of attempt 1 does not use up attempt 2.
    ana_client.post(
        module_url(course, 3), {**post_test_answers(course, right=False), "attempt": "1"}
    )
    assert QuizAttempt.objects.count() == 1
    passed = ana_client.post(
        module_url(course, 3), {**post_test_answers(course, right=True), "attempt": "2"}
    )
    page = ana_client.get(passed["Location"]).content.decode()
    code = AttendanceCode.objects.get(enrollment=enrollment).code
    assert "Attempt 2: 100% — passed" in page
    assert "You completed every required module" in page and code in page
    # The prominent panel shows once; the hub keeps the code in its step.
    hub = ana_client.get(hub_url(course)).content.decode()
    assert "You completed every required module" not in hub and code in hub


def test_completing_the_last_module_shows_the_code_on_the_hub(ana_client: Client, ana: Any) -> None:
    course = make_online_course(slug="reading-last")
    enrollment = make_enrollment(ana, course)
    reading = course.modules.get(position=1)
    post_test = course.modules.get(kind="post_test")
    now = timezone.now()
    ModuleProgress.objects.create(enrollment=enrollment, module=post_test, completed_at=now)
    ModuleProgress.objects.create(
        enrollment=enrollment, module=course.modules.get(kind="reflection"), completed_at=now
    )
    response = ana_client.post(module_url(course, reading.position), {"action": "complete"})
    assert response["Location"] == hub_url(course)
    text = ana_client.get(hub_url(course)).content.decode()
    code = AttendanceCode.objects.get().code
    assert "You completed every required module" in text and code in text


def test_after_the_evaluation_the_module_page_says_it_earns_nothing_more(
    ana_client: Client, ana: Any, course: Any
) -> None:
    make_enrollment(ana, course, evaluated_at=timezone.now(), status="evaluated")
    text = ana_client.get(module_url(course, 1)).content.decode()
    assert "completing it now earns no further credit" in text


def test_video_media_is_served_only_to_enrolled_learners(ana_client: Client, ana: Any) -> None:
    course = make_online_course(slug="video-course")
    video = make_module(course, "video", title="Talk", transcript="Every word.")
    video.video_file.save("talk.mp4", ContentFile(b"fake-mp4"))
    video.captions_file.save("talk.vtt", ContentFile(b"WEBVTT\n"))
    make_enrollment(ana, course)
    page = ana_client.get(module_url(course, video.position)).content.decode()
    media = reverse(
        "learning:module_media",
        kwargs={"slug": course.slug, "position": video.position, "what": "video"},
    )
    assert f'src="{media}"' in page and '<track kind="captions"' in page and "Every word." in page
    response = ana_client.get(media)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"fake-mp4"
    captions = ana_client.get(media.replace("/video/", "/captions/"))
    assert captions["Content-Type"] == "text/vtt"
    other, _ = other_client()
    assert other.get(media).status_code == 404
    partial = ana_client.get(media, headers={"Range": "bytes=2-4"})
    assert partial.status_code == 206 and partial.content == b"ke-"
    assert partial["Content-Range"] == "bytes 2-4/8"
    assert ana_client.get(media, headers={"Range": "bytes=99-"}).status_code == 416


def test_byte_ranges_are_read_as_players_send_them() -> None:
    from equitylens.learning.views.courses import RANGE_CHUNK, byte_range

    assert byte_range("bytes=0-", 100) == (0, 99)
    assert byte_range("bytes=10-19", 100) == (10, 19)
    assert byte_range("bytes=-10", 100) == (90, 99)
    assert byte_range("bytes=50-500", 100) == (50, 99)
    assert byte_range("bytes=100-", 100) is None
    assert byte_range("bytes=0-1,5-6", 100) is None
    assert byte_range("bytes=0-", 10 * RANGE_CHUNK) == (0, RANGE_CHUNK - 1)


def test_a_video_without_a_source_says_the_transcript_carries_it(
    ana_client: Client, ana: Any
) -> None:
    course = make_online_course(slug="no-video")
    video = make_module(course, "video", title="Talk", transcript="All the content.")
    make_enrollment(ana, course)
    text = ana_client.get(module_url(course, video.position)).content.decode()
    assert "The video for this module is not available here" in text
    assert "All the content." in text and "<video" not in text


def test_an_embedded_video_is_allowed_by_the_page_csp(ana_client: Client, ana: Any) -> None:
    course = make_online_course(slug="embed")
    video = make_module(
        course, "video", title="Talk", transcript="T", video_url="https://player.example.net/v/1"
    )
    make_enrollment(ana, course)
    response = ana_client.get(module_url(course, video.position))
    assert 'title="Video: Talk"' in response.content.decode()
    assert "frame-src https://player.example.net" in response["Content-Security-Policy"]
    other_page = ana_client.get(module_url(course, 1))
    assert "player.example.net" not in other_page["Content-Security-Policy"]
