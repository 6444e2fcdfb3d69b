"""Back office: an activity's sessions — list, add/edit, cancel, registrations, series settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity, ActivityFormat
from equitylens.live.models import Registration, RegistrationStatus, Session, SessionMode
from equitylens.live.presentation import session_when
from equitylens.live.services.sessions import (
    COMMON_TIME_ZONES,
    SessionDraft,
    SessionRuleError,
    cancel_session,
    facilitator_candidates,
    has_sessions,
    save_series_settings,
    save_session,
    series_settings,
)

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def time_zone_choices() -> list[tuple[str, str]]:
    common = [(name, name.replace("_", " ")) for name in COMMON_TIME_ZONES]
    rest = sorted(available_timezones() - set(COMMON_TIME_ZONES))
    return [("Common US time zones", common), ("All time zones", [(n, n) for n in rest])]  # type: ignore[list-item]


class FacilitatorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class SessionForm(forms.Form):
    title = forms.CharField(
        required=False,
        max_length=200,
        label="Title (optional)",
        help_text="E.g. “March: Language access”.",
    )
    starts_local = forms.DateTimeField(
        label="Starts",
        help_text="Local time where the session happens (the time zone below).",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        error_messages={
            "required": "Enter the date and time the session starts.",
            "invalid": "Enter the start as a date and time, e.g. 2026-03-12 10:00.",
        },
    )
    ends_local = forms.DateTimeField(
        label="Ends",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        error_messages={
            "required": "Enter the date and time the session ends.",
            "invalid": "Enter the end as a date and time, e.g. 2026-03-12 11:00.",
        },
    )
    time_zone = forms.ChoiceField(label="Time zone", initial="America/New_York")
    mode = forms.ChoiceField(
        label="How people take part",
        choices=SessionMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person or virtual."},
    )
    location = forms.CharField(
        required=False,
        label="Location (in person)",
        help_text="Address and room.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting_url = forms.URLField(
        required=False,
        label="Meeting link (virtual)",
        help_text="Starts with https://; shown only to registered learners.",
        error_messages={"invalid": "Enter the full meeting link, starting with https://."},
    )
    capacity = forms.IntegerField(
        required=False,
        label="Capacity",
        min_value=0,
        help_text="Empty: no limit (a dialogue series uses its default capacity).",
        error_messages={"invalid": "Capacity is a whole number, e.g. 25."},
    )
    facilitators = FacilitatorChoice(
        queryset=facilitator_candidates(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Facilitators",
    )
    pre_reading_title = forms.CharField(required=False, max_length=200, label="Pre-reading title")
    pre_reading_url = forms.URLField(
        required=False,
        label="Pre-reading link",
        error_messages={"invalid": "Enter the full link, starting with https://."},
    )
    pre_reading_text = forms.CharField(
        required=False,
        label="Pre-reading note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the session page from 7 days before it starts.",
    )
    community_event = forms.BooleanField(
        required=False, label="List among the community of practice's events"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = facilitator_candidates()  # type: ignore[attr-defined]

    def draft(self) -> SessionDraft:
        data = self.cleaned_data
        return SessionDraft(
            starts_local=data["starts_local"],
            ends_local=data["ends_local"],
            time_zone=data["time_zone"],
            mode=data["mode"],
            title=data["title"],
            location=data["location"],
            meeting_url=data["meeting_url"],
            capacity=data["capacity"],
            facilitators=list(data["facilitators"]),
            pre_reading_title=data["pre_reading_title"],
            pre_reading_url=data["pre_reading_url"],
            pre_reading_text=data["pre_reading_text"],
            community_event=data["community_event"],
        )


def initial_for(session: Session) -> dict[str, Any]:
    zone = ZoneInfo(session.time_zone)
    return {
        "title": session.title,
        "starts_local": session.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_local": session.ends_at.astimezone(zone).replace(tzinfo=None),
        "time_zone": session.time_zone,
        "mode": session.mode,
        "location": session.location,
        "meeting_url": session.meeting_url,
        "capacity": session.capacity,
        "facilitators": list(session.facilitators.all()),
        "pre_reading_title": session.pre_reading_title,
        "pre_reading_url": session.pre_reading_url,
        "pre_reading_text": session.pre_reading_text,
        "community_event": session.community_event,
    }


class SeriesSettingsForm(forms.Form):
    is_dialogue = forms.BooleanField(
        required=False,
        label="This is a dialogue series",
        help_text="Registrants must agree to the ground rules; capacity defaults to 30.",
    )
    ground_rules = forms.CharField(
        required=False,
        label="Ground rules",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Shown on every session page; registrants tick that they agree.",
    )
    default_capacity = forms.IntegerField(
        required=False,
        min_value=0,
        label="Default capacity",
        help_text="Used when a session's capacity is left empty.",
        error_messages={"invalid": "Default capacity is a whole number, e.g. 30."},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every registrant receives it by e-mail.",
        error_messages={"required": "Give a reason; registrants will read it."},
    )


def _activity(slug: str) -> Activity:
    activity = get_object_or_404(Activity, slug=slug)
    if not has_sessions(activity):
        raise Http404("This activity has no sessions")
    return activity


def _session(activity: Activity, pk: int) -> Session:
    return get_object_or_404(Session, activity=activity, pk=pk)


def _apply_errors(form: forms.Form, error: SessionRuleError) -> None:
    for name, message in error.errors.items():
        form.add_error(None if name == "__all__" or name not in form.fields else name, message)


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity's sessions with registered and waitlist counts."""
    activity = _activity(slug)
    rows = []
    for session in Session.objects.filter(activity=activity).select_related("private_to"):
        counts = Registration.objects.filter(session=session)
        rows.append(
            {
                "session": session,
                "when": session_when(session),
                "registered": counts.filter(status=RegistrationStatus.REGISTERED).count(),
                "waitlisted": counts.filter(status=RegistrationStatus.WAITLISTED).count(),
            }
        )
    return render(
        request,
        "coordinator/sessions/list.html",
        {
            "activity": activity,
            "rows": rows,
            "settings_row": series_settings(activity),
            "is_series": activity.format == ActivityFormat.RSS,
        },
    )


