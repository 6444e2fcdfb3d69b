"""The learner's evaluation page: /learn/<slug>/evaluation/ (a series session:
/learn/<slug>/sessions/<session_pk>/evaluation/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from equitylens.catalog.models import Activity
from equitylens.learning.forms.evaluation import EvaluationAnswersForm
from equitylens.learning.models import Enrollment
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    evaluation_blocker,
    missing_required_modules,
)
from equitylens.learning.services.evaluations import (
    EvaluationInvalid,
    evaluation_form_for,
    optional_modules_not_done,
    submit_evaluation,
    submitted_evaluation,
)
from equitylens.learning.views.links import enrollment_links


@require_http_methods(["GET", "HEAD", "POST"])
def evaluation(request: HttpRequest, slug: str, session_pk: int | None = None) -> HttpResponse:
    """Show the evaluation to the enrolled learner and take their answers.

    Only the signed-in learner's own enrollment is ever used; without one the learner
    is sent to the activity page to start. With `session_pk` it is the learner's
    enrollment for that series session (else the activity-wide one). Blocked learners
    are told what to do first; after submitting (or on any later visit) the way on is
    the credit claim.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activity = get_object_or_404(Activity, slug=slug)
    enrollment = (
        Enrollment.objects.select_related("activity")
        .filter(user=request.user, activity=activity, session=session_pk)
        .first()
    )
    if enrollment is None:
        messages.info(request, "Start this activity before its evaluation.")
        return redirect(activity.get_absolute_url())

    links = enrollment_links(enrollment)
    done = submitted_evaluation(enrollment)
    if done is not None:
        if request.method == "POST":  # a double submit or a second tab: same outcome
            return redirect(links.claim)
        return render(
            request,
            "learning/evaluation/submitted.html",
            {"activity": activity, "evaluation": done, "links": links},
        )

    blocker = evaluation_blocker(enrollment)
    if blocker:
        return _blocked(request, enrollment, blocker)

    form = EvaluationAnswersForm(
        evaluation_form_for(activity), request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        try:
            submit_evaluation(enrollment, form.answers(), by=request.user)
        except EvaluationInvalid as invalid:
            form.show_errors(invalid.errors)
        except LearningRuleError as refused:
            return _blocked(request, enrollment, str(refused))
        else:
            messages.success(request, "Thank you — your evaluation is submitted.")
            return redirect(links.claim)
    return render(
        request,
        "learning/evaluation/form.html",
        {
            "activity": activity,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "optional_left": optional_modules_not_done(enrollment),
            "links": links,
        },
    )


def _blocked(request: HttpRequest, enrollment: Enrollment, reason: str) -> HttpResponse:
    links = enrollment_links(enrollment)
    modules_missing = enrollment.activity.is_enduring and missing_required_modules(enrollment)
    needs_code = enrollment.code_verified_at is None and not modules_missing
    if needs_code:
        next_step = (reverse("learning:enter_code"), "Enter your attendance code")
    else:
        next_step = (links.path, "Go to your modules")
    return render(
        request,
        "learning/evaluation/blocked.html",
        {
            "activity": enrollment.activity,
            "reason": reason,
            "next_step": next_step,
            "links": links,
        },
        status=409 if request.method == "POST" else 200,
    )
