"""Template filters for the catalog pages; the wording lives in catalog.presentation."""

from __future__ import annotations

from decimal import Decimal

from django import template

from equitylens.catalog import presentation
from equitylens.catalog.models import Activity, CreditOffering
from equitylens.catalog.services.statements import format_credit_amount

register = template.Library()


@register.filter
def credit_amount(amount: Decimal) -> str:
    """2 → "2.0", 0.25 → "0.25"."""
    return format_credit_amount(amount)


@register.filter
def offering_label(offering: CreditOffering) -> str:
    """ "2.0 AMA PRA Category 1 Credit(s)™", "2.0 participation hours", "ABIM 2.0 points"."""
    return presentation.offering_phrase(offering)


@register.filter
def activity_dates(activity: Activity) -> str:
    """Release–expiration ("Available …") for enduring material, else the day(s)."""
    return presentation.activity_dates(activity)


@register.filter
def duration(minutes: int) -> str:
    """120 → "2 hours", 90 → "1 hour 30 minutes"."""
    return presentation.duration(minutes)


@register.filter
def credits_summary(activity: Activity) -> str:
    """One line for a catalog card: each credit, then MOC board by board."""
    return presentation.credits_summary(activity)
