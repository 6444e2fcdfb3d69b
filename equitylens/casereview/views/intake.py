"""Case intake (with the identifier scan) and the submitter's own submissions.

The submit page is open to any member of the series' organization (series_access logs
each attempt). "My submissions" is not under a series: it logs its own attempts with
record_access, and shows a submission only to the person who submitted it (anyone else
gets the same 404 as for a case that does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.casereview.models import AccessAction, AccessOutcome, Case, CaseSeries
from equitylens.casereview.models import SubmissionKind as Kind
from equitylens.casereview.services.access import (
    can_submit,
    denied,
    record_access,
    series_access,
)
from equitylens.casereview.services.intake import (
    SUMMARY,
    SUMMARY_MAX,
    TITLE,
    TITLE_MAX,
    IntakeError,
    ScanFinding,
    new_submission_token,
    normalise_text,
    status_history,
    submission_of,
    submissions_of,
    submit_case,
)

SUBMITTED_MESSAGE = "Submitted — the review body will look at it."


class SubmissionForm(forms.Form):
    """The intake fields; services.intake validates them (one place for the rules)."""

    # A CharField with radio buttons: the service alone judges the value (one message).
    kind = forms.CharField(
        label="What are you submitting?",
        required=False,
        initial=Kind.CASE,
        widget=forms.RadioSelect(choices=Kind.choices),
        help_text="A case is something that happened; a topic idea is a theme worth a session.",
    )
    title = forms.CharField(
        label="Title",
        required=False,
        strip=False,
        help_text="5 to 200 characters. Describe the issue, not the person, e.g. "
        "“Interpreter not offered at discharge”.",
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX, "autocomplete": "off"}),
    )
    summary = forms.CharField(
        label="What happened, de-identified",
        required=False,
        strip=False,
        help_text="20 to 20,000 characters. Use roles, not names; years, not dates.",
        widget=forms.Textarea(attrs={"rows": 12, "maxlength": SUMMARY_MAX, "spellcheck": "true"}),
    )
    name_hidden = forms.BooleanField(
        label="Do not show my name to the review body",
        required=False,
        help_text="The review body then sees “Name withheld at the submitter's request”. "
        "You still see your submission's status under “My submissions”.",
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)


@dataclass
class Segment:
    """A piece of highlighted text: plain (`finding` None) or a finding; a combination
    finding holds its own pieces in `parts`."""

    text: str = ""
    finding: ScanFinding | None = None
    parts: list[Segment] = field(default_factory=list)


def _plain_and_marks(text: str, start: int, end: int, marks: list[ScanFinding]) -> list[Segment]:
    pieces: list[Segment] = []
    at = start
    for mark in marks:
        if mark.finding.start > at:
            pieces.append(Segment(text[at : mark.finding.start]))
        pieces.append(Segment(text[mark.finding.start : mark.finding.end], mark))
        at = mark.finding.end
    if end > at:
        pieces.append(Segment(text[at:end]))
    return pieces


def highlight(text: str, findings: list[ScanFinding]) -> list[Segment]:
    """`text` cut into plain pieces and findings, in order. A combination finding is
    widened to whole single findings it overlaps, so marks nest and never straddle."""
    singles = sorted((f for f in findings if not f.is_combination), key=lambda f: f.finding.start)
    spans: list[tuple[int, int, ScanFinding]] = []
    for combo in (f for f in findings if f.is_combination):
        start, end = combo.finding.start, combo.finding.end
        for single in singles:
            if single.finding.start < end and single.finding.end > start:
                start, end = min(start, single.finding.start), max(end, single.finding.end)
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, combo))
    pieces: list[Segment] = []
    at = 0
    for start, end, combo in sorted(spans, key=lambda s: s[0]):
        before = [f for f in singles if at <= f.finding.start and f.finding.end <= start]
        pieces += _plain_and_marks(text, at, start, before)
        inside = [f for f in singles if start <= f.finding.start and f.finding.end <= end]
        pieces.append(Segment(finding=combo, parts=_plain_and_marks(text, start, end, inside)))
        at = end
    pieces += _plain_and_marks(text, at, len(text), [f for f in singles if f.finding.start >= at])
    return pieces


def _scan_context(error: IntakeError, title: str, summary: str, confirmed: set[str]) -> Any:
    """What _scan_findings.html needs: the texts as scanned with their marks, and the
    findings in two groups (single identifiers; details that together may identify)."""
    findings = error.findings
    previews = []
    for heading, name, value in (
        ("Title as checked", TITLE, title),
        ("Text as checked", SUMMARY, summary),
    ):
        mine = [f for f in findings if f.field == name]
        if mine:
            previews.append((heading, highlight(normalise_text(value), mine)))
    groups = [
        ("Possible identifiers", "single", [f for f in findings if not f.is_combination]),
        (
            "Details that together may identify someone",
            "combination",
            [f for f in findings if f.is_combination],
        ),
    ]
    return {
        "findings": findings,
        "previews": previews,
        "finding_groups": [group for group in groups if group[2]],
        "unconfirmed": error.unconfirmed,
        "confirmed_keys": {f.key for f in findings if f.key in confirmed},
    }


@series_access(can_submit, refusal="Only members of the series' organization can submit cases.")
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, series: CaseSeries, **kwargs: Any) -> HttpResponse:
    """The intake form; POST scans and saves (or shows the findings to fix or confirm)."""
    context: dict[str, Any] = {"series": series, "findings": []}
    if request.method != "POST":
        form = SubmissionForm(initial={"token": new_submission_token()})
        return render(request, "casereview/submit.html", {**context, "form": form})
    form = SubmissionForm(request.POST)
    form.is_valid()  # every field is optional here; the service judges the values
    data = form.cleaned_data
    confirmed = set(request.POST.getlist("confirm"))
    try:
        case = submit_case(
            series,
            request.user,
            kind=data.get("kind") or "",
            title=data.get("title") or "",
            summary=data.get("summary") or "",
            name_hidden=bool(data.get("name_hidden")),
            confirmations=confirmed,
            token=data.get("token") or "",
        )
    except IntakeError as error:
        for name, message in error.errors.items():
            if name in ("kind", "title", "summary"):
                form.add_error(name, message)
        if "expired" in error.errors:
            form = _with_new_token(form, request.POST)
        context.update(
            _scan_context(error, data.get("title", ""), data.get("summary", ""), confirmed)
        )
        context.update(
            {
                "form": form,
                "token_error": error.errors.get("expired", ""),
                "findings_error": error.errors.get("findings", ""),
                "seen": set(request.POST.getlist("seen")),
            }
        )
        return render(request, "casereview/submit.html", context, status=400)
    messages.success(request, SUBMITTED_MESSAGE)
    return redirect("casereview:my_submission", case_id=case.pk)


def _with_new_token(form: SubmissionForm, posted: QueryDict) -> SubmissionForm:
    """The same form with a fresh one-time token (the posted one was not usable)."""
    data = posted.copy()
    data["token"] = new_submission_token()
    fresh = SubmissionForm(data)
    fresh.is_valid()
    for name, errors in form.errors.items():
        for message in errors:
            fresh.add_error(name if name != "__all__" else None, message)
    return fresh


def my_submissions(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own submissions: number, kind, date and status only."""
    if not request.user.is_authenticated:
        record_access(
            request, action=AccessAction.VIEW, outcome=AccessOutcome.DENIED, reason="not signed in"
        )
        return denied(request, 403, "Sign in to see your submissions.")
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(request)
    record_access(request, action=AccessAction.VIEW, outcome=AccessOutcome.ALLOWED)
    return render(
        request, "casereview/my_submissions.html", {"submissions": submissions_of(request.user)}
    )


