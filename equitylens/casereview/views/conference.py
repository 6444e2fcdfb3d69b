"""Conference sessions: schedule, overview, the facilitator's run screen, themes, survey.

Rules live in services.conference and services.survey; these views read the form, call
a service and render. Every view is guarded by series_access (logged); a session of
another series is a 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from equitylens.casereview.models import (
    AccessOutcome,
    AgendaItem,
    CaseSeries,
    CaseStatus,
    ConferenceSession,
    ConferenceStatus,
)
from equitylens.casereview.services.access import (
    denied,
    is_review_member,
    is_series_facilitator,
    record_access,
    series_access,
)
from equitylens.casereview.services.cases import CaseTransitionError
from equitylens.casereview.services.conference import (
    ConferenceDraft,
    ConferenceError,
    IdentifierWarning,
    finish_conference,
    mark_presented,
    record_theme,
    run_step,
    schedule_conference,
    start_conference,
)
from equitylens.casereview.services.review_body import members_pending_acknowledgment
from equitylens.casereview.services.survey import (
    check_answers,
    has_answered,
    submit_survey,
    survey_open,
    survey_results,
)
from equitylens.casereview.views.conference_forms import ConferenceForm, SurveyForm, highlight
from equitylens.live.presentation import span_text
from equitylens.live.services.sessions import COMMON_TIME_ZONES


def _conference(series: CaseSeries, conference_id: int) -> ConferenceSession | None:
    return (
        ConferenceSession.objects.select_related("series", "live_session")
        .filter(series=series, pk=conference_id)
        .first()
    )


def _missing(request: HttpRequest, series: CaseSeries, conference_id: int) -> HttpResponse:
    record_access(
        request,
        action="view" if request.method in ("GET", "HEAD") else "edit",
        outcome=AccessOutcome.DENIED,
        series=series,
        reason=f"no session {conference_id}",
    )
    return denied(request, 404, "There is no such session in this series.")


@series_access(is_series_facilitator, refusal="Only the series' facilitators schedule sessions.")
@require_http_methods(["GET", "HEAD", "POST"])
def conference_new(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """Schedule a session with its agenda (and its live RSS session, when there is one)."""
    form = ConferenceForm(series, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = ConferenceDraft(
            title=data["title"],
            starts_local=datetime.combine(data["date"], data["start_time"]),
            ends_local=datetime.combine(data["date"], data["end_time"]),
            time_zone=data["time_zone"].strip(),
            mode=data.get("mode", ""),
            location=data.get("location", ""),
            meeting_url=data.get("meeting_url", "").strip(),
        )
        try:
            conference = schedule_conference(series, request.user, draft, form.ordered_cases())
        except ConferenceError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            return redirect(
                "casereview:conference", series_id=series.pk, conference_id=conference.pk
            )
    context = {"series": series, "form": form, "time_zones": COMMON_TIME_ZONES}
    return render(
        request, "casereview/conference_new.html", context, status=400 if form.errors else 200
    )


@series_access(is_review_member)
@require_http_methods(["GET", "HEAD"])
def conference_detail(
    request: HttpRequest, series: CaseSeries, conference_id: int, **kwargs: Any
) -> HttpResponse:
    """The session: time, place, agenda, links to run it and to the survey; results."""
    conference = _conference(series, conference_id)
    if conference is None:
        return _missing(request, series, conference_id)
    facilitator = is_series_facilitator(request.user, series)
    context = {
        "series": series,
        "conference": conference,
        "when": span_text(conference.starts_at, conference.ends_at, conference.time_zone),
        "live": conference.live_session,
        "agenda": conference.agenda.select_related("case").order_by("position", "pk"),
        "facilitator": facilitator,
        "survey_open": survey_open(conference),
        "answered": has_answered(conference, request.user),
        "results": survey_results(conference) if facilitator else None,
    }
    return render(request, "casereview/conference_detail.html", context)


def _parse_step(value: str | None) -> int | None:
    if value is None or value == "":
        return 0
    return int(value) if value.isdigit() and len(value) < 4 else None


def _render_run(
    request: HttpRequest,
    conference: ConferenceSession,
    number: int,
    *,
    error: str = "",
    theme: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    step = run_step(conference, number)
    if step is None:
        return denied(request, 404, "There is no such step in this session.")
    series = conference.series
    context = {
        "series": series,
        "conference": conference,
        "step": step,
        "case": step.item.case if step.item else None,
        "unacknowledged": members_pending_acknowledgment(series) if number == 0 else [],
        "error": error,
        "theme": theme or {},
        "themes_open": conference.status != ConferenceStatus.PLANNED,
        "can_present": step.item is not None and step.item.case.status == CaseStatus.PREPARED,
    }
    return render(request, "casereview/conference_run.html", context, status=status)


@series_access(is_series_facilitator, refusal="Only the series' facilitators run sessions.")
@require_http_methods(["GET", "HEAD", "POST"])
def conference_run(
    request: HttpRequest, series: CaseSeries, conference_id: int, **kwargs: Any
) -> HttpResponse:
    """The projected run screen, one step at a time (?step=); POST starts or finishes the
    session or marks the step's case presented."""
    conference = _conference(series, conference_id)
    if conference is None:
        return _missing(request, series, conference_id)
    source = request.POST if request.method == "POST" else request.GET
    number = _parse_step(source.get("step"))
    if number is None:
        return render(
            request,
            "casereview/denied.html",
            {"status": 400, "message": "The step must be a whole number, e.g. ?step=1."},
            status=400,
        )
    if request.method != "POST":
        return _render_run(request, conference, number)
    step = run_step(conference, number)
    if step is None:
        return denied(request, 404, "There is no such step in this session.")
    command = request.POST.get("command", "")
    try:
        if command == "start":
            start_conference(conference, request.user)
        elif command == "finish":
            finish_conference(conference, request.user)
        elif command == "present" and step.item is not None:
            mark_presented(step.item, request.user)
        else:
            return _render_run(
                request, conference, number, error="Unknown button; reload the page.", status=400
            )
    except ConferenceError as problem:
        return _render_run(
            request, conference, number, error=" ".join(problem.errors.values()), status=400
        )
    except CaseTransitionError as problem:
        return _render_run(request, conference, number, error=str(problem), status=400)
    url = reverse("casereview:conference_run", args=[series.pk, conference.pk])
    return redirect(f"{url}?step={number}")


