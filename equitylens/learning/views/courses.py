"""The learner's pages: my learning, the hub for one activity, starting, course modules.

Every page shows only the signed-in learner's own enrollment: the URLs name the
activity, never an enrollment, and each view looks the enrollment up by
(request.user, activity). The rules live in learning.services.
"""

from __future__ import annotations

import mimetypes
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import is_coordinator
from equitylens.catalog.models import Activity
from equitylens.learning.models import Enrollment, Module, ModuleKind
from equitylens.learning.services.enrollments import LearningRuleError, start_enrollment
from equitylens.learning.services.progress import (
    Completion,
    QuizAnswerError,
    course_code,
    course_progress,
    note_module_opened,
    resume_module,
    save_reflection,
    submit_quiz,
)
from equitylens.learning.services.progress import (
    complete_module as complete_module_service,
)
from equitylens.learning.views.course_pages import hub_steps, module_page_context, quiz_rows
from equitylens.learning.views.links import enrollment_links

CODE_JUST_ISSUED = "learning.code_just_issued"


def _learner(request: HttpRequest) -> Any:
    """The signed-in user (the views are login_required)."""
    return request.user


def _own_enrollment(
    request: HttpRequest, slug: str, session_pk: int | None = None
) -> Enrollment | None:
    """The learner's enrollment in `slug`: activity-wide, or for one series session."""
    return (
        Enrollment.objects.select_related("activity", "user", "last_module")
        .filter(user=_learner(request), activity__slug=slug, session=session_pk)
        .first()
    )


def _activity_page(slug: str) -> HttpResponse:
    return redirect("catalog:activity", slug=slug)


