"""{% bar_chart caption rows %}: an accessible SVG bar chart (see outcomes.charts)."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from equitylens.outcomes import charts

register = template.Library()


@register.simple_tag
def bar_chart(caption: str, rows: Sequence[tuple[str, int]], unit: str = "answers") -> SafeString:
    return charts.bar_chart(caption, rows, unit=unit)
