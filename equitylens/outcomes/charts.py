"""Server-drawn SVG bar charts with the same numbers in a table (no JavaScript).

A chart is a <figure>: a caption, an SVG (role="img", named by its <title> and
described by its <desc>, which states every number), then a table with the same
numbers in a <details> (WCAG 1.1.1: the data is available as text). All text is escaped here;
styling comes from classes in web/reports.css and SVG presentation attributes (no
style attributes, which the Content-Security-Policy forbids).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Drawing units; the SVG scales to its box, so at 375 px wide a unit is about 0.8 px.
WIDTH = 420
LABEL_WIDTH = 180
BAR_START = LABEL_WIDTH + 8
BAR_MAX = 190
ROW_HEIGHT = 28
BAR_HEIGHT = 20

_ids = itertools.count(1)


def _describe(rows: Sequence[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {count}" for label, count in rows) + "."


def bar_chart(
    caption: str, rows: Sequence[tuple[str, int]], *, unit: str = "answers"
) -> SafeString:
    """A horizontal bar chart of (label, count) rows, with its data table.

    Bars are scaled to the largest count (a chart of zeros draws no bars). The SVG's
    accessible name is the caption and its description lists every label and count;
    the table below ("The numbers", opened on demand) repeats them.
    """
    n = next(_ids)
    chart_id = f"chart-{n}"
    top = max((count for _, count in rows), default=0)
    height = ROW_HEIGHT * max(len(rows), 1) + 6
    parts = [
        f'<svg class="bar-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(caption)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(rows))}</desc>',
    ]
    for i, (label, count) in enumerate(rows):
        y = 3 + i * ROW_HEIGHT
        width = round(BAR_MAX * count / top) if top else 0
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text class="bar-chart__label" x="{LABEL_WIDTH}" y="{middle:g}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect class="bar-chart__bar" x="{BAR_START}" y="{y}" width="{width}" '
            f'height="{BAR_HEIGHT}" fill="#1d5c8a"></rect>'
        )
        parts.append(
            f'<text class="bar-chart__value" x="{BAR_START + width + 6}" y="{middle:g}">'
            f"{count}</text>"
        )
    parts.append("</svg>")
    table_rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{count}</td></tr>' for label, count in rows
    )
    return mark_safe(  # noqa: S308 — every piece of text above is escaped
        f'<figure class="bar-chart" id="{chart_id}">'
        f'<figcaption class="bar-chart__caption">{escape(caption)}</figcaption>'
        + "".join(parts)
        + '<details class="bar-chart__data"><summary>The numbers'
        f'<span class="visually-hidden"> of {escape(caption)}</span></summary>'
        '<table class="bar-chart__table"><caption class="visually-hidden">'
        f"{escape(caption)}: data</caption>"
        f'<thead><tr><th scope="col">Answer</th><th scope="col">{escape(unit.capitalize())}'
        f"</th></tr></thead><tbody>{table_rows}</tbody></table></details></figure>"
    )
