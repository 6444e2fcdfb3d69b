"""The learner's code entry page (/claim/): type or scan the attendance verification code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from equitylens.learning.services.code_entry import (
    CodeEntryError,
    CodeEntryLockedError,
)
from equitylens.learning.services.code_entry import (
    enter_code as verify_code,
)
from equitylens.learning.views.links import enrollment_links
from equitylens.web.client_address import client_ip

MAX_ENTERED = 40


@require_http_methods(["GET", "HEAD", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """GET: the form (prefilled from ?code=). POST: verify, then go on to the evaluation.

    Anonymous visitors are sent to sign in and brought back with the code kept.
    Refusals re-show the form with the reason (400), or 429 while code entry is locked.
    """
    entered = (request.POST.get("code") or request.GET.get("code") or "")[:MAX_ENTERED]
    if not request.user.is_authenticated:
        here = reverse("learning:enter_code")
        return redirect_to_login(f"{here}?{urlencode({'code': entered})}" if entered else here)
    if request.method != "POST":
        return _page(request, entered)
    try:
        result = verify_code(request.user, entered, client_ip(request))
    except CodeEntryLockedError as locked:
        return _page(request, entered, error=str(locked), status=429)
    except CodeEntryError as refused:
        return _page(request, entered, error=str(refused), status=400)
    activity = result.enrollment.activity
    messages.success(request, f"Attendance verified for {activity.title}.")
    links = enrollment_links(result.enrollment)
    if result.enrollment.evaluated_at is not None:
        return redirect(links.path)
    return redirect(links.evaluation)


def _page(request: HttpRequest, entered: str, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "learning/codes/enter_code.html",
        {"entered": entered, "error": error},
        status=status,
    )
