"""The coordinator authors an online course's modules and quiz questions.

Every function validates first and changes nothing when it refuses: it raises
ModuleAuthoringError whose `errors` map each form field to what is wrong and how to
fix it. Every change is logged. Rule across modules: an activity that offers MOC
needs a required post-test with questions (`moc_post_test_missing`); the catalog
refuses to open an online course without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import (
    Choice,
    Module,
    ModuleKind,
    ModuleProgress,
    Question,
    QuizAttempt,
)

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
VIDEO_MAX_BYTES = 200 * 1024 * 1024
CAPTIONS_MAX_BYTES = 2 * 1024 * 1024
QUIZ_KINDS = (ModuleKind.KNOWLEDGE_CHECK, ModuleKind.POST_TEST)


class ModuleAuthoringError(Exception):
    """Refused; `errors` maps a field name ("" for the whole form) to the message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class ModuleDraft:
    """What the coordinator entered for a module (files are new uploads, or None)."""

    kind: str
    title: str
    required: bool = True
    body: str = ""
    video_url: str = ""
    video_file: UploadedFile | None = None
    remove_video_file: bool = False
    captions_file: UploadedFile | None = None
    transcript: str = ""
    prompt: str = ""
    passing_score: int = 80
    max_attempts: int = 3


def moc_post_test_missing(activity: Activity) -> bool:
    """True when `activity` offers MOC but has no required post-test with questions."""
    if not any(offering.is_moc for offering in activity.credit_offerings.all()):
        return False
    return not activity.modules.filter(
        kind=ModuleKind.POST_TEST, required=True, questions__isnull=False
    ).exists()


def course_problems(activity: Activity) -> list[str]:
    """Module problems that keep an online course from opening, each naming the fix."""
    if not activity.is_enduring:
        return []
    problems = []
    if moc_post_test_missing(activity):
        problems.append(
            "Modules: this course offers MOC, so it needs a required post-test with at "
            "least one question. Add one under Modules."
        )
    for module in activity.modules.filter(kind__in=QUIZ_KINDS, questions__isnull=True):
        problems.append(f"Modules: “{module.title}” has no questions; add at least one.")
    return problems


