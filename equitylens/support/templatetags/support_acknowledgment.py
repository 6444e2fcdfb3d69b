"""`{% support_acknowledgment_lines activity as lines %}`: the generated acknowledgment."""

from __future__ import annotations

from django import template

from equitylens.catalog.models import Activity
from equitylens.support.services.records import support_acknowledgment

register = template.Library()


@register.simple_tag
def support_acknowledgment_lines(activity: Activity) -> list[str]:
    """The acknowledgment sentences for `activity` (see support_acknowledgment)."""
    return support_acknowledgment(activity)
