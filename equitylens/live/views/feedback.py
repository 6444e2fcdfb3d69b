"""The dialogue series' short post-session evaluation: /sessions/<pk>/feedback/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.live.models import Session, SessionFeedback
from equitylens.live.services.dialogue import (
    FeedbackError,
    FeedbackInvalid,
    feedback_blocker,
    feedback_registration,
    submit_feedback,
)
from equitylens.live.services.series import session_when

RATINGS = [
    ("5", "5 – Excellent"),
    ("4", "4 – Good"),
    ("3", "3 – Fair"),
    ("2", "2 – Poor"),
    ("1", "1 – Very poor"),
]
SAFE = [("yes", "Yes"), ("no", "No"), ("prefer_not", "Prefer not to say")]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Registrants give their feedback once, after the session; anyone else gets 404."""
    session = get_object_or_404(Session.objects.select_related("activity"), pk=pk)
    registration = feedback_registration(request.user, session)
    if registration is None:
        raise Http404("You were not registered for this session.")
    context = {"session": session, "when": session_when(session), "ratings": RATINGS, "safe": SAFE}
    done = SessionFeedback.objects.filter(registration=registration).first()
    if done is not None:
        if request.method == "POST":
            return redirect("live:session_feedback", pk=pk)
        return render(request, "live/feedback/done.html", {**context, "feedback": done})
    blocker = feedback_blocker(session, registration)
    if blocker:
        return render(
            request,
            "live/feedback/blocked.html",
            {**context, "blocker": blocker},
            status=409 if request.method == "POST" else 200,
        )
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        post = request.POST
        try:
            submit_feedback(
                registration,
                post.get("rating", ""),
                post.get("felt_safe", ""),
                post.get("comment", ""),
            )
        except FeedbackInvalid as invalid:
            errors = invalid.errors
        except FeedbackError as refused:
            return render(
                request,
                "live/feedback/blocked.html",
                {**context, "blocker": str(refused)},
                status=409,
            )
        else:
            messages.success(request, "Thank you — your feedback is saved.")
            return redirect("live:session_feedback", pk=pk)
    return render(
        request,
        "live/feedback/form.html",
        {
            **context,
            "errors": errors,
            "error_links": [(field, m) for field, ms in errors.items() for m in ms],
            "values": request.POST if request.method == "POST" else {},
        },
        status=400 if errors else 200,
    )
