"""Readiness check pages for an organization's admins (and coordinators)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import organization_admin_required
from equitylens.casereview.services.readiness import (
    ANSWER_CHOICES,
    NOTE_MAX_LENGTH,
    QUESTIONS,
    ReadinessError,
    answer_rows,
    assess,
    history,
)


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


@organization_admin_required
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


@organization_admin_required
@require_http_methods(["GET", "HEAD"])
def readiness_result(request: HttpRequest, organization: Organization, pk: int) -> HttpResponse:
    """One saved check: level, summary, next steps and the answers given."""
    assessment = get_object_or_404(history(organization), pk=pk)
    return render(
        request,
        "casereview/readiness_result.html",
        {
            "organization": organization,
            "assessment": assessment,
            "rows": answer_rows(assessment),
        },
    )
