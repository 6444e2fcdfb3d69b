"""Values every page needs: the provider's name and the visitor's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from equitylens.accounts.permissions import facilitates_sessions, is_analyst, is_coordinator
from equitylens.accounts.services.organizations import accredited_provider
from equitylens.casereview.services.access import takes_part_in_case_review


def site(request: HttpRequest) -> dict[str, Any]:
    """Add `provider`, `site_url`, `is_coordinator`, `is_facilitator` and `has_case_review`
    (a seat in a Health Equity M&M review body, or membership of an organization that
    runs a series) and `is_analyst` (shows Note audits) to every template."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "provider": accredited_provider(),
        "site_url": settings.SITE_URL,
        "is_coordinator": signed_in and is_coordinator(user),
        "is_facilitator": signed_in and facilitates_sessions(user),
        "has_case_review": signed_in and takes_part_in_case_review(user),
        "is_analyst": signed_in and is_analyst(user),
    }
