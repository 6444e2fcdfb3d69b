"""The learner's series page: /series/<slug>/ — every session, and credit per session."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from equitylens.catalog.models import Activity
from equitylens.catalog.services.visibility import may_participate
from equitylens.learning.views.links import enrollment_links
from equitylens.live.models import SeriesSettings
from equitylens.live.services.series import credit_claimed, is_series, series_rows


@login_required
@require_http_methods(["GET", "HEAD"])
def series(request: HttpRequest, slug: str) -> HttpResponse:
    """The signed-in learner's own record of one series: registered, attended (code
    verified), evaluated, claimed (with the certificate), and the credit claimed so far.

    Only series (RSS) activities in the learner's audience have one; else 404.
    """
    activity = get_object_or_404(Activity, slug=slug)
    if not is_series(activity) or not may_participate(request.user, activity):
        raise Http404("No series here.")
    rows = series_rows(request.user, activity)
    return render(
        request,
        "live/series/series.html",
        {
            "activity": activity,
            "rows": [
                (row, enrollment_links(row.enrollment) if row.enrollment else None) for row in rows
            ],
            "upcoming": [row for row in rows if not row.is_past],
            "credit": credit_claimed(request.user, activity),
            "dialogue": SeriesSettings.objects.filter(activity=activity, is_dialogue=True).exists(),
        },
    )