@series_access(is_series_facilitator, refusal="Only the series' facilitators record themes.")
@require_http_methods(["POST"])
def conference_theme(
    request: HttpRequest, series: CaseSeries, conference_id: int, **kwargs: Any
) -> HttpResponse:
    """Record a discussion theme for one framing question of one agenda case."""
    conference = _conference(series, conference_id)
    if conference is None:
        return _missing(request, series, conference_id)
    item_id, index = request.POST.get("agenda_item", ""), request.POST.get("question", "")
    if not item_id.isdigit() or not index.isdigit():
        return render(
            request,
            "casereview/denied.html",
            {"status": 400, "message": "The theme form is incomplete; reload the run screen."},
            status=400,
        )
    agenda = list(conference.agenda.order_by("position", "pk").values_list("pk", flat=True))
    if int(item_id) not in agenda:
        return denied(request, 404, "There is no such case on this session's agenda.")
    item = AgendaItem.objects.select_related("conference__series").get(pk=int(item_id))
    number, text = agenda.index(item.pk) + 1, request.POST.get("text", "")
    confirmed = request.POST.get("confirm") == "yes"
    theme: dict[str, Any] = {"question": int(index), "text": text}
    try:
        record_theme(item, int(index), text, request.user, confirmed=confirmed)
    except IdentifierWarning as warning:
        theme["findings"] = warning.findings
        theme["parts"] = highlight(text.strip(), warning.findings)
        return _render_run(request, conference, number, theme=theme, status=400)
    except ConferenceError as problem:
        if "text" not in problem.errors:  # not about the text: shown at the top
            error = " ".join(problem.errors.values())
            return _render_run(request, conference, number, error=error, status=400)
        theme["errors"] = list(problem.errors.values())
        return _render_run(request, conference, number, theme=theme, status=400)
    url = reverse("casereview:conference_run", args=[series.pk, conference.pk])
    return redirect(f"{url}?step={number}#question-{int(index) + 1}")


@series_access(is_review_member)
@require_http_methods(["GET", "HEAD", "POST"])
def conference_survey(
    request: HttpRequest, series: CaseSeries, conference_id: int, **kwargs: Any
) -> HttpResponse:
    """The post-session survey: once per member, from the moment the session started."""
    conference = _conference(series, conference_id)
    if conference is None:
        return _missing(request, series, conference_id)
    form = SurveyForm(request.POST or None)
    context: dict[str, Any] = {"series": series, "conference": conference, "form": form}
    status = 200
    if not survey_open(conference):
        context["closed"] = True
        status = 400 if request.method == "POST" else 200
    elif has_answered(conference, request.user):
        context["answered"] = True
    elif request.method == "POST" and not form.is_valid():
        for field, message in check_answers(form.answers()).items():
            if field not in form.errors:
                form.add_error(field, message)
    elif request.method == "POST":
        try:
            _, created = submit_survey(
                conference,
                request.user,
                form.answers(),
                confirmed=request.POST.get("confirm") == "yes",
            )
        except IdentifierWarning as warning:
            context["parts"] = highlight(form.answers().comment.strip(), warning.findings)
            context["findings"] = warning.findings
            status = 400
        except ConferenceError as problem:
            for field, message in problem.errors.items():
                form.add_error(field if field in form.fields else None, message)
            status = 400
        else:
            context["answered"] = True
            context["thanks"] = created
    if form.errors:
        status = 400
    return render(request, "casereview/conference_survey.html", context, status=status)
