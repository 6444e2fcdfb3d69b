"""Forest plots of a run's result: one per outcome, rate and 95% CI per group.

One layout (`forest_layout`) is drawn by two renderers: `forest_svg` (inline on the run page,
with <title> and <desc>, shown next to the data table) and `forest_png` (Pillow, for the
download). Per group column a block of rows: the reference group is drawn as a diamond, named
"(reference)" and marked by a dashed line at its rate; a flagged group reads "Flag:
disparity" in words; a suppressed group reads "<11 — suppressed" and has no point.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 760
LABEL_RIGHT = 250  # labels end here (right-aligned)
PLOT_LEFT, PLOT_RIGHT = 265, 630
FLAG_LEFT = 640
ROW = 26
TOP = 48
INK, MUTED, POINT, FLAG = "#1a1a1a", "#4d4d4d", "#1f4e79", "#8a1c1c"
SUPPRESSED_TEXT = "<11 — suppressed"


@dataclass(frozen=True)
class ForestRow:
    """One group's line in a forest plot (rates as fractions; None when suppressed)."""

    group_column: str
    group: str
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    is_reference: bool
    suppressed: bool
    flag: bool


@dataclass(frozen=True)
class Shape:
    """One drawing primitive: kind is line, text, square or diamond (coordinates in px)."""

    kind: str
    x: float
    y: float
    x2: float = 0.0
    y2: float = 0.0
    text: str = ""
    color: str = INK
    anchor: str = "start"  # start, middle or end (text)
    bold: bool = False
    dashed: bool = False


@dataclass(frozen=True)
class ForestLayout:
    """Everything drawn for one outcome, plus its accessible title and description."""

    outcome: str
    width: int
    height: int
    title: str
    description: str
    shapes: list[Shape]


def outcomes_of(result: dict[str, Any]) -> list[str]:
    """The outcomes of a result, in the order their rows first appear."""
    return list(dict.fromkeys(str(row.get("outcome", "")) for row in result.get("rows") or []))


def forest_rows(result: dict[str, Any], outcome: str) -> list[ForestRow]:
    """The rows of `outcome` in result order. A row is the reference when its group is the
    row's `reference` value; suppressed rows carry no numbers even if some leaked in."""
    rows = []
    for row in result.get("rows") or []:
        if str(row.get("outcome")) != outcome:
            continue
        suppressed = bool(row.get("suppressed"))
        rows.append(
            ForestRow(
                group_column=str(row.get("group_column", "")),
                group=str(row.get("group", "")),
                rate=None if suppressed else _number(row.get("rate")),
                ci_low=None if suppressed else _number(row.get("ci_low")),
                ci_high=None if suppressed else _number(row.get("ci_high")),
                is_reference=str(row.get("reference")) == str(row.get("group")),
                suppressed=suppressed,
                flag=bool(row.get("flag")) and not suppressed,
            )
        )
    return rows


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _scale_max(rows: list[ForestRow]) -> float:
    """The axis end: the largest upper limit rounded up to a tenth (at most 100%)."""
    top = max((r.ci_high or r.rate or 0.0 for r in rows if not r.suppressed), default=0.0)
    return min(1.0, max(0.1, math.ceil(top * 10 - 1e-9) / 10))


