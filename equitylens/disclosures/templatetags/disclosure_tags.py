"""`{% disclosure_section activity %}`: the learner-facing disclosure statement."""

from __future__ import annotations

from typing import Any

from django import template

from equitylens.disclosures.services.statements import disclosure_statement

register = template.Library()


@register.inclusion_tag("disclosures/_statement.html")
def disclosure_section(activity: Any, heading_level: int = 2) -> dict[str, Any]:
    """The "Disclosures" heading and the generated sentences (nothing when there are none)."""
    return {"sentences": disclosure_statement(activity), "heading_level": heading_level}
