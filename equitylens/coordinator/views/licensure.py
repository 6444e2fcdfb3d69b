"""Back office: the table of state implicit-bias training requirements (editable data)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import coordinator_required
from equitylens.accounts.services.profiles import US_STATES
from equitylens.licensure.forms import StateRequirementForm
from equitylens.licensure.models import StateRequirement
from equitylens.licensure.services.requirements import (
    RequirementError,
    RequirementInput,
    save_requirement,
)


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def requirement_list(request: HttpRequest) -> HttpResponse:
    """Every row, by state and profession, with its source and review date."""
    rows = [(row, US_STATES.get(row.state, row.state)) for row in StateRequirement.objects.all()]
    return render(request, "coordinator/licensure/list.html", {"rows": rows})


def _input(form: StateRequirementForm) -> RequirementInput:
    data = form.cleaned_data
    return RequirementInput(
        state=data["state"],
        profession=data["profession"],
        hours_required=data["hours_required"],
        cycle_years=data["cycle_years"],
        description=data["description"],
        source_url=data["source_url"],
        accepted_credit_types=tuple(data["accepted_credit_types"]),
        last_reviewed_on=data["last_reviewed_on"],
    )


def _edit(request: HttpRequest, requirement: StateRequirement | None) -> HttpResponse:
    initial = None
    if requirement is not None:
        initial = {
            "state": requirement.state,
            "profession": requirement.profession,
            "hours_required": requirement.hours_required,
            "cycle_years": requirement.cycle_years,
            "description": requirement.description,
            "source_url": requirement.source_url,
            "accepted_credit_types": requirement.accepted_credit_types,
            "last_reviewed_on": requirement.last_reviewed_on,
        }
    form = StateRequirementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            row = save_requirement(_input(form), by=request.user, requirement=requirement)
        except RequirementError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Saved the requirement for {row.state} ({row.profession}).")
            return redirect("coordinator:licensure")
    return render(
        request,
        "coordinator/licensure/form.html",
        {"form": form, "requirement": requirement},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def requirement_new(request: HttpRequest) -> HttpResponse:
    """Add a state's requirement for one profession."""
    return _edit(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def requirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a row (e.g. after the state changes its rule, or after a review)."""
    return _edit(request, get_object_or_404(StateRequirement, pk=pk))
