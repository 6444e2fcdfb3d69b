"""Values every page needs: the provider's name and the visitor's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from equitylens.accounts.permissions import is_coordinator
from equitylens.accounts.services.organizations import accredited_provider


def site(request: HttpRequest) -> dict[str, Any]:
    """Add `provider`, `site_url` and `is_coordinator` to every template."""
    user = getattr(request, "user", None)
    return {
        "provider": accredited_provider(),
        "site_url": settings.SITE_URL,
        "is_coordinator": bool(user and user.is_authenticated and is_coordinator(user)),
    }
