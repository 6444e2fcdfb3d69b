"""Sending a flagged disparity to a Health Equity M&M series (a POST from the run page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from equitylens.disparities.services.send_to_case_review import (
    SendError,
    series_for_sending,
)
from equitylens.disparities.services.send_to_case_review import (
    send_to_case_review as send,
)
from equitylens.disparities.views.runs import disparity_access, visible_run


@disparity_access
@require_POST
def send_to_case_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Create (or find) the topic idea for the posted flagged row in the chosen series,
    then go back to the run's page with a message saying which series has it."""
    run = visible_run(request, pk)
    choices = {str(s.pk): s for s in series_for_sending(request.user, run)}
    series = choices.get(request.POST.get("series", ""))
    try:
        index = int(request.POST.get("row", ""))
    except ValueError:
        index = -1
    if series is None:
        messages.error(request, "Choose a Health Equity M&M series of your organization.")
    else:
        try:
            case = send(run, index, series, request.user)
        except SendError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Sent to “{series.title}” as topic idea {case.number}; its review body "
                "decides whether to discuss it.",
            )
    return redirect(f"{reverse('disparities:run', kwargs={'pk': pk})}#results-heading")
