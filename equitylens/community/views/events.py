"""Community events, for members only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from equitylens.community.permissions import community_member_required
from equitylens.community.services.events import community_events


@community_member_required
@require_http_methods(["GET", "HEAD"])
def events(request: HttpRequest) -> HttpResponse:
    """Upcoming live sessions flagged as community events."""
    return render(
        request,
        "community/events.html",
        {"events": community_events(timezone.now()), "your_zone": settings.TIME_ZONE},
    )
