"""The learner's profile, completed once and editable later, and their account page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from equitylens.accounts.forms.profile import (
    ProfileForm,
    attach_errors,
    board_formset,
    details_from,
    initial_data,
    licence_formset,
)
from equitylens.accounts.models import User
from equitylens.accounts.permissions import administered_organizations, is_coordinator
from equitylens.accounts.services.memberships import memberships_of
from equitylens.accounts.services.profiles import complete_profile, current_details


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    first_time = not user.has_complete_profile
    sections: dict[str, list[str]] = {}
    if request.method == "POST":
        form = ProfileForm(request.POST)
        licences = licence_formset(request.POST)
        boards = board_formset(request.POST)
        if form.is_valid() and licences.is_valid() and boards.is_valid():
            try:
                complete_profile(user, details_from(form, licences, boards), by=user)
            except ValidationError as error:
                sections = attach_errors(form, error)
            else:
                messages.success(
                    request,
                    "Your profile is complete. You can now claim credit."
                    if first_time
                    else "Your profile is saved.",
                )
                return redirect(_next_url(request) or "accounts:account")
    else:
        details = current_details(user)
        form = ProfileForm(initial=initial_data(details))
        licences = licence_formset(
            initial=[{"state": lic.state, "number": lic.number} for lic in details.licences]
        )
        boards = board_formset(
            initial=[
                {"board": b.board, "board_id": b.board_id}
                for b in (details.moc.boards if details.moc else ())
            ]
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "licences": licences,
            "boards": boards,
            "first_time": first_time,
            "licence_errors": sections.get("licences", []),
            "board_errors": sections.get("boards", []),
            "section_errors": [("licences-section", m) for m in sections.get("licences", [])]
            + [("boards-section", m) for m in sections.get("boards", [])],
            "next": _next_url(request),
        },
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships_of(user),
            "administered": administered_organizations(user),
            "is_coordinator_account": is_coordinator(user),
        },
    )