def video_file_error(upload: UploadedFile) -> str | None:
    """Why an uploaded video is refused (type or size), else None."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in VIDEO_TYPES:
        return f"Video file: upload an MP4 or WebM file; “{upload.name}” is neither."
    if upload.size is not None and upload.size > VIDEO_MAX_BYTES:
        size_mb = upload.size / (1024 * 1024)
        return f"Video file: at most 200 MB; this file is {size_mb:.0f} MB. Compress it first."
    return None


def captions_file_error(upload: UploadedFile) -> str | None:
    """Why an uploaded captions file is refused (must be WebVTT), else None."""
    if PurePath(upload.name or "").suffix.lower() != ".vtt":
        return f"Captions: upload a WebVTT file ending in .vtt; “{upload.name}” is not one."
    if upload.size is not None and upload.size > CAPTIONS_MAX_BYTES:
        return "Captions: at most 2 MB."
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return "Captions: the file does not start with “WEBVTT”; export captions as WebVTT."
    return None


def module_errors(draft: ModuleDraft, module: Module | None = None) -> dict[str, str]:
    """Everything wrong with `draft` for its kind, by field (empty when it may be saved)."""
    errors: dict[str, str] = {}
    if draft.kind not in ModuleKind.values:
        errors["kind"] = "Kind: choose video, reading, reflection, knowledge check or post-test."
        return errors
    if not draft.title.strip():
        errors["title"] = "Title: enter a title learners will see in the list of modules."
    elif len(draft.title.strip()) > 200:
        errors["title"] = f"Title: at most 200 characters; yours has {len(draft.title.strip())}."
    if draft.kind == ModuleKind.VIDEO:
        errors.update(_video_errors(draft, module))
    elif draft.kind == ModuleKind.READING and not draft.body.strip():
        errors["body"] = "Text: write the reading (Markdown is allowed)."
    elif draft.kind == ModuleKind.REFLECTION and not draft.prompt.strip():
        errors["prompt"] = "Prompt: write the question learners answer privately."
    elif draft.kind in QUIZ_KINDS:
        if not 0 <= draft.passing_score <= 100:
            errors["passing_score"] = "Passing score: enter a percentage from 0 to 100."
        if draft.max_attempts < 0:
            errors["max_attempts"] = "Attempts allowed: enter 0 (unlimited) or more."
    return errors


def _video_errors(draft: ModuleDraft, module: Module | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    has_file = draft.video_file is not None or (
        module is not None and bool(module.video_file) and not draft.remove_video_file
    )
    if draft.video_file is not None and (problem := video_file_error(draft.video_file)):
        errors["video_file"] = problem
    if draft.video_url and not draft.video_url.startswith("https://"):
        errors["video_url"] = (
            "Embed URL: use the https:// address the video site gives for embedding."
        )
    if has_file and draft.video_url:
        errors["video_url"] = (
            "Embed URL: leave it empty when you upload a video file (use one or the other)."
        )
    if draft.captions_file is not None and (problem := captions_file_error(draft.captions_file)):
        errors["captions_file"] = problem
    has_captions = draft.captions_file is not None or (
        module is not None and bool(module.captions_file)
    )
    if has_file and not has_captions and "captions_file" not in errors:
        errors["captions_file"] = "Captions: a self-hosted video needs a WebVTT captions file."
    if not draft.transcript.strip():
        errors["transcript"] = (
            "Transcript: paste the full transcript; learners read it beside the video."
        )
    return errors


@transaction.atomic
def save_module(activity: Activity, module: Module | None, draft: ModuleDraft, by: Any) -> Module:
    """Create a module at the end of `activity`'s course, or update `module`.

    Only enduring activities have modules. The kind is fixed once created. Making
    the last required post-test optional on an MOC activity is refused.
    """
    if not activity.is_enduring:
        raise ModuleAuthoringError({"": "Only online (enduring) courses have modules."})
    if module is not None and draft.kind != module.kind:
        draft.kind = module.kind
    errors = module_errors(draft, module)
    if (
        module is not None
        and module.kind == ModuleKind.POST_TEST
        and not draft.required
        and _is_last_moc_post_test(module)
    ):
        errors["required"] = "Required: an MOC course's post-test must stay required."
    if errors:
        raise ModuleAuthoringError(errors)
    creating = module is None
    if module is None:
        module = Module(activity=activity, kind=draft.kind, position=_next_position(activity))
    module.title = draft.title.strip()
    module.required = draft.required
    module.body = draft.body.strip()
    if module.kind == ModuleKind.VIDEO:
        _apply_video(module, draft)
    module.prompt = draft.prompt.strip() if module.kind == ModuleKind.REFLECTION else ""
    if module.kind in QUIZ_KINDS:
        module.passing_score = draft.passing_score
        module.max_attempts = draft.max_attempts
    module.save()
    log_action(
        by,
        "module.created" if creating else "module.changed",
        activity,
        module=module.pk,
        title=module.title,
    )
    return module


def _apply_video(module: Module, draft: ModuleDraft) -> None:
    if draft.remove_video_file and module.video_file:
        module.video_file.delete(save=False)
        module.video_file = ""
    if draft.video_file is not None:
        module.video_file.save(draft.video_file.name or "video", draft.video_file, save=False)
    if draft.captions_file is not None:
        module.captions_file.save("captions.vtt", draft.captions_file, save=False)
    module.video_url = draft.video_url.strip()
    module.transcript = draft.transcript.strip()


def _next_position(activity: Activity) -> int:
    highest = activity.modules.aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


def _is_last_moc_post_test(module: Module) -> bool:
    activity = module.activity
    if not any(o.is_moc for o in activity.credit_offerings.all()):
        return False
    others = activity.modules.filter(kind=ModuleKind.POST_TEST, required=True).exclude(pk=module.pk)
    return not others.exists()


@transaction.atomic
def delete_module(module: Module, by: Any) -> None:
    """Delete a module learners have not worked on, and close the gap in positions.

    Refused for the last post-test of an MOC course and for a module with learner
    progress (make it optional instead, so their records stay intact).
    """
    if module.kind == ModuleKind.POST_TEST and _is_last_moc_post_test(module):
        raise ModuleAuthoringError(
            {
                "": f"“{module.title}” is the post-test this MOC course requires; add another "
                "post-test before deleting it."
            }
        )
    worked_on = (
        ModuleProgress.objects.filter(module=module).exists()
        or QuizAttempt.objects.filter(module=module).exists()
    )
    if worked_on:
        raise ModuleAuthoringError(
            {
                "": f"Learners have already worked on “{module.title}”; untick “Required” "
                "instead of deleting it, so their records stay intact."
            }
        )
    activity = module.activity
    log_action(by, "module.deleted", activity, module=module.pk, title=module.title)
    module.delete()
    _renumber(activity.modules.order_by("position"))


def move_module(module: Module, offset: int, by: Any) -> None:
    """Move a module up (-1) or down (+1) in its course; at either end nothing changes."""
    with transaction.atomic():
        moved = _swap(module.activity.modules.order_by("position"), module, offset)
        if moved:
            log_action(by, "module.moved", module.activity, module=module.pk, offset=offset)


def _swap(ordered: QuerySet[Any], item: Any, offset: int) -> bool:
    items = list(ordered.select_for_update())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber_items(items)
    return True


def _renumber(ordered: QuerySet[Any]) -> None:
    _renumber_items(list(ordered))


def _renumber_items(items: list[Any]) -> None:
    # Positions are unique per parent: park everything above the range first.
    parked = len(items) + 1000
    for n, item in enumerate(items):
        type(item).objects.filter(pk=item.pk).update(position=parked + n)
    for n, item in enumerate(items, start=1):
        type(item).objects.filter(pk=item.pk).update(position=n)
        item.position = n


@dataclass
class QuestionDraft:
    text: str
    explanation: str
    choices: list[str]  # in order; blank rows are ignored
    correct: int | None  # index into `choices` of the right answer


def question_errors(draft: QuestionDraft) -> dict[str, str]:
    """What is wrong with a question, by field: text, and 2+ choices with exactly one correct."""
    errors: dict[str, str] = {}
    if not draft.text.strip():
        errors["text"] = "Question: write the question."
    filled = [i for i, text in enumerate(draft.choices) if text.strip()]
    if len(filled) < 2:
        errors["choices"] = f"Choices: write at least two answers; you wrote {len(filled)}."
    elif any(len(draft.choices[i].strip()) > 400 for i in filled):
        errors["choices"] = "Choices: each answer is at most 400 characters."
    if draft.correct is None:
        errors["correct"] = "Correct answer: mark exactly one answer as correct."
    elif draft.correct not in filled:
        errors["correct"] = (
            "Correct answer: the answer marked correct is empty; mark a written one."
        )
    return errors


@transaction.atomic
def save_question(
    module: Module, question: Question | None, draft: QuestionDraft, by: Any
) -> Question:
    """Create a question at the end of a quiz module, or update one, with its choices.

    Choices are updated in place by position so earlier attempts keep their meaning
    as far as possible; rows beyond the new list are removed.
    """
    if not module.is_quiz:
        raise ModuleAuthoringError({"": "Only knowledge checks and post-tests have questions."})
    errors = question_errors(draft)
    if errors:
        raise ModuleAuthoringError(errors)
    creating = question is None
    if question is None:
        highest = module.questions.aggregate(highest=Max("position"))["highest"] or 0
        question = Question(module=module, position=highest + 1)
    question.text = draft.text.strip()
    question.explanation = draft.explanation.strip()
    question.save()
    texts = [
        (text.strip(), i == draft.correct) for i, text in enumerate(draft.choices) if text.strip()
    ]
    existing = list(question.choices.order_by("position"))
    for position, (text, correct) in enumerate(texts, start=1):
        if position <= len(existing):
            choice = existing[position - 1]
            choice.text, choice.correct = text, correct
            choice.save(update_fields=["text", "correct"])
        else:
            Choice.objects.create(question=question, position=position, text=text, correct=correct)
    for choice in existing[len(texts) :]:
        choice.delete()
    log_action(
        by,
        "question.created" if creating else "question.changed",
        module.activity,
        module=module.pk,
        question=question.pk,
    )
    return question


@transaction.atomic
def delete_question(question: Question, by: Any) -> None:
    """Delete a question; the last question of an MOC course's post-test stays."""
    module = question.module
    if (
        module.kind == ModuleKind.POST_TEST
        and module.questions.count() == 1
        and _is_last_moc_post_test(module)
    ):
        raise ModuleAuthoringError(
            {
                "": "This MOC course's post-test needs at least one question; add another "
                "before deleting this one."
            }
        )
    log_action(by, "question.deleted", module.activity, module=module.pk, question=question.pk)
    question.delete()
    _renumber(module.questions.order_by("position"))


def move_question(question: Question, offset: int, by: Any) -> None:
    """Move a question up (-1) or down (+1) within its quiz."""
    with transaction.atomic():
        module = question.module
        if _swap(module.questions.order_by("position"), question, offset):
            log_action(by, "question.moved", module.activity, question=question.pk, offset=offset)