def module_url(module: Module) -> str:
    return reverse(
        "learning:module", kwargs={"slug": module.activity.slug, "position": module.position}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def my_learning(request: HttpRequest) -> HttpResponse:
    """The learner's enrollments, newest first, each with where to continue."""
    rows = []
    for enrollment in Enrollment.objects.filter(user=_learner(request)).select_related(
        "activity", "last_module"
    ):
        target = None
        if enrollment.activity.is_enduring and enrollment.modules_completed_at is None:
            target = resume_module(enrollment)
        rows.append(
            {
                "enrollment": enrollment,
                "continue_url": module_url(target) if target else enrollment_links(enrollment).path,
                "continue_label": "Resume" if target else "Next steps",
            }
        )
    return render(request, "learning/course/my_learning.html", {"rows": rows})


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Start" on the activity page: enroll (or find the enrollment) and go to work."""
    activity = get_object_or_404(Activity, slug=slug)
    try:
        enrollment, created = start_enrollment(request.user, activity)
    except LearningRuleError as error:
        messages.error(request, str(error))
        return _activity_page(slug)
    if created:
        messages.success(request, f"You have started “{activity.title}”.")
    if activity.is_enduring:
        target = resume_module(enrollment)
        if target is not None:
            return redirect(module_url(target))
    return redirect("learning:path", slug=slug)


@login_required
@require_http_methods(["GET", "HEAD"])
def path(request: HttpRequest, slug: str, session_pk: int | None = None) -> HttpResponse:
    """The learner's hub for one activity (or one series session): each step to credit.

    A series learner who has only per-session enrollments is sent to their series page.
    """
    enrollment = _own_enrollment(request, slug, session_pk)
    if enrollment is None:
        get_object_or_404(Activity, slug=slug)
        if session_pk is not None:
            raise Http404("No enrollment of yours for this session.")
        if Enrollment.objects.filter(user=_learner(request), activity__slug=slug).exists():
            return redirect("live:series", slug=slug)
        return _activity_page(slug)
    just_issued = request.session.pop(CODE_JUST_ISSUED, None) == enrollment.pk
    progress = course_progress(enrollment) if enrollment.activity.is_enduring else None
    code = course_code(enrollment)
    return render(
        request,
        "learning/course/path.html",
        {
            "enrollment": enrollment,
            "activity": enrollment.activity,
            "progress": progress,
            "code": code,
            "code_just_issued": just_issued and code is not None,
            "steps": hub_steps(enrollment, progress, code),
            "resume": resume_module(enrollment) if progress else None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def module(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    """One module: read/watch/answer it, and complete it."""
    enrollment = _own_enrollment(request, slug)
    if enrollment is None:
        # Course content is for its enrolled learners only.
        raise Http404("Not enrolled")
    current = get_object_or_404(Module, activity=enrollment.activity, position=position)
    errors: dict[int, str] = {}
    form_error = ""
    if request.method == "POST":
        try:
            outcome = _act(request, enrollment, current)
        except QuizAnswerError as error:
            errors = error.errors
        except LearningRuleError as error:
            form_error = str(error)
        else:
            return outcome
    else:
        note_module_opened(enrollment, current)
    context = module_page_context(enrollment, current, request.GET.get("attempt"))
    context.update(
        {
            "code_just_issued": request.session.pop(CODE_JUST_ISSUED, None) == enrollment.pk
            and context["code"] is not None,
            "quiz_errors": errors,
            "form_error": form_error,
            "reflection_draft": request.POST.get("reflection")
            if request.method == "POST"
            else None,
        }
    )
    if current.is_quiz:
        selected = request.POST.dict() if request.method == "POST" else {}
        context["quiz_rows"] = quiz_rows(context["questions"], selected, errors)
    status = 400 if errors or form_error else 200
    response = render(request, "learning/course/module.html", context, status=status)
    _allow_embed(response, current)
    return response


def _act(request: HttpRequest, enrollment: Enrollment, current: Module) -> HttpResponse:
    """Carry out the module's POST and say where to go next."""
    if current.is_quiz:
        answers = {
            key[1:]: str(value)
            for key, value in request.POST.items()
            if key.startswith("q") and key[1:].isdigit()
        }
        number = request.POST.get("attempt", "")
        result = submit_quiz(
            enrollment, current, answers, int(number) if number.isdigit() else None
        )
        if result.completion and result.completion.code_issued:
            request.session[CODE_JUST_ISSUED] = enrollment.pk
        return redirect(f"{module_url(current)}?attempt={result.attempt.number}#results")
    if current.kind == ModuleKind.REFLECTION:
        completion = save_reflection(enrollment, current, request.POST.get("reflection", ""))
    else:
        completion = complete_module_service(enrollment, current)
    return _after_completion(request, enrollment, completion)


def _after_completion(
    request: HttpRequest, enrollment: Enrollment, completion: Completion
) -> HttpResponse:
    if completion.code_issued:
        request.session[CODE_JUST_ISSUED] = enrollment.pk
        return redirect("learning:path", slug=enrollment.activity.slug)
    following = (
        enrollment.activity.modules.filter(position__gt=completion.module.position)
        .order_by("position")
        .first()
    )
    if following is not None:
        return redirect(module_url(following))
    return redirect("learning:path", slug=enrollment.activity.slug)


def _allow_embed(response: HttpResponse, current: Module) -> None:
    """Let this page (only) frame the module's embed host (the CSP forbids frames otherwise)."""
    if current.kind != ModuleKind.VIDEO or not current.video_url or current.video_file:
        return
    parts = urlsplit(current.video_url)
    if parts.scheme == "https" and parts.netloc:
        config: dict[str, Any] = dict(settings.SECURE_CSP)
        config["frame-src"] = [f"https://{parts.netloc}"]
        response._csp_config = config  # type: ignore[attr-defined]


RANGE_HEADER = re.compile(r"^bytes=(\d*)-(\d*)$")
RANGE_CHUNK = 8 * 1024 * 1024


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes, inclusive, asked for by a single-range Range header.

    None when the header is not a single byte range we can satisfy. Phones' video
    players (iOS in particular) only play files served with range support. A range
    is capped at RANGE_CHUNK bytes; players ask again for the rest.
    """
    match = RANGE_HEADER.match(header.strip())
    if not match or size == 0 or match.groups() == ("", ""):
        return None
    start_text, end_text = match.groups()
    if start_text:
        first = int(start_text)
        last = min(int(end_text) if end_text else size - 1, size - 1)
    else:
        first, last = max(size - int(end_text), 0), size - 1
    if first > last or first >= size:
        return None
    return first, min(last, first + RANGE_CHUNK - 1)


@login_required
@require_http_methods(["GET", "HEAD"])
def module_media(
    request: HttpRequest, slug: str, position: int, what: str
) -> HttpResponse | FileResponse:
    """A module's self-hosted video or captions, only for its enrolled learners (and
    coordinators). Anyone else gets 404, as if it did not exist. Supports byte ranges."""
    current = get_object_or_404(Module, activity__slug=slug, position=position)
    enrolled = Enrollment.objects.filter(user=_learner(request), activity__slug=slug).exists()
    if not enrolled and not is_coordinator(request.user):
        raise Http404("No such file")
    field = {"video": current.video_file, "captions": current.captions_file}.get(what)
    if not field:
        raise Http404("No such file")
    guessed = mimetypes.guess_type(field.name or "")[0]
    content_type = "text/vtt" if what == "captions" else guessed or "video/mp4"
    requested = request.headers.get("Range")
    response: HttpResponse | FileResponse
    if requested:
        size = field.size
        wanted = byte_range(requested, size)
        if wanted is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        first, last = wanted
        with field.open("rb") as handle:
            handle.seek(first)
            data = handle.read(last - first + 1)
        response = HttpResponse(data, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    else:
        response = FileResponse(field.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
