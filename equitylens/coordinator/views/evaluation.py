"""Back office: an activity's evaluation — the form learners see, extra questions, results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.learning.forms.evaluation import EvaluationAnswersForm
from equitylens.learning.forms.evaluation_questions import EvaluationQuestionForm
from equitylens.learning.models import EvaluationQuestion
from equitylens.learning.services.evaluation_questions import (
    QuestionRefused,
    add_evaluation_question,
    delete_evaluation_question,
    edit_evaluation_question,
    move_evaluation_question,
)
from equitylens.learning.services.evaluation_results import evaluation_results
from equitylens.learning.services.evaluations import (
    evaluation_form_for,
    evaluation_submitted_for,
)


def _page(
    request: HttpRequest,
    activity: Activity,
    *,
    add_form: EvaluationQuestionForm | None = None,
    edited: EvaluationQuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    locked = evaluation_submitted_for(activity)
    rows = []
    for question in activity.evaluation_questions.order_by("position"):
        form = edited if edited is not None and edited.prefix == f"q{question.pk}" else None
        rows.append((question, form or EvaluationQuestionForm(question=question, locked=locked)))
    preview = EvaluationAnswersForm(evaluation_form_for(activity))
    preview.show_read_only()
    return render(
        request,
        "coordinator/evaluation/overview.html",
        {
            "activity": activity,
            "locked": locked,
            "rows": rows,
            "add_form": add_form or EvaluationQuestionForm(locked=locked),
            "preview": preview,
            "results": evaluation_results(activity),
            "error_form": edited or (add_form if add_form and add_form.errors else None),
        },
        status=status,
    )


def _back(slug: str, anchor: str = "questions") -> HttpResponse:
    return redirect(reverse("coordinator:evaluation", kwargs={"slug": slug}) + f"#{anchor}")


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def evaluation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The evaluation as learners see it, its extra questions, and a summary of answers."""
    return _page(request, get_object_or_404(Activity, slug=slug))


@coordinator_required
@require_POST
def evaluation_question_add(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity, slug=slug)
    form = EvaluationQuestionForm(request.POST, locked=evaluation_submitted_for(activity))
    if form.is_valid():
        data = form.cleaned_data
        try:
            question = add_evaluation_question(
                activity, data["text"], data["kind"], data["required"], by=request.user
            )
        except QuestionRefused as refused:
            form.show_errors(refused.errors)
        else:
            messages.success(request, f"Added the question “{question.text}”.")
            return _back(slug)
    return _page(request, activity, add_form=form, status=400)


def _question(slug: str, question_id: int) -> EvaluationQuestion:
    return get_object_or_404(
        EvaluationQuestion.objects.select_related("activity"),
        pk=question_id,
        activity__slug=slug,
    )


@coordinator_required
@require_POST
def evaluation_question_edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question(slug, question_id)
    locked = evaluation_submitted_for(question.activity)
    form = EvaluationQuestionForm(request.POST, question=question, locked=locked)
    if form.is_valid():
        data = form.cleaned_data
        try:
            edit_evaluation_question(
                question, data["text"], data["kind"], data["required"], by=request.user
            )
        except QuestionRefused as refused:
            form.show_errors(refused.errors)
        else:
            messages.success(request, "Saved the question.")
            return _back(slug)
    return _page(request, question.activity, edited=form, status=400)


@coordinator_required
@require_POST
def evaluation_question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = EvaluationQuestion.objects.filter(pk=question_id, activity__slug=slug).first()
    if question is None:  # deleted already: a double click
        get_object_or_404(Activity, slug=slug)
        return _back(slug)
    try:
        delete_evaluation_question(question, by=request.user)
    except QuestionRefused as refused:
        messages.error(request, " ".join(refused.errors.values()))
    else:
        messages.success(request, f"Deleted the question “{question.text}”.")
    return _back(slug)


@coordinator_required
@require_POST
def evaluation_question_move(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    question = _question(slug, question_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    move_evaluation_question(question, direction, by=request.user)
    return _back(slug, f"question-{question.pk}")
