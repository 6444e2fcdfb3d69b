"""Authoring modules and quiz questions: the rules, and the back office screens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.learning.models import Choice, Module, ModuleKind, ModuleProgress, Question
from equitylens.learning.services.authoring import (
    VIDEO_MAX_BYTES,
    ModuleAuthoringError,
    ModuleDraft,
    QuestionDraft,
    delete_module,
    delete_question,
    moc_post_test_missing,
    move_module,
    save_module,
    save_question,
    video_file_error,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_enrollment,
    make_learner,
    make_module,
    make_offering,
    make_online_course,
    make_question,
)

pytestmark = pytest.mark.django_db
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def coordinator() -> Any:
    return make_coordinator()


@pytest.fixture
def course() -> Any:
    return make_activity(format="enduring", slug="course")


def titles(activity: Any) -> list[str]:
    return list(activity.modules.order_by("position").values_list("title", flat=True))


# --- Rules -----------------------------------------------------------------------------


def test_each_kind_names_its_missing_field(course: Any, coordinator: Any) -> None:
    cases = {
        ModuleKind.READING: ("body", "Text:"),
        ModuleKind.REFLECTION: ("prompt", "Prompt:"),
        ModuleKind.VIDEO: ("transcript", "Transcript:"),
    }
    for kind, (field, start) in cases.items():
        with pytest.raises(ModuleAuthoringError) as refused:
            save_module(course, None, ModuleDraft(kind=kind, title="A module"), coordinator)
        assert refused.value.errors[field].startswith(start)
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, None, ModuleDraft(kind=ModuleKind.READING, title=""), coordinator)
    assert "title" in refused.value.errors
    assert not Module.objects.exists()


def test_a_reading_is_added_at_the_end_and_logged(course: Any, coordinator: Any) -> None:
    make_module(course, title="First")
    module = save_module(
        course, None, ModuleDraft(kind="reading", title=" Second ", body="Text"), coordinator
    )
    assert (module.position, module.title) == (2, "Second")
    assert LogEntry.objects.filter(action="module.created").exists()


def test_live_activities_have_no_modules(coordinator: Any) -> None:
    live = make_activity()
    with pytest.raises(ModuleAuthoringError, match="Only online"):
        save_module(live, None, ModuleDraft(kind="reading", title="T", body="B"), coordinator)


def test_video_files_must_be_mp4_or_webm_within_the_size_limit() -> None:
    assert video_file_error(SimpleUploadedFile("talk.mp4", b"x")) is None
    assert video_file_error(SimpleUploadedFile("talk.WEBM", b"x")) is None
    assert "MP4 or WebM" in (video_file_error(SimpleUploadedFile("talk.avi", b"x")) or "")
    big = SimpleUploadedFile("talk.mp4", b"x")
    big.size = VIDEO_MAX_BYTES + 1
    assert "at most 200 MB" in (video_file_error(big) or "")


def test_a_self_hosted_video_needs_webvtt_captions(course: Any, coordinator: Any) -> None:
    draft = ModuleDraft(
        kind="video",
        title="Talk",
        transcript="Everything said.",
        video_file=SimpleUploadedFile("talk.mp4", b"video"),
    )
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, None, draft, coordinator)
    assert "needs a WebVTT captions file" in refused.value.errors["captions_file"]
    draft.captions_file = SimpleUploadedFile("captions.vtt", b"not captions")
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, None, draft, coordinator)
    assert "WEBVTT" in refused.value.errors["captions_file"]
    draft.captions_file = SimpleUploadedFile("captions.vtt", VTT)
    draft.video_file = SimpleUploadedFile("talk.mp4", b"video")
    module = save_module(course, None, draft, coordinator)
    assert module.video_file.name.endswith(".mp4") and module.captions_file


def test_a_video_is_a_file_or_an_embed_url_not_both(course: Any, coordinator: Any) -> None:
    draft = ModuleDraft(
        kind="video",
        title="Talk",
        transcript="T",
        video_url="https://video.example.org/embed/1",
        video_file=SimpleUploadedFile("talk.mp4", b"v"),
        captions_file=SimpleUploadedFile("c.vtt", VTT),
    )
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, None, draft, coordinator)
    assert "use one or the other" in refused.value.errors["video_url"]
    insecure = ModuleDraft(kind="video", title="T", transcript="T", video_url="http://x.org/v")
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, None, insecure, coordinator)
    assert "https://" in refused.value.errors["video_url"]


def test_a_question_needs_two_answers_and_exactly_one_correct(
    course: Any, coordinator: Any
) -> None:
    quiz = make_module(course, "knowledge_check")
    with pytest.raises(ModuleAuthoringError) as refused:
        save_question(quiz, None, QuestionDraft("Q?", "", ["Only one", ""], None), coordinator)
    assert refused.value.errors["choices"].startswith("Choices: write at least two answers")
    assert refused.value.errors["correct"].startswith("Correct answer: mark exactly one")
    with pytest.raises(ModuleAuthoringError) as refused:
        save_question(quiz, None, QuestionDraft("Q?", "", ["A", "B", ""], 2), coordinator)
    assert "empty" in refused.value.errors["correct"]
    assert not Question.objects.exists()
    question = save_question(quiz, None, QuestionDraft("Q?", "Why", ["A", "", "B"], 2), coordinator)
    assert [(c.text, c.correct) for c in question.choices.all()] == [("A", False), ("B", True)]


def test_editing_a_question_updates_choices_in_place(course: Any, coordinator: Any) -> None:
    quiz = make_module(course, "knowledge_check")
    question = make_question(quiz, choices=("A", "B", "C"))
    first_id = question.choices.get(position=1).pk
    save_question(quiz, question, QuestionDraft("New?", "", ["A2", "B2"], 1), coordinator)
    assert next(iter(question.choices.values_list("pk", "text", "correct"))) == (
        first_id,
        "A2",
        False,
    )
    assert Choice.objects.filter(question=question).count() == 2


def test_moc_needs_a_required_post_test_with_questions(coordinator: Any) -> None:
    course = make_activity(format="enduring")
    make_offering(course, "ama_pra_1")
    assert not moc_post_test_missing(course)
    make_offering(course, "moc_abim", unit="points")
    assert moc_post_test_missing(course)
    post_test = make_module(course, "post_test")
    assert moc_post_test_missing(course)
    make_question(post_test)
    assert not moc_post_test_missing(course)


def test_the_last_post_test_of_an_moc_course_cannot_be_deleted_or_made_optional(
    coordinator: Any,
) -> None:
    course = make_online_course()
    post_test = course.modules.get(kind="post_test")
    with pytest.raises(ModuleAuthoringError, match="post-test this MOC course requires"):
        delete_module(post_test, coordinator)
    draft = ModuleDraft(kind="post_test", title="Post-test", required=False)
    with pytest.raises(ModuleAuthoringError) as refused:
        save_module(course, post_test, draft, coordinator)
    assert "must stay required" in refused.value.errors["required"]
    with pytest.raises(ModuleAuthoringError, match="at least one question"):
        delete_question(post_test.questions.get(), coordinator)
    assert Module.objects.filter(pk=post_test.pk, required=True).exists()


def test_a_module_learners_worked_on_cannot_be_deleted(coordinator: Any) -> None:
    course = make_online_course()
    reading = course.modules.get(kind="reading")
    enrollment = make_enrollment(make_learner(), course)
    from django.utils import timezone

    ModuleProgress.objects.create(
        enrollment=enrollment, module=reading, completed_at=timezone.now()
    )
    with pytest.raises(ModuleAuthoringError, match="untick “Required”"):
        delete_module(reading, coordinator)


def test_deleting_closes_the_gap_and_moving_swaps(course: Any, coordinator: Any) -> None:
    a, _b, c = (make_module(course, title=t) for t in "ABC")
    move_module(c, -1, coordinator)
    assert titles(course) == ["A", "C", "B"]
    move_module(a, -1, coordinator)  # already first: nothing changes
    assert titles(course) == ["A", "C", "B"]
    delete_module(a, coordinator)
    assert list(course.modules.order_by("position").values_list("position", "title")) == [
        (1, "C"),
        (2, "B"),
    ]


# --- Back office screens ----------------------------------------------------------------


@pytest.fixture
def office(client: Client, coordinator: Any) -> Client:
    client.force_login(coordinator)
    return client


def test_only_coordinators_reach_module_authoring(client: Client, course: Any) -> None:
    url = reverse("coordinator:modules", kwargs={"slug": course.slug})
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(make_learner())
    assert client.get(url).status_code == 403


def test_live_activities_have_no_module_screen(office: Client) -> None:
    live = make_activity(slug="live")
    assert office.get(reverse("coordinator:modules", kwargs={"slug": live.slug})).status_code == 404


def test_the_list_shows_modules_and_the_moc_warning(office: Client) -> None:
    course = make_activity(format="enduring", slug="moc-course")
    make_offering(course, "moc_abim", unit="points")
    make_module(course, title="Opening reading")
    response = office.get(reverse("coordinator:modules", kwargs={"slug": course.slug}))
    text = response.content.decode()
    assert "Opening reading" in text
    assert "needs a required post-test" in text
    assert "Add a post-test" in text


def test_adding_a_reading_through_the_screen(office: Client, course: Any) -> None:
    url = reverse("coordinator:module_new", kwargs={"slug": course.slug, "kind": "reading"})
    refused = office.post(url, {"title": "Bias basics", "required": "on", "body": ""})
    assert refused.status_code == 400
    assert "Text: write the reading" in refused.content.decode()
    assert not Module.objects.exists()
    response = office.post(url, {"title": "Bias basics", "required": "on", "body": "## Hi"})
    assert response.status_code == 302
    module = Module.objects.get()
    assert (module.kind, module.title, module.body, module.required) == (
        "reading",
        "Bias basics",
        "## Hi",
        True,
    )


def test_uploading_a_video_with_a_wrong_type_is_refused_by_name(
    office: Client, course: Any
) -> None:
    url = reverse("coordinator:module_new", kwargs={"slug": course.slug, "kind": "video"})
    response = office.post(
        url,
        {
            "title": "Talk",
            "transcript": "All of it.",
            "video_file": SimpleUploadedFile("talk.mov", b"x"),
            "captions_file": SimpleUploadedFile("c.vtt", VTT),
        },
    )
    assert response.status_code == 400
    assert "upload an MP4 or WebM file; “talk.mov” is neither" in response.content.decode()
    assert not Module.objects.exists()


def test_adding_a_quiz_question_through_the_screen(office: Client, course: Any) -> None:
    quiz = make_module(course, "knowledge_check", title="Check")
    url = reverse(
        "coordinator:quiz_question_new", kwargs={"slug": course.slug, "module_id": quiz.pk}
    )
    refused = office.post(url, {"text": "Q?", "choice_1": "A", "choice_2": "B"})
    assert refused.status_code == 400
    assert "mark exactly one answer as correct" in refused.content.decode()
    response = office.post(
        url, {"text": "Q?", "choice_1": "A", "choice_2": "B", "correct": "2", "explanation": "E"}
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.choices.get(correct=True).text == "B"
    edit = office.get(
        reverse("coordinator:module_edit", kwargs={"slug": course.slug, "module_id": quiz.pk})
    )
    assert "Q?" in edit.content.decode()


def test_moving_and_deleting_through_the_screen(office: Client, course: Any) -> None:
    a, b = make_module(course, title="A"), make_module(course, title="B")
    office.post(
        reverse("coordinator:module_move", kwargs={"slug": course.slug, "module_id": b.pk}),
        {"direction": "up"},
    )
    assert titles(course) == ["B", "A"]
    url = reverse("coordinator:module_delete", kwargs={"slug": course.slug, "module_id": a.pk})
    assert "Delete “A”?" in office.get(url).content.decode()
    office.post(url)
    assert titles(course) == ["B"]


def test_every_kind_of_module_form_renders_with_its_fields(office: Client, course: Any) -> None:
    expected = {
        "video": ["Video file", "Embed URL", "Captions (WebVTT)", "Transcript"],
        "reading": ["Text"],
        "reflection": ["Prompt"],
        "knowledge_check": ["Passing score (%)", "Attempts allowed"],
        "post_test": ["Passing score (%)", "Attempts allowed"],
    }
    for kind, labels in expected.items():
        url = reverse("coordinator:module_new", kwargs={"slug": course.slug, "kind": kind})
        text = office.get(url).content.decode()
        for label in labels:
            assert f">{label}" in text, (kind, label)
    unknown = reverse("coordinator:module_new", kwargs={"slug": course.slug, "kind": "nope"})
    assert office.get(unknown).status_code == 404


def test_the_activity_edit_page_links_to_modules_and_lists_the_moc_problem(
    office: Client,
) -> None:
    course = make_activity(format="enduring", slug="draft-course", status="in_development")
    make_offering(course, "moc_abim", unit="points")
    text = office.get(reverse("coordinator:activity_edit", kwargs={"slug": course.slug})).content
    assert reverse("coordinator:modules", kwargs={"slug": course.slug}).encode() in text
    assert b"this course offers MOC, so it needs a required post-test" in text
