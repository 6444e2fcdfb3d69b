"""The facilitator's pages: my sessions, one session's roster, attendance, code, breakouts.

Every page is for the session's facilitators and coordinators only
(accounts.permissions.can_facilitate): anonymous visitors sign in, anyone else gets 404
(the session's roster is not theirs to know about). Rules live in
live.services.facilitation; these views read the form, call a service and redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import (
    can_facilitate,
    is_coordinator,
    is_session_facilitator,
    user_has_totp,
)
from equitylens.live.models import RegistrationStatus, Session
from equitylens.live.services.dialogue import feedback_summary
from equitylens.live.services.facilitation import (
    FacilitationError,
    assign_breakouts,
    attendance_blocker,
    is_dialogue,
    mark_all_present,
    mark_attendance,
    roster,
    roster_csv,
    session_code,
    split_into_groups,
)
from equitylens.live.services.series import session_when
from equitylens.web.qr import qr_svg_data_uri

RECENT = timedelta(days=30)


def facilitator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open a session's facilitator page (URL kwarg `pk`) only to those who may run it.

    The view receives the Session instead of the pk. Anonymous visitors sign in; anyone
    who is neither its facilitator nor a coordinator gets 404. A coordinator who is not
    one of its facilitators must have two-factor sign-in set up, as in the back office.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        session = get_object_or_404(Session.objects.select_related("activity"), pk=pk)
        if not can_facilitate(request.user, session):
            raise Http404("No session of yours.")
        if (
            not is_session_facilitator(request.user, session)
            and settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA
            and not user_has_totp(request.user)
        ):
            return redirect("accounts:mfa_required")
        return view(request, session)

    return wrapped


@login_required
@require_http_methods(["GET", "HEAD"])
def facilitate(request: HttpRequest) -> HttpResponse:
    """The user's sessions to run: upcoming first, then those of the last 30 days.

    Coordinators see every session in that window, facilitators only their own.
    """
    now = timezone.now()
    sessions = Session.objects.select_related("activity").filter(ends_at__gte=now - RECENT)
    if not is_coordinator(request.user):
        user: Any = request.user
        sessions = sessions.filter(facilitators=user)
    sessions = sessions.distinct()
    upcoming = [s for s in sessions.filter(ends_at__gte=now).order_by("starts_at")]
    recent = [s for s in sessions.filter(Q(ends_at__lt=now)).order_by("-starts_at")]
    return render(
        request,
        "live/facilitator/list.html",
        {
            "upcoming": [(s, session_when(s)) for s in upcoming],
            "recent": [(s, session_when(s)) for s in recent],
        },
    )


def _claim_url() -> str:
    return f"{settings.SITE_URL}{reverse('learning:enter_code')}"


@facilitator_required
@require_http_methods(["GET", "HEAD", "POST"])
def facilitate_session(request: HttpRequest, session: Session) -> HttpResponse:
    """The roster with needs, attendance marking, the session code, breakouts, feedback."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            message = _act(request, session, action)
        except FacilitationError as error:
            errors[action] = str(error)
        else:
            messages.success(request, message)
            return redirect("live:facilitate_session", pk=session.pk)
    rows = roster(session)
    code = session.attendance_code
    dialogue = is_dialogue(session)
    context = {
        "session": session,
        "when": session_when(session),
        "registered": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
        "waitlisted": [r for r in rows if r.status == RegistrationStatus.WAITLISTED],
        "attendance_blocker": attendance_blocker(session),
        "code": code,
        "qr_src": qr_svg_data_uri(f"{_claim_url()}?code={code.code}") if code else "",
        "dialogue": dialogue,
        "summary": feedback_summary(session) if dialogue else None,
        "errors": errors,
        "groups_value": request.POST.get("groups", "") if errors else "",
    }
    return render(request, "live/facilitator/session.html", context, status=400 if errors else 200)


def _act(request: HttpRequest, session: Session, action: str) -> str:
    """Carry out one of the session page's forms; the success message to show."""
    post = request.POST
    if action == "attendance":
        marks: dict[int, bool] = {}
        for key, value in post.items():
            if key.startswith("present_") and value in {"yes", "no"}:
                marks[_int(key.removeprefix("present_"))] = value == "yes"
        changed = mark_attendance(session, marks, request.user)
        return f"Attendance saved ({changed} changed)."
    if action == "all_present":
        changed = mark_all_present(session, request.user)
        return f"Everyone registered is marked present ({changed} changed)."
    if action == "code":
        code = session_code(session, request.user)
        return f"The session code is {code.code}."
    if action == "split":
        raw = post.get("groups", "").strip()
        if not raw.isdigit():
            raise FacilitationError(
                f"Number of groups must be a whole number, e.g. 3; you entered “{raw[:10]}”."
                if raw
                else "Enter the number of groups, e.g. 3."
            )
        changed = split_into_groups(session, int(raw), request.user)
        return f"Learners split into {int(raw)} groups ({changed} changed)."
    if action == "breakouts":
        groups = {
            _int(key.removeprefix("group_")): str(value)
            for key, value in post.items()
            if key.startswith("group_")
        }
        changed = assign_breakouts(session, groups, request.user)
        return f"Breakout groups saved ({changed} changed)."
    raise FacilitationError("Unknown action; reload the page and try again.")


def _int(text: str) -> int:
    if not text.isdigit():
        raise FacilitationError("The form was changed; reload the page and try again.")
    return int(text)


@facilitator_required
@require_http_methods(["GET", "HEAD", "POST"])
def facilitate_code(request: HttpRequest, session: Session) -> HttpResponse:
    """ "Show to the room": the code in huge letters with its QR code, full screen.

    POST creates the session code if it does not exist yet (idempotent) and comes back.
    """
    if request.method == "POST":
        session_code(session, request.user)
        return redirect("live:facilitate_code", pk=session.pk)
    code = session.attendance_code
    claim_url = _claim_url()
    return render(
        request,
        "live/facilitator/code.html",
        {
            "session": session,
            "when": session_when(session),
            "code": code,
            "claim_url": claim_url,
            "qr_src": qr_svg_data_uri(f"{claim_url}?code={code.code}") if code else "",
        },
    )


@facilitator_required
@require_http_methods(["GET", "HEAD"])
def facilitate_roster_csv(request: HttpRequest, session: Session) -> HttpResponse:
    """The roster as a CSV download (values made safe for spreadsheets)."""
    response = HttpResponse(roster_csv(session), content_type="text/csv; charset=utf-8")
    day = session.starts_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="roster-{session.pk}-{day}.csv"'
    return response
