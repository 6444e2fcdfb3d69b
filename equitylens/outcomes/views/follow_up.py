"""The learner's follow-up page: reached by the e-mailed token link, answered once."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.outcomes.models import CommitmentFollowUp, FollowUpExtent
from equitylens.outcomes.services.follow_ups import (
    MAX_BARRIERS_LENGTH,
    FollowUpError,
    answer_follow_up,
)


class FollowUpForm(forms.Form):
    extent = forms.ChoiceField(
        label="How far have you made this change?",
        choices=FollowUpExtent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far you made the change."},
    )
    barriers = forms.CharField(
        label="What got in the way, if anything? (optional)",
        required=False,
        max_length=MAX_BARRIERS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shared with the course team without your name.",
        error_messages={
            "max_length": f"Keep this to {MAX_BARRIERS_LENGTH:,} characters; shorten it a little."
        },
    )


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, token: str) -> HttpResponse:
    record = get_object_or_404(
        CommitmentFollowUp.objects.select_related("evaluation__enrollment__activity"),
        token=token,
    )
    if record.responded_at is not None:
        return redirect("outcomes:follow_up_done", token=token)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_follow_up(token, form.cleaned_data["extent"], form.cleaned_data["barriers"])
        except FollowUpError as error:
            if CommitmentFollowUp.objects.filter(token=token, responded_at__isnull=False).exists():
                return redirect("outcomes:follow_up_done", token=token)
            form.add_error(error.field, str(error))
        else:
            return redirect("outcomes:follow_up_done", token=token)
    return render(
        request,
        "outcomes/follow_up.html",
        {
            "form": form,
            "activity": record.evaluation.enrollment.activity,
            "commitment": record.evaluation.commitment,
        },
    )


def follow_up_done(request: HttpRequest, token: str) -> HttpResponse:
    record = get_object_or_404(
        CommitmentFollowUp.objects.select_related("evaluation__enrollment__activity"),
        token=token,
        responded_at__isnull=False,
    )
    return render(
        request,
        "outcomes/follow_up_done.html",
        {"activity": record.evaluation.enrollment.activity},
    )
