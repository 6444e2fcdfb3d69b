"""Values every page needs: the provider's name and the visitor's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from equitylens.accounts.permissions import facilitates_sessions, is_coordinator
from equitylens.accounts.services.organizations import accredited_provider


def site(request: HttpRequest) -> dict[str, Any]:
    """Add `provider`, `site_url`, `is_coordinator` and `is_facilitator` to every template."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "provider": accredited_provider(),
        "site_url": settings.SITE_URL,
        "is_coordinator": signed_in and is_coordinator(user),
        "is_facilitator": signed_in and facilitates_sessions(user),
    }