def _form_page(
    request: HttpRequest,
    activity: Activity,
    form: SessionForm,
    session: Session | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "coordinator/sessions/form.html",
        {
            "activity": activity,
            "form": form,
            "session": session,
            "cancel_form": CancelForm() if session else None,
        },
        status=status,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a session; the rules are checked field by field."""
    activity = _activity(slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = save_session(activity, None, form.draft(), by=request.user)
        except SessionRuleError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Session added.")
            return redirect("coordinator:session_edit", slug=activity.slug, pk=session.pk)
    return _form_page(request, activity, form, None, status=400 if form.errors else 200)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit a session; moving it re-schedules reminders."""
    activity = _activity(slug)
    session = _session(activity, pk)
    form = SessionForm(request.POST or None, initial=initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            save_session(activity, session, form.draft(), by=request.user)
        except SessionRuleError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect("coordinator:session_edit", slug=activity.slug, pk=session.pk)
    return _form_page(request, activity, form, session, status=400 if form.errors else 200)


@coordinator_required
@require_POST
def session_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel a session with a reason; registrants are e-mailed."""
    activity = _activity(slug)
    session = _session(activity, pk)
    cancel_form = CancelForm(request.POST)
    if cancel_form.is_valid():
        cancel_session(session, cancel_form.cleaned_data["reason"], by=request.user)
        messages.success(request, "Session cancelled; registrants are being e-mailed.")
        return redirect("coordinator:sessions", slug=activity.slug)
    form = SessionForm(initial=initial_for(session))
    return render(
        request,
        "coordinator/sessions/form.html",
        {"activity": activity, "form": form, "session": session, "cancel_form": cancel_form},
        status=400,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def session_registrations(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who registered, who waits (in order), and their needs answers."""
    activity = _activity(slug)
    session = _session(activity, pk)
    registrations = (
        Registration.objects.filter(session=session)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )
    return render(
        request,
        "coordinator/sessions/registrations.html",
        {
            "activity": activity,
            "session": session,
            "when": session_when(session),
            "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            "waitlisted": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
            "cancelled": [r for r in registrations if r.status == RegistrationStatus.CANCELLED],
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def series_settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A series' shared settings: dialogue flag, ground rules, default capacity."""
    activity = _activity(slug)
    if activity.format != ActivityFormat.RSS:
        raise Http404("Only series have series settings")
    row = series_settings(activity)
    initial = (
        {
            "is_dialogue": row.is_dialogue,
            "ground_rules": row.ground_rules,
            "default_capacity": row.default_capacity,
        }
        if row
        else {}
    )
    form = SeriesSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_series_settings(activity, **form.cleaned_data, by=request.user)
        except SessionRuleError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Series settings saved.")
            return redirect("coordinator:sessions", slug=activity.slug)
    return render(
        request,
        "coordinator/sessions/series_settings.html",
        {"activity": activity, "form": form},
        status=400 if form.errors else 200,
    )
