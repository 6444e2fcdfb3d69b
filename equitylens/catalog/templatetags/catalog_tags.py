"""Template filters for the catalog: credit amounts and activity dates as people read them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from equitylens.catalog.models import Activity, CreditOffering, CreditType
from equitylens.catalog.services.statements import format_credit_amount

register = template.Library()


@register.filter
def credit_amount(amount: Decimal) -> str:
    """2 → "2.0", 0.25 → "0.25"."""
    return format_credit_amount(amount)


@register.filter
def offering_label(offering: CreditOffering) -> str:
    """How a credit reads on a card: "2.0 AMA PRA Category 1 Credit(s)™",
    "2.0 hours of participation", "1.5 nursing contact hours", "2.0 ABIM MOC points"."""
    amount = format_credit_amount(offering.amount)
    if offering.credit_type == CreditType.AMA_PRA_1:
        return f"{amount} AMA PRA Category 1 Credit(s)™"
    if offering.credit_type == CreditType.PARTICIPATION:
        return f"{amount} hours of participation"
    if offering.credit_type == CreditType.NURSING:
        return f"{amount} nursing contact hours"
    return f"{amount} {offering.get_credit_type_display()} {offering.get_unit_display()}"


@register.filter
def activity_dates(activity: Activity) -> str:
    """The dates a learner needs: release–expiration for enduring material, else the day(s)."""
    fmt = "%b %-d, %Y"
    start, end = activity.starts_on, activity.ends_on
    if activity.is_enduring:
        if start and end:
            return f"Available {start:{fmt}} – {end:{fmt}}"
        return "Dates to be announced"
    if start is None:
        return (
            "Dates to be announced" if not activity.bookable_privately else "Scheduled on request"
        )
    if end and end != start:
        return f"{start:{fmt}} – {end:{fmt}}"
    return f"{start:{fmt}}"


@register.filter
def duration(minutes: int) -> str:
    """120 → "2 hours", 90 → "1 hour 30 minutes", 15 → "15 minutes"."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"


@register.filter
def credits_summary(activity: Activity) -> str:
    """One line for a catalog card: the credits, then the boards MOC is reported to."""
    offerings = list(activity.credit_offerings.all())
    parts = [offering_label(o) for o in offerings if not o.is_moc]
    boards = [o.board for o in offerings if o.is_moc and o.board]
    if boards:
        parts.append("MOC: " + ", ".join(boards))
    return " · ".join(parts)