def percent(value: float | None) -> str:
    """A fraction as a percentage with one decimal, or "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


def forest_layout(result: dict[str, Any], outcome: str) -> ForestLayout:
    """The plot of `outcome`: a block per group column, an axis in percent, and words for
    the reference, flags and suppressed groups. Raises KeyError for an unknown outcome."""
    rows = forest_rows(result, outcome)
    if not rows:
        raise KeyError(f"The result has no outcome “{outcome}”.")
    top = _scale_max(rows)

    def x_of(value: float) -> float:
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * max(0.0, min(value, top)) / top

    shapes: list[Shape] = [
        Shape("text", 12, 24, text=f"{outcome}: rate and 95% CI by group", bold=True),
    ]
    y = TOP
    columns = list(dict.fromkeys(r.group_column for r in rows))
    for column in columns:
        block = [r for r in rows if r.group_column == column]
        heading = column if len(column) <= 40 else column[:39] + "…"
        shapes.append(Shape("text", 12, y + 4, text=heading, bold=True))
        block_top = y + 10
        y += ROW
        for row in block:
            # Long names are shortened in the drawing; <desc> and the table keep them whole.
            name = row.group if len(row.group) <= 26 else row.group[:25] + "…"
            label = name + (" (reference)" if row.is_reference else "")
            shapes.append(Shape("text", LABEL_RIGHT, y + 5, text=label, anchor="end"))
            if row.suppressed or row.rate is None:
                shapes.append(Shape("text", PLOT_LEFT, y + 5, text=SUPPRESSED_TEXT, color=MUTED))
            else:
                if row.ci_low is not None and row.ci_high is not None:
                    shapes.append(
                        Shape("line", x_of(row.ci_low), y, x_of(row.ci_high), y, color=POINT)
                    )
                kind = "diamond" if row.is_reference else "square"
                shapes.append(
                    Shape(kind, x_of(row.rate), y, color=INK if kind == "diamond" else POINT)
                )
            if row.flag:
                shapes.append(
                    Shape("text", FLAG_LEFT, y + 5, text="Flag: disparity", color=FLAG, bold=True)
                )
            y += ROW
        reference = next((r for r in block if r.is_reference and r.rate is not None), None)
        if reference is not None and reference.rate is not None:
            x = x_of(reference.rate)
            shapes.append(Shape("line", x, block_top, x, y - ROW / 2, color=MUTED, dashed=True))
        y += 6
    axis_y = y
    shapes.append(Shape("line", PLOT_LEFT, axis_y, PLOT_RIGHT, axis_y, color=INK))
    tick = 0.1 if top >= 0.4 else 0.05 if top >= 0.2 else 0.02
    for step in range(round(top / tick) + 1):
        value = tick * step
        x = x_of(value)
        shapes.append(Shape("line", x, axis_y, x, axis_y + 5, color=INK))
        shapes.append(Shape("text", x, axis_y + 19, text=f"{value * 100:.0f}%", anchor="middle"))
    shapes.append(
        Shape(
            "text", (PLOT_LEFT + PLOT_RIGHT) / 2, axis_y + 38, text="Rate (95% CI)", anchor="middle"
        )
    )
    return ForestLayout(
        outcome=outcome,
        width=WIDTH,
        height=int(axis_y + 50),
        title=f"Forest plot of {outcome} by group",
        description=_description(rows),
        shapes=shapes,
    )


def _description(rows: list[ForestRow]) -> str:
    parts = []
    for row in rows:
        name = f"{row.group_column} {row.group}"
        if row.suppressed or row.rate is None:
            parts.append(f"{name}: {SUPPRESSED_TEXT}")
            continue
        text = f"{name}{' (reference)' if row.is_reference else ''}: {percent(row.rate)}"
        if row.ci_low is not None and row.ci_high is not None:
            text += f" (95% CI {percent(row.ci_low)} to {percent(row.ci_high)})"
        parts.append(text + ("; Flag: disparity" if row.flag else ""))
    return ". ".join(parts) + ". The table next to the plot holds the same numbers."


# --- SVG ---------------------------------------------------------------------------------


def forest_svg(result: dict[str, Any], outcome: str, *, element_id: str = "forest") -> str:
    """The forest plot of `outcome` as a standalone, accessible SVG document fragment.

    `element_id` prefixes the ids of <title> and <desc> (aria-labelledby / describedby), so
    several plots can sit on one page.
    """
    layout = forest_layout(result, outcome)
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" class="forest-plot" '
        f'role="img" viewBox="0 0 {layout.width} {layout.height}" width="100%" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(layout.title)}</title>',
        f'<desc id="{desc_id}">{escape(layout.description)}</desc>',
        f'<rect width="{layout.width}" height="{layout.height}" fill="#ffffff"/>',
    ]
    parts += [_svg_shape(shape) for shape in layout.shapes]
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_shape(shape: Shape) -> str:
    if shape.kind == "line":
        dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
        return (
            f'<line x1="{shape.x:.1f}" y1="{shape.y:.1f}" x2="{shape.x2:.1f}" '
            f'y2="{shape.y2:.1f}" stroke="{shape.color}" stroke-width="2"{dash}/>'
        )
    if shape.kind == "square":
        return (
            f'<rect class="forest-point" x="{shape.x - 5:.1f}" y="{shape.y - 5:.1f}" width="10" '
            f'height="10" fill="{shape.color}"/>'
        )
    if shape.kind == "diamond":
        x, y = shape.x, shape.y
        return (
            f'<polygon class="forest-reference" points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} '
            f'{x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}" fill="{shape.color}"/>'
        )
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" fill="{shape.color}" '
        f'text-anchor="{shape.anchor}"{weight}>{escape(shape.text)}</text>'
    )


# --- PNG ---------------------------------------------------------------------------------

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def forest_png(result: dict[str, Any], outcome: str, *, scale: int = 2) -> bytes:
    """The same plot as `forest_svg`, drawn with Pillow as PNG bytes (`scale` × pixels)."""
    from PIL import Image, ImageDraw

    layout = forest_layout(result, outcome)
    image = Image.new("RGB", (layout.width * scale, layout.height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    regular, bold = _font(_FONT, 13 * scale), _font(_BOLD, 13 * scale)
    for shape in layout.shapes:
        x, y = shape.x * scale, shape.y * scale
        if shape.kind == "line":
            _png_line(draw, (x, y, shape.x2 * scale, shape.y2 * scale), shape, scale)
        elif shape.kind == "square":
            draw.rectangle(
                (x - 5 * scale, y - 5 * scale, x + 5 * scale, y + 5 * scale), shape.color
            )
        elif shape.kind == "diamond":
            d = 7 * scale
            draw.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)], fill=shape.color)
        else:
            font = bold if shape.bold else regular
            draw.text(
                (x, y), shape.text, fill=shape.color, font=font, anchor=_ANCHORS[shape.anchor]
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _font(path: str, size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size=size)


def _png_line(draw: Any, box: tuple[float, float, float, float], shape: Shape, scale: int) -> None:
    x1, y1, x2, y2 = box
    if not shape.dashed:
        draw.line(box, fill=shape.color, width=2 * scale)
        return
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    dash, gap = 4 * scale, 3 * scale
    position = 0.0
    while position < length:
        end = min(position + dash, length)
        draw.line(
            (
                x1 + (x2 - x1) * position / length,
                y1 + (y2 - y1) * position / length,
                x1 + (x2 - x1) * end / length,
                y1 + (y2 - y1) * end / length,
            ),
            fill=shape.color,
            width=2 * scale,
        )
        position += dash + gap


# --- The table next to the plot ----------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """One result row formatted for the page; `index` is its position in result["rows"]."""

    index: int
    group_column: str
    group: str
    is_reference: bool
    n: str
    events: str
    rate: str
    difference: str
    ratio: str
    q_value: str
    suppressed: bool
    flag: bool


SMALL = "<11"


def table_rows(result: dict[str, Any], outcome: str) -> list[TableRow]:
    """The rows of `outcome` formatted: suppressed counts and rates read "<11"."""
    rows = []
    for index, row in enumerate(result.get("rows") or []):
        if str(row.get("outcome")) != outcome:
            continue
        hidden = bool(row.get("suppressed"))
        rows.append(
            TableRow(
                index=index,
                group_column=str(row.get("group_column", "")),
                group=str(row.get("group", "")),
                is_reference=str(row.get("reference")) == str(row.get("group")),
                n=SMALL if hidden or row.get("n") is None else f"{int(row['n']):,}",
                events=SMALL if hidden or row.get("events") is None else f"{int(row['events']):,}",
                rate=SMALL if hidden else _with_ci(row, "rate", "ci_low", "ci_high", percent),
                difference="—"
                if hidden
                else _with_ci(row, "difference", "difference_ci_low", "difference_ci_high", _pp),
                ratio="—"
                if hidden
                else _with_ci(row, "ratio", "ratio_ci_low", "ratio_ci_high", _r),
                q_value=_q(None if hidden else _number(row.get("q_value"))),
                suppressed=hidden,
                flag=bool(row.get("flag")) and not hidden,
            )
        )
    return rows


def _q(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3g}"


def _pp(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f} pp"


def _r(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _with_ci(row: dict[str, Any], key: str, low: str, high: str, fmt: Any) -> str:
    value = _number(row.get(key))
    if value is None:
        return "—"
    lo, hi = _number(row.get(low)), _number(row.get(high))
    if lo is None or hi is None:
        return str(fmt(value))
    return f"{fmt(value)} ({fmt(lo)} to {fmt(hi)})"
