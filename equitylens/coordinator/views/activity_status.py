"""Changing an activity's status from its edit page (rules: catalog.services.lifecycle)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity, ActivityStatus
from equitylens.catalog.services.lifecycle import TransitionError, change_status
from equitylens.coordinator.editor import ActivityEditor
from equitylens.coordinator.views.activity_page import render_activity_page


@coordinator_required
@require_POST
def activity_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Move the activity to the posted status, or show every reason it cannot move.

    Posting the status it already has changes nothing, so a double click is harmless.
    """
    activity = get_object_or_404(Activity, slug=slug)
    new_status = request.POST.get("status", "")
    if new_status not in ActivityStatus.values:
        return HttpResponseBadRequest("Unknown status.")
    was = activity.status
    try:
        change_status(activity, new_status, by=request.user)
    except TransitionError as refusal:
        return render_activity_page(
            request,
            ActivityEditor(activity=activity),
            activity,
            refused=refusal.problems,
            refused_status=new_status,
            status=409,
        )
    if was != new_status:
        label = ActivityStatus(new_status).label.lower()
        messages.success(request, f"“{activity.title}” is now {label}.")
    return redirect("coordinator:activity_edit", slug=activity.slug)
