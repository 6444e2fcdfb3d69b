"""Series home, setup, review body and ground rules.

Views only parse, call services.series and render. Every view writes the access log:
the series views through `series_access`, the home page and "new series" (which are not
under a series) through `record_access` themselves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.models import MembershipRole, Organization
from equitylens.accounts.permissions import has_role
from equitylens.casereview.models import (
    DEFAULT_FRAMING_QUESTIONS,
    AccessAction,
    AccessOutcome,
    CaseSeries,
    ReviewBodyMember,
    ReviewRole,
)
from equitylens.casereview.services.access import (
    can_manage_series,
    denied,
    is_review_member,
    is_series_facilitator,
    record_access,
    review_seat,
    series_access,
)
from equitylens.casereview.services.series import (
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    SeriesDetails,
    SeriesError,
    acknowledge_ground_rules,
    add_member,
    change_member,
    create_series,
    has_acknowledged,
    my_series,
    remove_member,
    rss_activities,
    series_overview,
    update_series,
)

READ = ["GET", "HEAD"]
READ_WRITE = ["GET", "HEAD", "POST"]


class SeriesForm(forms.Form):
    """The series' details. Fields are optional here so the service's specific messages
    (which name the field and the fix) are the ones shown."""

    title = forms.CharField(required=False, widget=forms.TextInput(attrs={"maxlength": 200}))
    goals = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the group wants to achieve together.",
    )
    ground_rules = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Agreed before the first session. Every member acknowledges them; changing "
        "the goals or the ground rules asks everyone to acknowledge them again.",
    )
    credit_activity = forms.ModelChoiceField(
        queryset=rss_activities(),
        required=False,
        label="Credit activity (optional)",
        empty_label="None yet",
        help_text="The catalog's regularly scheduled series (RSS) whose sessions will be this "
        "series' conference sessions, so attending a conference can earn credit.",
        error_messages={"invalid_choice": "Choose one of the regularly scheduled series listed."},
    )
    retention_days = forms.IntegerField(
        required=False,
        label="Keep closed cases for (days)",
        help_text=f"Between {RETENTION_MIN_DAYS} and {RETENTION_MAX_DAYS}. After this many days "
        "a closed case is purged and only de-identified counts remain.",
        error_messages={"invalid": "Enter the number of days as a whole number, e.g. 730."},
    )

    def details(self) -> SeriesDetails:
        data = self.cleaned_data
        return SeriesDetails(
            title=data["title"],
            goals=data["goals"],
            ground_rules=data["ground_rules"],
            credit_activity=data["credit_activity"],
            retention_days=data["retention_days"],
        )


class NewSeriesForm(SeriesForm):
    facilitator_email = forms.CharField(
        required=False,
        label="First facilitator's e-mail address",
        help_text="A member of the organization; it may be you. More people join the review "
        "body once the series exists.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    facilitator_qualifications = forms.CharField(
        required=False,
        label="Facilitator's qualifications",
        help_text="Their training and experience in facilitating equity discussions.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SetupForm(SeriesForm):
    framing_questions = forms.CharField(
        required=False,
        label="Framing questions, one per line",
        help_text="1 to 8 questions of 10 to 300 characters. Every case of the series is "
        "discussed with them; they are fixed once the first case is submitted.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reset_framing = forms.BooleanField(
        required=False, label="Reset to the four default framing questions"
    )

    def __init__(self, *args: Any, framing_editable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not framing_editable:
            del self.fields["framing_questions"]
            del self.fields["reset_framing"]


class MemberForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "Choose a role"), *ReviewRole.choices], required=False)
    qualifications = forms.CharField(
        required=False,
        label="Qualifications",
        help_text="Required for facilitators: their training and experience in facilitation.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddMemberForm(MemberForm):
    email = forms.CharField(
        required=False,
        label="E-mail address",
        help_text="Of a member of the organization.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["email", "role", "qualifications"]


def _show_errors(form: forms.Form, error: SeriesError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def _kind(request: HttpRequest) -> str:
    return AccessAction.VIEW if request.method in READ else AccessAction.EDIT


def _refuse(request: HttpRequest, status: int, reason: str, message: str) -> HttpResponse:
    """Log a denied attempt at a page that is not under a series and show the refusal."""
    record_access(request, action=_kind(request), outcome=AccessOutcome.DENIED, reason=reason)
    return denied(request, status, message)


def _method_not_allowed(allowed: list[str]) -> HttpResponse:
    return HttpResponse(status=405, headers={"Allow": ", ".join(allowed)})


def home(request: HttpRequest) -> HttpResponse:
    """My seats, the series I may submit to and, for admins, their organizations' series."""
    if not request.user.is_authenticated:
        return _refuse(request, 403, "not signed in", "Sign in to see your case-review series.")
    record_access(request, action=_kind(request), outcome=AccessOutcome.ALLOWED)
    if request.method not in READ:
        return _method_not_allowed(READ)
    return render(request, "casereview/home.html", {"mine": my_series(request.user)})


