"""Session pages for learners: the session, registering and cancelling, calendars, invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.models import User
from equitylens.live.models import (
    CalendarFeed,
    Registration,
    RegistrationStatus,
    Session,
    SessionFeedback,
    SessionMode,
)
from equitylens.live.presentation import session_when
from equitylens.live.services.calendar import calendar_feed as feed_text
from equitylens.live.services.calendar import feed_for, reset_feed
from equitylens.live.services.calendar import session_ics as invitation_text
from equitylens.live.services.dialogue import feedback_blocker
from equitylens.live.services.facilitation import breakout_group_for
from equitylens.live.services.registration import (
    RegistrationAnswers,
    RegistrationError,
    cancel_registration,
    places_taken,
    registration_refusal,
    waitlist_length,
)
from equitylens.live.services.registration import (
    register as register_for,
)
from equitylens.live.services.sessions import can_see_session, series_settings

PRE_READING_DAYS = 7


class RegistrationForm(forms.Form):
    accessibility_needs = forms.CharField(
        required=False,
        max_length=1000,
        label="Accessibility needs (optional)",
        help_text="For example: step-free access, captions, a sign language interpreter.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dietary_needs = forms.CharField(
        required=False,
        max_length=1000,
        label="Dietary needs (optional)",
        help_text="For in-person sessions with food, e.g. vegetarian, nut allergy.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ground_rules = forms.BooleanField(
        required=False, label="I have read and agree to the ground rules"
    )

    def __init__(self, *args: Any, session: Session, dialogue: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if session.mode != SessionMode.IN_PERSON:
            del self.fields["dietary_needs"]
        if not dialogue:
            del self.fields["ground_rules"]


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user (views calling this are behind login_required)."""
    return cast(User, request.user)


def _visible_session(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("activity", "private_to", "activity__provider"), pk=pk
    )
    if not can_see_session(request.user, session):
        raise Http404("No such session")
    return session


def _own_registration(request: HttpRequest, session: Session) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=request.user).first()


def _page(
    request: HttpRequest, session: Session, form: RegistrationForm | None = None, status: int = 200
) -> HttpResponse:
    settings_row = series_settings(session.activity)
    dialogue = bool(settings_row and settings_row.is_dialogue)
    registration = _own_registration(request, session)
    active = registration is not None and registration.status != RegistrationStatus.CANCELLED
    taken = places_taken(session)
    context = {
        "session": session,
        "activity": session.activity,
        "when": session_when(session),
        "registration": registration if active else None,
        "refusal": None if active else registration_refusal(request.user, session),
        "form": form or RegistrationForm(session=session, dialogue=dialogue),
        "dialogue": dialogue,
        "ground_rules": settings_row.ground_rules if dialogue and settings_row else "",
        "places_left": None if session.capacity is None else max(session.capacity - taken, 0),
        "waitlist_length": waitlist_length(session),
        "facilitators": list(session.facilitators.all()),
        "show_pre_reading": bool(session.pre_reading_title or session.pre_reading_url)
        and session.starts_at - timedelta(days=PRE_READING_DAYS) <= timezone.now(),
        "started": session.starts_at <= timezone.now(),
        "breakout_group": breakout_group_for(request.user, session) if active else "",
        "feedback_open": active and dialogue and feedback_blocker(session, registration) is None,
        "feedback_given": active
        and SessionFeedback.objects.filter(registration=registration).exists(),
    }
    return render(request, "live/sessions/session.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """One session: when (in its zone and yours), where, places, and registration."""
    return _page(request, _visible_session(request, pk))


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register (or join the waitlist); a second submit changes nothing."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("live:session", kwargs={"pk": pk}))
    session = _visible_session(request, pk)
    dialogue = bool((row := series_settings(session.activity)) and row.is_dialogue)
    form = RegistrationForm(request.POST, session=session, dialogue=dialogue)
    if not form.is_valid():
        return _page(request, session, form, status=400)
    data = form.cleaned_data
    answers = RegistrationAnswers(
        accessibility_needs=data.get("accessibility_needs", ""),
        dietary_needs=data.get("dietary_needs", ""),
        ground_rules_acknowledged=bool(data.get("ground_rules")),
    )
    try:
        registration = register_for(request.user, session, answers, by=request.user)
    except RegistrationError as error:
        form.add_error(error.field or None, str(error))
        return _page(request, session, form, status=400)
    if registration.status == RegistrationStatus.REGISTERED:
        messages.success(request, "You are registered. We e-mailed you the calendar invitation.")
    else:
        messages.info(request, "The session is full: you are on the waitlist.")
    return redirect("live:session", pk=session.pk)


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner cancels their own registration; the next in line gets the place."""
    session = _visible_session(request, pk)
    registration = get_object_or_404(Registration, session=session, user=request.user)
    try:
        cancel_registration(registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your registration is cancelled.")
    return redirect("live:session", pk=session.pk)


@require_http_methods(["GET", "HEAD"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A private session's invitation link: members of its organization go to the session."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = Session.objects.filter(invitation_token=token).first()
    if found is None or not can_see_session(request.user, found):
        # One answer for "no such invitation" and "not yours": we do not name the organization.
        return render(request, "live/sessions/invitation_not_for_you.html", status=404)
    return redirect("live:session", pk=found.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The .ics invitation, for the learner's own (active) registration only."""
    session = _visible_session(request, pk)
    registration = Registration.objects.filter(
        session=session,
        user=_signed_in(request),
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
    ).first()
    if registration is None:
        raise Http404("Not registered")
    response = HttpResponse(
        invitation_text(session, registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: the secret token is the key, no sign-in (calendar apps poll it)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    response = HttpResponse(feed_text(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def my_sessions(request: HttpRequest) -> HttpResponse:
    """Upcoming and past sessions the learner registered for, with their calendar feed."""
    registrations = list(
        Registration.objects.filter(user=_signed_in(request))
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session__activity")
        .order_by("session__starts_at")
    )
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {"registration": r, "when": session_when(r.session)} for r in registrations
    ]
    feed = feed_for(request.user)
    feed_url = settings.SITE_URL + reverse("live:calendar_feed", kwargs={"token": feed.token})
    return render(
        request,
        "live/sessions/my_sessions.html",
        {
            "upcoming": [row for row in rows if row["registration"].session.ends_at > now],
            "past": [row for row in rows if row["registration"].session.ends_at <= now],
            "feed_url": feed_url,
        },
    )


@require_POST
@login_required
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    """A new feed address; the old one stops working."""
    reset_feed(request.user)
    messages.success(
        request, "Your calendar feed has a new address. Subscribe to it again in your calendar."
    )
    return redirect("live:my_sessions")
