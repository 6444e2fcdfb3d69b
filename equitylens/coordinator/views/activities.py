"""Back office screens for activities: list, create, edit, duplicate."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.forms import ActivityFilterForm
from equitylens.catalog.models import Activity, CreditOffering, CreditType
from equitylens.catalog.models.credits import MOC_BOARD_BY_CREDIT_TYPE
from equitylens.catalog.services.authoring import (
    AuthoringError,
    coordinator_activities,
    duplicate_activity,
    save_activity,
)
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.coordinator.editor import ActivityEditor
from equitylens.coordinator.views.activity_page import render_activity_page

PAGE_SIZE = 50

SHORT_CREDIT_NAMES = {
    CreditType.AMA_PRA_1: "AMA PRA Cat 1",
    CreditType.PARTICIPATION: "Participation",
    CreditType.NURSING: "Nursing",
    **{credit_type: f"{board} MOC" for credit_type, board in MOC_BOARD_BY_CREDIT_TYPE.items()},
}


def credit_summary(offerings: list[CreditOffering]) -> list[str]:
    """Short lines for the list: "AMA PRA Cat 1: 2.0 credits"."""
    return [
        f"{SHORT_CREDIT_NAMES.get(o.credit_type, o.credit_type)}: "
        f"{format_credit_amount(o.amount)} {o.get_unit_display()}"
        for o in offerings
    ]


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def activity_list(request: HttpRequest) -> HttpResponse:
    """Every activity, any status or audience, filtered by status, format and text."""
    filters = ActivityFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    activities = coordinator_activities(
        text=wanted.get("q", ""), status=wanted.get("status", ""), format=wanted.get("format", "")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, credit_summary(list(a.credit_offerings.all()))) for a in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordinator/activity_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "filtered": any(wanted.values()),
            "query": query.urlencode(),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    """Create an activity; it starts in development."""
    user = request.user
    if request.method == "POST":
        editor = ActivityEditor(request.POST)
        if editor.is_valid():
            try:
                activity = save_activity(None, *editor.save_arguments(), by=user)
            except AuthoringError as error:
                editor.show_errors(error)
            else:
                messages.success(
                    request,
                    f"Created “{activity.title}”. It stays in development, unseen by "
                    "learners, until you open it.",
                )
                return redirect("coordinator:activity_edit", slug=activity.slug)
    else:
        editor = ActivityEditor(
            contact_name=getattr(user, "display_name", ""), contact_email=getattr(user, "email", "")
        )
    return render_activity_page(request, editor)


@coordinator_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an activity's details, objectives and credit; status has its own buttons."""
    activity = get_object_or_404(Activity, slug=slug)
    if request.method == "POST":
        editor = ActivityEditor(request.POST, activity=activity)
        if editor.is_valid():
            try:
                activity = save_activity(activity, *editor.save_arguments(), by=request.user)
            except AuthoringError as error:
                editor.show_errors(error)
            else:
                messages.success(request, f"Saved “{activity.title}”.")
                return redirect("coordinator:activity_edit", slug=activity.slug)
    else:
        editor = ActivityEditor(activity=activity)
    return render_activity_page(request, editor, activity)


@coordinator_required
@require_POST
def activity_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    """Copy an activity into a new one in development and open the copy for editing."""
    activity = get_object_or_404(Activity, slug=slug)
    copy = duplicate_activity(activity, by=request.user)
    messages.success(
        request,
        f"Copied “{activity.title}”. This copy is in development; change what differs, "
        "then open it.",
    )
    return redirect("coordinator:activity_edit", slug=copy.slug)
