"""Readiness check pages for an organization's admins (and coordinators).

They follow the module's rules: every attempt is written to the append-only access log
(organization-level rows: no series), anonymous visitors get the 403 page with a sign-in
link rather than a redirect, and an unknown organization or check is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.models import MembershipRole, Organization
from equitylens.accounts.permissions import has_role, is_coordinator, user_has_totp
from equitylens.casereview.models import AccessAction, AccessOutcome, CaseAccess
from equitylens.casereview.services.access import denied
from equitylens.casereview.services.readiness import (
    ANSWER_CHOICES,
    NOTE_MAX_LENGTH,
    QUESTIONS,
    ReadinessError,
    answer_rows,
    assess,
    history,
)
from equitylens.web.client_address import client_ip

ViewFunc = Callable[..., HttpResponse]


def _record(
    request: HttpRequest, organization: Organization | None, outcome: str, reason: str = ""
) -> None:
    """One access-log row for an organization-level page (record_access takes a series)."""
    match = getattr(request, "resolver_match", None)
    CaseAccess.objects.create(
        actor=request.user if request.user.is_authenticated else None,
        organization_id=organization.pk if organization else None,
        action=AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.EDIT,
        outcome=outcome,
        view_name=(match.view_name if match else "")[:100],
        path=request.get_full_path()[:500],
        method=request.method or "",
        client_address=client_ip(request) or "",
        reason=reason[:200],
    )


def readiness_access(view: ViewFunc) -> ViewFunc:
    """Open a readiness page (URL kwarg `slug`) to the organization's admins and to
    coordinators with two-factor sign-in; the view receives the Organization.

    Unknown organization: 404. Anyone else, anonymous included: 403. A coordinator
    without an authenticator app is sent to set one up. A 404 the view returns (another
    organization's check) is logged as denied; everything else as allowed.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            _record(request, None, AccessOutcome.DENIED, "no such organization")
            return denied(request, 404, "There is no such organization.")
        user = request.user
        if not has_role(user, organization, MembershipRole.ORG_ADMIN):
            if not is_coordinator(user):
                _record(request, organization, AccessOutcome.DENIED, "not an organization admin")
                return denied(request, 403, "The readiness check is for the organization's admins.")
            if settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA and not user_has_totp(user):
                _record(request, organization, AccessOutcome.DENIED, "two-factor not set up")
                return redirect("accounts:mfa_required")
        response = view(request, organization, *args, **kwargs)
        if response.status_code == 404:
            _record(request, organization, AccessOutcome.DENIED, "no such readiness check")
        else:
            _record(request, organization, AccessOutcome.ALLOWED)
        return response

    return wrapped


class ReadinessForm(forms.Form):
    """One radio group and one optional note per question; the service validates."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(QUESTIONS, start=1):
            self.fields[question.key] = forms.ChoiceField(
                choices=ANSWER_CHOICES,
                required=False,
                label=f"{number}. {question.text}",
                help_text=question.help,
                widget=forms.RadioSelect,
            )
            self.fields[f"{question.key}_note"] = forms.CharField(
                required=False,
                label=f"Note on question {number} (optional)",
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
            )

    def groups(self) -> list[tuple[Any, Any]]:
        """(answer field, note field) pairs in question order, for the template."""
        return [(self[q.key], self[f"{q.key}_note"]) for q in QUESTIONS]


@readiness_access
@require_http_methods(["GET", "HEAD", "POST"])
def readiness(request: HttpRequest, organization: Organization) -> HttpResponse:
    """The readiness form and the organization's past checks; POST saves a new check."""
    form = ReadinessForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assess(
                organization,
                {q.key: data.get(q.key, "") for q in QUESTIONS},
                request.user,
                notes={q.key: data.get(f"{q.key}_note", "") for q in QUESTIONS},
            )
        except ReadinessError as error:
            for field, message in error.errors.items():
                form.add_error(field, message)
        else:
            return redirect("casereview:readiness_result", slug=organization.slug, pk=assessment.pk)
    if form.errors:
        status = 400
    return render(
        request,
        "casereview/readiness.html",
        {"organization": organization, "form": form, "history": history(organization)},
        status=status,
    )


@readiness_access
@require_http_methods(["GET", "HEAD"])
def readiness_result(request: HttpRequest, organization: Organization, pk: int) -> HttpResponse:
    """One saved check: level, summary, next steps and the answers given."""
    assessment = history(organization).filter(pk=pk).first()
    if assessment is None:
        return denied(request, 404, "There is no such readiness check for this organization.")
    return render(
        request,
        "casereview/readiness_result.html",
        {
            "organization": organization,
            "assessment": assessment,
            "rows": answer_rows(assessment),
        },
    )
