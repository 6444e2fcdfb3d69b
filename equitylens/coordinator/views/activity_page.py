"""The activity edit page as the edit, new and status views all render it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equitylens.audit.models import LogEntry
from equitylens.audit.services import entries_for
from equitylens.catalog.forms import ActivityForm
from equitylens.catalog.models import Activity, ActivityStatus, CreditType
from equitylens.catalog.services.lifecycle import ALLOWED_TRANSITIONS, problems_before_opening
from equitylens.coordinator.editor import ActivityEditor, ErrorLink

HISTORY_LENGTH = 12

# What the button for each transition says, by (from, to).
TRANSITION_LABELS: dict[tuple[str, str], str] = {
    (ActivityStatus.IN_DEVELOPMENT, ActivityStatus.OPEN): "Open for registration",
    (ActivityStatus.CLOSED, ActivityStatus.OPEN): "Reopen for registration",
    (ActivityStatus.OPEN, ActivityStatus.CLOSED): "Close registration",
    (ActivityStatus.OPEN, ActivityStatus.EXPIRED): "Mark as expired",
    (ActivityStatus.CLOSED, ActivityStatus.EXPIRED): "Mark as expired",
    (ActivityStatus.EXPIRED, ActivityStatus.IN_DEVELOPMENT): "Return to development for review",
}
# Order in which the buttons appear: the forward step first.
_BUTTON_ORDER = [
    ActivityStatus.OPEN,
    ActivityStatus.CLOSED,
    ActivityStatus.IN_DEVELOPMENT,
    ActivityStatus.EXPIRED,
]

# A lifecycle problem starts with a label; this is where on the page that label lives.
_PROBLEM_ANCHORS = {
    "Start date": "id_starts_on",
    "Release date": "id_starts_on",
    "End date": "id_ends_on",
    "Expiration date": "id_ends_on",
    "Learning objectives": "objectives",
    "Credit": "credits",
    "Audience": "id_audience_0",
    **{CreditType(t).label: f"id_credit-{t}-amount" for t in CreditType.values},
}

_FIELD_NAMES = {
    **{
        name: str(field.label or name.replace("_", " "))
        for name, field in ActivityForm.base_fields.items()
    },
    "starts_on": "dates",
    "ends_on": "dates",
    "objectives": "learning objectives",
    "credit_offerings": "credit",
}


def transitions(activity: Activity) -> list[dict[str, str]]:
    """The status changes allowed from the activity's status, as buttons."""
    allowed = ALLOWED_TRANSITIONS.get(activity.status, set())
    return [
        {
            "status": str(target),
            "label": TRANSITION_LABELS.get((activity.status, target), target.label),
            "primary": "yes" if target == ActivityStatus.OPEN else "",
        }
        for target in _BUTTON_ORDER
        if target in allowed
    ]


def problem_links(problems: list[str]) -> list[ErrorLink]:
    """Lifecycle problems ("Release date: …") linked to the field each one names."""
    links = []
    for problem in problems:
        label, _, message = problem.partition(": ")
        anchor = _PROBLEM_ANCHORS.get(label, "")
        if anchor and message:
            links.append(ErrorLink(label, message[:1].upper() + message[1:], anchor))
        else:
            links.append(ErrorLink("", problem, anchor))
    return links


def describe(entry: LogEntry) -> str:
    """One audit entry about an activity, in words."""
    data = entry.data or {}
    if entry.action == "activity.created":
        return "Created"
    if entry.action == "activity.updated":
        fields = sorted(
            {_FIELD_NAMES.get(f, f.replace("_", " ")).lower() for f in data.get("changed", [])}
        )
        return "Edited " + ", ".join(fields) if fields else "Edited"
    if entry.action == "activity.status_changed":
        old = _status_label(data.get("old"))
        new = _status_label(data.get("new"))
        reason = f" ({data['reason']})" if data.get("reason") else ""
        return f"Status changed from {old} to {new}{reason}"
    if entry.action == "activity.duplicated":
        return f"Created as a copy of “{data.get('source_title', 'another activity')}”"
    if entry.action == "activity.contact_message":
        return "A question arrived through “contact the coordinator”"
    return entry.action


def _status_label(value: Any) -> str:
    try:
        return ActivityStatus(value).label.lower()
    except ValueError:
        return str(value)


def history(activity: Activity) -> list[dict[str, Any]]:
    """The latest audit entries about the activity, newest first."""
    entries = entries_for(activity).select_related("actor")[:HISTORY_LENGTH]
    return [
        {
            "when": entry.created_at,
            "who": entry.actor.display_name if entry.actor else "The system",
            "what": describe(entry),
        }
        for entry in entries
    ]


def render_activity_page(
    request: HttpRequest,
    editor: ActivityEditor,
    activity: Activity | None = None,
    *,
    refused: list[str] | None = None,
    refused_status: str = "",
    status: int = 200,
) -> HttpResponse:
    """The new/edit page: the form with its error summary, and for an existing
    activity its status buttons, opening checklist and history."""
    context: dict[str, Any] = {"editor": editor, "activity": activity}
    if activity is not None:
        checklist = []
        if activity.status in {ActivityStatus.IN_DEVELOPMENT, ActivityStatus.CLOSED}:
            checklist = problem_links(problems_before_opening(activity))
        context.update(
            transitions=transitions(activity),
            checklist=checklist,
            history=history(activity),
            refused=problem_links(refused or []),
            refused_heading=_refused_heading(activity, refused_status) if refused else "",
        )
    return render(request, "coordinator/activity_form.html", context, status=status)


def _refused_heading(activity: Activity, refused_status: str) -> str:
    label = TRANSITION_LABELS.get((activity.status, refused_status), "change the status")
    return f"Could not {label[:1].lower()}{label[1:]} — fix these first"
