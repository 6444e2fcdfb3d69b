"""Organizations and memberships."""

from __future__ import annotations

from equitylens.accounts.models import Organization, OrganizationKind


def accredited_provider() -> Organization | None:
    """The one accredited provider this deployment serves (None before setup)."""
    return Organization.objects.filter(kind=OrganizationKind.PROVIDER).first()