def series_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Set up a series (admins of the organization only, not platform coordinators)."""
    if not request.user.is_authenticated:
        return _refuse(request, 403, "not signed in", "Sign in to set up a series.")
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        return _refuse(request, 404, "no such organization", "There is no such organization.")
    if not has_role(request.user, organization, MembershipRole.ORG_ADMIN):
        return _refuse(
            request,
            403,
            "not allowed: organization admin",
            "Only the organization's admins can set up a case-review series.",
        )
    record_access(request, action=_kind(request), outcome=AccessOutcome.ALLOWED)
    if request.method not in READ_WRITE:
        return _method_not_allowed(READ_WRITE)
    form = NewSeriesForm(
        request.POST or None,
        initial={"retention_days": 730, "facilitator_email": request.user.email},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            series = create_series(
                organization,
                request.user,
                form.details(),
                facilitator_email=form.cleaned_data["facilitator_email"],
                facilitator_qualifications=form.cleaned_data["facilitator_qualifications"],
            )
        except SeriesError as error:
            title = form.cleaned_data["title"].strip()
            _show_errors(form, error)
            existing = CaseSeries.objects.filter(
                organization=organization, title__iexact=title
            ).first()
        else:
            messages.success(request, "The series is set up. Add the rest of the review body.")
            return redirect("casereview:members", series_id=series.pk)
    return render(
        request,
        "casereview/series_new.html",
        {"organization": organization, "form": form, "existing": existing},
        status=400 if form.errors else 200,
    )


@series_access(is_review_member)
@require_http_methods(READ)
def series_page(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The review body's overview: goals, rules, questions, counts, sessions, actions."""
    return render(
        request,
        "casereview/series_page.html",
        {
            "series": series,
            "overview": series_overview(series),
            "acknowledged": has_acknowledged(request.user, series),
            "is_facilitator": is_series_facilitator(request.user, series),
        },
    )


@series_access(can_manage_series)
@require_http_methods(READ_WRITE)
def series_setup(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """Edit the series; the framing questions only until the first case is submitted."""
    editable = series.framing_fixed_at is None
    form = SetupForm(
        request.POST or None,
        framing_editable=editable,
        initial={
            "title": series.title,
            "goals": series.goals,
            "ground_rules": series.ground_rules,
            "credit_activity": series.credit_activity_id,
            "retention_days": series.retention_days,
            "framing_questions": "\n".join(series.framing_questions),
        },
    )
    if request.method == "POST" and form.is_valid():
        questions: list[str] | None = None
        if form.cleaned_data.get("reset_framing"):
            questions = list(DEFAULT_FRAMING_QUESTIONS)
        elif "framing_questions" in request.POST:
            questions = request.POST["framing_questions"].splitlines()
        version = series.ground_rules_version
        try:
            updated = update_series(series, request.user, form.details(), questions)
        except SeriesError as error:
            _show_errors(form, error)
        else:
            note = "Saved."
            if updated.ground_rules_version != version:
                note += (
                    f" Goals or ground rules changed: every member is asked to acknowledge "
                    f"version {updated.ground_rules_version}."
                )
            messages.success(request, note)
            return redirect("casereview:series_setup", series_id=series.pk)
    return render(
        request,
        "casereview/series_setup.html",
        {"series": series, "form": form, "editable": editable},
        status=400 if form.errors else 200,
    )


@series_access(can_manage_series)
@require_http_methods(READ_WRITE)
def members(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The review body's seats and a form to add (or restore) a member."""
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = add_member(
                series,
                request.user,
                email=data["email"],
                role=data["role"],
                qualifications=data["qualifications"],
            )
        except SeriesError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, f"{seat.user.display_name} has a seat as {seat.get_role_display()}."
            )
            return redirect("casereview:members", series_id=series.pk)
    seats = list(series.members.select_related("user", "added_by"))
    return render(
        request,
        "casereview/members.html",
        {
            "series": series,
            "form": form,
            "current": [s for s in seats if s.removed_at is None],
            "removed": [s for s in seats if s.removed_at is not None],
        },
        status=400 if form.errors else 200,
    )


@series_access(can_manage_series)
@require_http_methods(READ_WRITE)
def member_edit(
    request: HttpRequest, series: CaseSeries, member_id: int, **kwargs: Any
) -> HttpResponse:
    """Change a member's role and qualifications, or remove them (never deleted)."""
    seat = (
        ReviewBodyMember.objects.select_related("user").filter(series=series, pk=member_id).first()
    )
    if seat is None:
        record_access(
            request,
            action=_kind(request),
            outcome=AccessOutcome.DENIED,
            series=series,
            reason=f"no member {member_id}",
        )
        return denied(request, 404, "There is no such member in this series' review body.")
    initial = {"role": seat.role, "qualifications": seat.qualifications}
    removing = request.method == "POST" and "remove" in request.POST
    form = MemberForm(None if removing else request.POST or None, initial=initial)
    refusal = ""
    if removing:
        try:
            remove_member(series, request.user, seat)
        except SeriesError as error:
            refusal = " ".join(error.errors.values())
        else:
            messages.success(request, f"{seat.user.display_name} no longer has a seat.")
            return redirect("casereview:members", series_id=series.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            change_member(
                series,
                request.user,
                seat,
                role=form.cleaned_data["role"],
                qualifications=form.cleaned_data["qualifications"],
            )
        except SeriesError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"Saved {seat.user.display_name}'s seat.")
            return redirect("casereview:members", series_id=series.pk)
    return render(
        request,
        "casereview/member_edit.html",
        {
            "series": series,
            "seat": seat,
            "form": form,
            "refusal": refusal,
            "is_self": seat.user_id == request.user.pk,
        },
        status=400 if form.errors or refusal else 200,
    )


@series_access(is_review_member)
@require_http_methods(READ_WRITE)
def ground_rules(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """Goals, ground rules and framing questions; POST acknowledges the current version."""
    if request.method == "POST":
        try:
            acknowledge_ground_rules(series, request.user)
        except SeriesError as error:
            messages.error(request, " ".join(error.errors.values()))
        else:
            messages.success(
                request,
                f"You acknowledged the goals and ground rules (version "
                f"{series.ground_rules_version}).",
            )
        return redirect("casereview:ground_rules", series_id=series.pk)
    return render(
        request,
        "casereview/ground_rules.html",
        {
            "series": series,
            "seat": review_seat(request.user, series),
            "acknowledged": has_acknowledged(request.user, series),
        },
    )
