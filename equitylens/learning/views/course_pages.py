"""What the learner's course pages show: the hub's steps and one module's context.

Words and states only; the rules (what is complete, when a code is issued) live in
learning.services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from equitylens.learning.models import AttendanceCode, Enrollment, Module, ModuleKind
from equitylens.learning.services.enrollments import evaluation_blocker
from equitylens.learning.services.progress import (
    CourseProgress,
    attempts_left,
    course_code,
    course_progress,
    quiz_attempts,
    reflection_text,
    resume_module,
)
from equitylens.learning.views.links import enrollment_links

DONE, CURRENT, LATER = "done", "current", "later"
STATE_LABELS = {DONE: "Done", CURRENT: "Next step", LATER: "Not yet"}


@dataclass
class Step:
    title: str
    state: str = LATER
    detail: str = ""
    link_url: str = ""
    link_label: str = ""
    code: str = ""
    modules: list[Any] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def _day(moment: Any) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return f"{local:%b} {local.day}, {local.year}"


def _module_link(module: Module) -> str:
    return reverse(
        "learning:module", kwargs={"slug": module.activity.slug, "position": module.position}
    )


def hub_steps(
    enrollment: Enrollment, progress: CourseProgress | None, code: AttendanceCode | None
) -> list[Step]:
    """The steps to credit, in order, each done / the next step / not yet."""
    steps: list[Step] = []
    if progress is not None:
        step = Step("Complete the modules", modules=progress.modules)
        step.detail = (
            f"{progress.required_done} of {progress.required_total} required modules done."
        )
        target = resume_module(enrollment)
        if progress.all_required_done or enrollment.modules_completed_at:
            step.state = DONE
            if target:
                step.link_url, step.link_label = _module_link(target), "Review the modules"
        elif target:
            step.link_url = _module_link(target)
            step.link_label = f"Continue with “{target.title}”"
        steps.append(step)
    steps.append(_code_step(enrollment, code))
    evaluation = Step("Evaluate the activity")
    if enrollment.evaluated_at:
        evaluation.detail = f"Submitted on {_day(enrollment.evaluated_at)}."
    elif evaluation_blocker(enrollment) is None:
        evaluation.link_url = enrollment_links(enrollment).evaluation
        evaluation.link_label = "Evaluate the activity"
    else:
        evaluation.detail = "Available once your attendance code is verified."
    evaluation.state = DONE if enrollment.evaluated_at else LATER
    steps.append(evaluation)
    claim = Step("Claim your credit", state=DONE if enrollment.claimed_at else LATER)
    if enrollment.claimed_at:
        claim.detail = f"Claimed on {_day(enrollment.claimed_at)}."
    elif enrollment.evaluated_at:
        claim.link_url = enrollment_links(enrollment).claim
        claim.link_label = "Claim your credit"
    else:
        claim.detail = "Available after the evaluation."
    steps.append(claim)
    certificate = Step("Download your certificate")
    number = _certificate_number(enrollment)
    if number:
        certificate.state = DONE
        certificate.link_url = reverse("credentials:certificate", kwargs={"number": number})
        certificate.link_label = f"Certificate {number} (PDF)"
    else:
        certificate.detail = "Your certificate appears here once you claim credit."
    steps.append(certificate)
    for step in steps:
        if step.state != DONE:
            step.state = CURRENT
            break
    return steps


def _code_step(enrollment: Enrollment, code: AttendanceCode | None) -> Step:
    step = Step("Enter your attendance verification code")
    if enrollment.code_verified_at:
        step.state = DONE
        step.detail = f"Verified on {_day(enrollment.code_verified_at)}."
        return step
    enter = reverse("learning:enter_code")
    if code is not None:
        step.code = code.code
        step.detail = "Your code (also sent to you by e-mail):"
        step.link_url = f"{enter}?{urlencode({'code': code.code})}"
        step.link_label = "Enter your code"
    elif enrollment.activity.is_enduring:
        step.detail = "Your code is issued when you complete every required module."
    else:
        step.detail = "Enter the code shown at the end of the session."
        step.link_url, step.link_label = enter, "Enter a code"
    return step


def _certificate_number(enrollment: Enrollment) -> str:
    claim = getattr(enrollment, "claim", None) if enrollment.claimed_at else None
    certificate = getattr(claim, "certificate", None) if claim else None
    return certificate.number if certificate else ""


def module_page_context(
    enrollment: Enrollment, module: Module, shown_attempt: str | None
) -> dict[str, Any]:
    """Everything module.html needs for `module`, as seen by this learner."""
    progress = course_progress(enrollment)
    modules = [state.module for state in progress.modules]
    index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
    completed = progress.modules[index].completed
    context: dict[str, Any] = {
        "enrollment": enrollment,
        "activity": enrollment.activity,
        "module": module,
        "progress": progress,
        "number": index + 1,
        "count": len(modules),
        "completed": completed,
        "locked": enrollment.is_locked,
        "previous": modules[index - 1] if index > 0 else None,
        "next": modules[index + 1] if index + 1 < len(modules) else None,
        "code": course_code(enrollment) if enrollment.modules_completed_at else None,
    }
    if module.kind == ModuleKind.VIDEO:
        context["video_src"] = _media_url(module, "video") if module.video_file else ""
        context["captions_src"] = _media_url(module, "captions") if module.captions_file else ""
    if module.kind == ModuleKind.REFLECTION:
        context["reflection"] = reflection_text(enrollment, module)
    if module.is_quiz:
        context.update(_quiz_context(enrollment, module, shown_attempt))
    return context


def _media_url(module: Module, what: str) -> str:
    return reverse(
        "learning:module_media",
        kwargs={"slug": module.activity.slug, "position": module.position, "what": what},
    )


def _quiz_context(enrollment: Enrollment, module: Module, shown: str | None) -> dict[str, Any]:
    questions = list(module.questions.prefetch_related("choices"))
    attempts = quiz_attempts(enrollment, module)
    passed = next((a for a in attempts if a.passed), None)
    left = attempts_left(module, len(attempts))
    result = None
    if shown and shown.isdigit():
        result = next((a for a in attempts if a.number == int(shown)), None)
    reveal = passed is not None or left == 0
    review = []
    if result is not None:
        for number, question in enumerate(questions, start=1):
            chosen_id = result.answers.get(str(question.pk))
            choices = list(question.choices.all())
            chosen = next((c for c in choices if c.pk == chosen_id), None)
            right = next((c for c in choices if c.correct), None)
            review.append(
                {
                    "number": number,
                    "question": question,
                    "chosen": chosen,
                    "is_correct": bool(chosen and chosen.correct),
                    "right": right if reveal else None,
                }
            )
    return {
        "questions": questions,
        "attempts": attempts,
        "attempts_used": len(attempts),
        "attempts_left": left,
        "passed_attempt": passed,
        "may_try": passed is None and left != 0,
        "next_attempt": len(attempts) + 1,
        "result": result,
        "review": review,
    }


def quiz_rows(
    questions: list[Any], selected: dict[str, str], errors: dict[int, str]
) -> list[dict[str, Any]]:
    """The quiz form's questions, each with its choices (and whether each is ticked,
    after a refused submission) and its error message."""
    rows = []
    for question in questions:
        picked = selected.get(f"q{question.pk}", "")
        rows.append(
            {
                "question": question,
                "choices": [(c, str(c.pk) == picked) for c in question.choices.all()],
                "error": errors.get(question.pk, ""),
            }
        )
    return rows