def my_submission(request: HttpRequest, case_id: int) -> HttpResponse:
    """One submission, for the person who submitted it: their text and its status history.
    Anyone else gets 404 (whether or not the case exists) and a DENIED log entry."""
    if not request.user.is_authenticated:
        _record_denied(request, case_id, "not signed in")
        return denied(request, 403, "Sign in to see your submission.")
    case = submission_of(request.user, case_id)
    if case is None:
        _record_denied(request, case_id, "not the submitter")
        return denied(request, 404, "There is no such submission of yours.")
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(request, case)
    record_access(
        request,
        action=AccessAction.VIEW,
        outcome=AccessOutcome.ALLOWED,
        series=case.series,
        case=case,
    )
    return render(
        request,
        "casereview/my_submission.html",
        {"case": case, "history": status_history(case)},
    )


def _record_denied(request: HttpRequest, case_id: int, reason: str) -> None:
    """Log a refused look at a submission, with its series and case when it exists."""
    other = Case.objects.select_related("series").filter(pk=case_id).first()
    record_access(
        request,
        action=AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.EDIT,
        outcome=AccessOutcome.DENIED,
        series=other.series if other else None,
        case=other,
        reason=reason if other else f"{reason}: no such submission",
    )


def _not_allowed(request: HttpRequest, case: Case | None = None) -> HttpResponse:
    """These pages only show; any other method is refused (and logged)."""
    record_access(
        request,
        action=AccessAction.EDIT,
        outcome=AccessOutcome.DENIED,
        series=case.series if case else None,
        case=case,
        reason="method not allowed",
    )
    return HttpResponseNotAllowed(["GET", "HEAD"])
