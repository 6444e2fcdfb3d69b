"""Action items: add one to a presented case, change one, list the series' actions.

Rules live in services.actions; these views read the form, call the service and render.
Every view is guarded by case_access / series_access (logged); an action of another case
is a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from equitylens.casereview.models import (
    AccessOutcome,
    ActionItem,
    ActionLevel,
    ActionStatus,
    Case,
    CaseSeries,
)
from equitylens.casereview.services.access import (
    case_access,
    denied,
    is_review_member,
    record_access,
    series_access,
)
from equitylens.casereview.services.actions import (
    FILTERS,
    ActionDraft,
    ActionError,
    add_action,
    can_take_actions,
    is_overdue,
    owner_choices,
    series_actions,
    update_action,
)


class ActionForm(forms.Form):
    """The fields of an action; the service checks the rules."""

    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text="What will change, concretely. No patient or staff names.",
    )
    level = forms.ChoiceField(choices=ActionLevel.choices, widget=forms.RadioSelect, required=False)
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=ActionStatus.OPEN,
    )
    status_note = forms.CharField(
        required=False,
        label="Status note",
        help_text="Needed when the action is dropped: say why.",
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )

    def __init__(self, series: CaseSeries, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(p.pk, f"{p.display_name} ({p.email})") for p in owner_choices(series)]
        owner_field: Any = self.fields["owner"]
        owner_field.choices = [("", "Choose the owner"), *people]

    def draft(self) -> ActionDraft:
        data = self.cleaned_data
        return ActionDraft(
            description=data.get("description") or "",
            level=data.get("level") or "",
            owner_id=data.get("owner"),
            due_on=data.get("due_on"),
            status=data.get("status") or "",
            status_note=data.get("status_note") or "",
        )


def _render_form(
    request: HttpRequest,
    series: CaseSeries,
    case: Case,
    form: ActionForm,
    action: ActionItem | None,
    problem: str = "",
) -> HttpResponse:
    context = {
        "series": series,
        "case": case,
        "form": form,
        "action": action,
        "problem": problem,
        "allowed": action is not None or can_take_actions(case),
    }
    status = 400 if (form.errors or problem) else 200
    return render(request, "casereview/action_form.html", context, status=status)


def _save(
    request: HttpRequest, series: CaseSeries, case: Case, action: ActionItem | None
) -> HttpResponse:
    initial = (
        {
            "description": action.description,
            "level": action.level,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "status": action.status,
            "status_note": action.status_note,
        }
        if action
        else None
    )
    form = ActionForm(series, request.POST or None, initial=initial)
    if request.method != "POST":
        return _render_form(request, series, case, form, action)
    if not form.is_valid():
        return _render_form(request, series, case, form, action)
    try:
        if action is None:
            add_action(case, form.draft(), request.user)
        else:
            update_action(action, form.draft(), request.user)
    except ActionError as error:
        problem = ""
        for field, message in error.errors.items():
            if field in form.fields:
                form.add_error(field, message)
            else:
                problem = message
        return _render_form(request, series, case, form, action, problem)
    messages.success(
        request, f"Action {'added to' if action is None else 'saved on'} case {case.number}."
    )
    return redirect(reverse("casereview:case", args=[series.pk, case.number]) + "#actions-heading")


@case_access(is_review_member)
@require_http_methods(["GET", "HEAD", "POST"])
def action_new(request: HttpRequest, series: CaseSeries, case: Case, **kwargs: Any) -> HttpResponse:
    """Record an action that came out of a presented case."""
    return _save(request, series, case, None)


@case_access(is_review_member)
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(
    request: HttpRequest, series: CaseSeries, case: Case, action_id: int, **kwargs: Any
) -> HttpResponse:
    """Change an action's status, due date, owner or description."""
    action = ActionItem.objects.select_related("owner").filter(pk=action_id, case=case).first()
    if action is None:
        record_access(
            request,
            action="view" if request.method in ("GET", "HEAD") else "edit",
            outcome=AccessOutcome.DENIED,
            series=series,
            case=case,
            reason=f"no action {action_id} on this case",
        )
        return denied(request, 404, "There is no such action on this case.")
    action.case = case
    return _save(request, series, case, action)


@series_access(is_review_member)
@require_http_methods(["GET", "HEAD"])
def action_list(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The series' actions, filtered: open (default), overdue, done or dropped, all."""
    which = request.GET.get("show", "open")
    problem = ""
    if which not in FILTERS:
        problem = f"“{which[:40]}” is not a filter; showing open actions."
        which = "open"
    today = timezone.localdate()
    rows = [(action, is_overdue(action, today)) for action in series_actions(series, which)]
    context = {
        "series": series,
        "rows": rows,
        "which": which,
        "filters": FILTERS,
        "filter_label": FILTERS[which],
        "problem": problem,
        "today": today,
    }
    return render(request, "casereview/action_list.html", context, status=400 if problem else 200)
