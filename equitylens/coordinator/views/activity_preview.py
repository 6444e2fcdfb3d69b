"""Preview as learner: the activity page as learners will see it, in any status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity, ActivityStatus
from equitylens.catalog.presentation import activity_page_context


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def activity_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the learner-facing page for `slug` through the public template, marked as preview."""
    activity = get_object_or_404(
        Activity.objects.select_related("provider", "joint_provider"), slug=slug
    )
    context = activity_page_context(activity)
    context["visible_to_learners"] = (
        activity.status != ActivityStatus.IN_DEVELOPMENT or activity.bookable_privately
    )
    return render(request, "coordinator/activity_preview.html", context)
