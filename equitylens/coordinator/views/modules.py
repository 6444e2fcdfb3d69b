"""Back office: an online course's modules and quiz questions (list, add, edit, delete,
reorder). Rules and validation: learning.services.authoring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.coordinator.editor import ErrorLink
from equitylens.coordinator.forms_modules import ModuleForm, QuestionForm
from equitylens.learning.models import Module, ModuleKind, Question
from equitylens.learning.services.authoring import (
    ModuleAuthoringError,
    delete_module,
    delete_question,
    moc_post_test_missing,
    move_module,
    move_question,
    save_module,
    save_question,
)

QUESTION_ERROR_FIELDS = {"text": "text", "choices": "choice_1", "correct": "correct"}


def _course(slug: str) -> Activity:
    activity = get_object_or_404(Activity, slug=slug)
    if not activity.is_enduring:
        raise Http404("Only online courses have modules")
    return activity


def _module(activity: Activity, module_id: int) -> Module:
    return get_object_or_404(Module, activity=activity, pk=module_id)


def _show_errors(form: forms.Form, error: ModuleAuthoringError, fields: dict[str, str]) -> None:
    for key, message in error.errors.items():
        name = fields.get(key, key)
        form.add_error(name if name in form.fields else None, message)


def error_links(form: forms.Form, form_id: str) -> list[ErrorLink]:
    """The error summary's lines, each linking to its field."""
    links = [ErrorLink("", str(m), form_id) for m in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
        links += [ErrorLink("", str(m), anchor) for m in bound.errors]
    return links


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def module_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The course's modules in order, with add, edit, move and delete."""
    activity = _course(slug)
    modules = list(activity.modules.order_by("position").prefetch_related("questions"))
    return render(
        request,
        "coordinator/modules/list.html",
        {
            "activity": activity,
            "modules": modules,
            "kinds": ModuleKind.choices,
            "moc_post_test_missing": moc_post_test_missing(activity),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def module_new(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    activity = _course(slug)
    if kind not in ModuleKind.values:
        raise Http404("Unknown kind of module")
    return _module_form(request, activity, kind, None)


@coordinator_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    activity = _course(slug)
    module = _module(activity, module_id)
    return _module_form(request, activity, module.kind, module)


def _module_form(
    request: HttpRequest, activity: Activity, kind: str, module: Module | None
) -> HttpResponse:
    if request.method == "POST":
        form = ModuleForm(kind, request.POST, request.FILES, module=module)
        if form.is_valid():
            try:
                saved = save_module(activity, module, form.draft(), by=request.user)
            except ModuleAuthoringError as error:
                _show_errors(form, error, {})
            else:
                messages.success(request, f"Saved “{saved.title}”.")
                if saved.is_quiz and module is None:
                    return redirect(
                        "coordinator:module_edit", slug=activity.slug, module_id=saved.pk
                    )
                return redirect("coordinator:modules", slug=activity.slug)
    else:
        form = ModuleForm(kind, module=module)
    context: dict[str, Any] = {
        "activity": activity,
        "module": module,
        "kind_label": ModuleKind(kind).label,
        "form": form,
        "errors": error_links(form, "module-form") if form.is_bound else [],
    }
    if module is not None and module.is_quiz:
        context["questions"] = list(module.questions.prefetch_related("choices"))
    status = 400 if form.is_bound else 200
    return render(request, "coordinator/modules/form.html", context, status=status)


@coordinator_required
@require_http_methods(["GET", "POST"])
def module_delete(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    """Confirm (GET), then delete (POST)."""
    activity = _course(slug)
    module = _module(activity, module_id)
    problem = ""
    if request.method == "POST":
        try:
            delete_module(module, by=request.user)
        except ModuleAuthoringError as error:
            problem = str(error)
        else:
            messages.success(request, f"Deleted “{module.title}”.")
            return redirect("coordinator:modules", slug=activity.slug)
    return render(
        request,
        "coordinator/modules/delete.html",
        {"activity": activity, "module": module, "problem": problem},
        status=400 if problem else 200,
    )


@coordinator_required
@require_POST
def module_move(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    activity = _course(slug)
    module = _module(activity, module_id)
    move_module(module, -1 if request.POST.get("direction") == "up" else 1, by=request.user)
    return redirect(reverse("coordinator:modules", kwargs={"slug": slug}) + f"#module-{module.pk}")


@coordinator_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    activity = _course(slug)
    return _question_form(request, activity, _module(activity, module_id), None)


@coordinator_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, slug: str, module_id: int, question_id: int
) -> HttpResponse:
    activity = _course(slug)
    module = _module(activity, module_id)
    question = get_object_or_404(Question, module=module, pk=question_id)
    return _question_form(request, activity, module, question)


def _question_form(
    request: HttpRequest, activity: Activity, module: Module, question: Question | None
) -> HttpResponse:
    if not module.is_quiz:
        raise Http404("Only quizzes have questions")
    if request.method == "POST":
        form = QuestionForm(request.POST, question=question)
        if form.is_valid():
            try:
                save_question(module, question, form.draft(), by=request.user)
            except ModuleAuthoringError as error:
                _show_errors(form, error, QUESTION_ERROR_FIELDS)
            else:
                messages.success(request, "Saved the question.")
                return redirect("coordinator:module_edit", slug=activity.slug, module_id=module.pk)
    else:
        form = QuestionForm(question=question)
    return render(
        request,
        "coordinator/modules/question_form.html",
        {
            "activity": activity,
            "module": module,
            "question": question,
            "form": form,
            "errors": error_links(form, "question-form") if form.is_bound else [],
        },
        status=400 if form.is_bound else 200,
    )


@coordinator_required
@require_POST
def question_delete(
    request: HttpRequest, slug: str, module_id: int, question_id: int
) -> HttpResponse:
    activity = _course(slug)
    module = _module(activity, module_id)
    question = get_object_or_404(Question, module=module, pk=question_id)
    try:
        delete_question(question, by=request.user)
    except ModuleAuthoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Deleted the question.")
    return redirect("coordinator:module_edit", slug=activity.slug, module_id=module.pk)


@coordinator_required
@require_POST
def question_move(
    request: HttpRequest, slug: str, module_id: int, question_id: int
) -> HttpResponse:
    activity = _course(slug)
    module = _module(activity, module_id)
    question = get_object_or_404(Question, module=module, pk=question_id)
    move_question(question, -1 if request.POST.get("direction") == "up" else 1, by=request.user)
    return redirect("coordinator:module_edit", slug=activity.slug, module_id=module.pk)
