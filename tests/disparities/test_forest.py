"""Forest plots and the table beside them: what they show, how they mark the reference,
flags and suppressed groups, and that the PNG is the same plot as a valid image."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from equitylens.disparities.services import forest
from equitylens.disparities.services.contract import ROW_KEYS

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The SVG as XML (it is our own output, not untrusted input)."""
    return ET.fromstring(svg)  # noqa: S314


def result_row(column: str, group: str, outcome: str, **values: Any) -> dict[str, Any]:
    """One row with every contract key; numbers default to null (as when suppressed)."""
    row: dict[str, Any] = dict.fromkeys(ROW_KEYS)
    row.update(group_column=column, group=group, outcome=outcome, suppressed=False, flag=False)
    row.update(values)
    return row


def shown(
    column: str, group: str, outcome: str, n: int, events: int, ref: str, **extra: Any
) -> Any:
    rate = events / n
    return result_row(
        column,
        group,
        outcome,
        n=n,
        events=events,
        rate=rate,
        ci_low=rate - 0.05,
        ci_high=rate + 0.05,
        reference=ref,
        **extra,
    )


def sample_result() -> dict[str, Any]:
    """Two outcomes; race has a reference (White), a flagged group (Black) and a
    suppressed one (Asian); language compares Spanish with English."""
    rows = [
        shown("race", "White", "screened", 500, 350, "White"),
        shown(
            "race",
            "Black",
            "screened",
            200,
            110,
            "White",
            difference=-0.15,
            difference_ci_low=-0.23,
            difference_ci_high=-0.07,
            ratio=0.786,
            ratio_ci_low=0.69,
            ratio_ci_high=0.89,
            p_value=0.0001,
            q_value=0.0004,
            flag=True,
        ),
        result_row("race", "Asian", "screened", reference="White", suppressed=True),
        shown("language", "English", "screened", 600, 400, "English"),
        shown("language", "Spanish", "screened", 100, 60, "English", q_value=0.3),
        shown("race", "White", "readmitted", 500, 60, "White"),
        shown("race", "Black", "readmitted", 200, 30, "White", q_value=0.2),
    ]
    return {"rule": "A row is flagged when ...", "rows": rows, "indices": []}


def test_outcomes_keep_the_order_of_the_rows() -> None:
    assert forest.outcomes_of(sample_result()) == ["screened", "readmitted"]


def test_svg_shows_every_unsuppressed_group_and_names_the_reference() -> None:
    svg = forest.forest_svg(sample_result(), "screened", element_id="plot-1")
    root = parse(svg)  # well-formed XML
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    for group in ("Black", "Spanish"):
        assert group in texts
    assert "White (reference)" in texts and "English (reference)" in texts
    assert "<11 — suppressed" in texts  # Asian listed, without a point
    assert texts.count("Flag: disparity") == 1
    assert len(root.findall(f"{SVG}polygon")) == 2  # one reference diamond per column
    assert len(root.findall(f"{SVG}rect[@class='forest-point']")) == 2  # Black, Spanish
    assert "readmitted" not in svg


def test_svg_is_labelled_with_a_title_and_a_description_of_the_numbers() -> None:
    svg = forest.forest_svg(sample_result(), "screened", element_id="plot-1")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "plot-1-title"
    assert root.get("aria-describedby") == "plot-1-desc"
    assert root.find(f"{SVG}title").text == "Forest plot of screened by group"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "race White (reference): 70.0% (95% CI 65.0% to 75.0%)" in desc
    assert "race Black: 55.0%" in desc and "Flag: disparity" in desc
    assert "race Asian: <11 — suppressed" in desc


def test_higher_rates_are_drawn_further_right() -> None:
    layout = forest.forest_layout(sample_result(), "screened")
    points = {round(s.y): s.x for s in layout.shapes if s.kind in ("square", "diamond")}
    x_by_rate = sorted(points.values())
    # White 70% > English 66.7% > Spanish 60% > Black 55%.
    assert len(x_by_rate) == 4
    white_x = next(s.x for s in layout.shapes if s.kind == "diamond")
    assert white_x == max(x_by_rate)
    black_x = min(s.x for s in layout.shapes if s.kind == "square")
    assert black_x == min(x_by_rate)


def test_group_names_are_escaped_in_the_svg() -> None:
    result = {"rows": [shown("site", "A&B <clinic>", "screened", 100, 50, "A&B <clinic>")]}
    svg = forest.forest_svg(result, "screened")
    assert "A&amp;B &lt;clinic&gt; (reference)" in svg
    parse(svg)


def test_unknown_outcome_is_an_error() -> None:
    with pytest.raises(KeyError, match="no outcome “bp”"):
        forest.forest_svg(sample_result(), "bp")


def test_png_is_a_valid_image_of_the_same_layout() -> None:
    from PIL import Image

    png = forest.forest_png(sample_result(), "screened", scale=1)
    image = Image.open(io.BytesIO(png))
    image.verify()
    layout = forest.forest_layout(sample_result(), "screened")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (layout.width, layout.height)
    colours = image.convert("RGB").getcolors(maxcolors=100_000) or []
    assert len(colours) > 2  # drawn on, not a blank page


def test_table_rows_read_small_for_suppressed_cells() -> None:
    rows = forest.table_rows(sample_result(), "screened")
    assert [r.group for r in rows] == ["White", "Black", "Asian", "English", "Spanish"]
    asian = rows[2]
    assert (asian.n, asian.events, asian.rate, asian.flag) == ("<11", "<11", "<11", False)
    black = rows[1]
    assert black.flag and black.index == 1
    assert black.rate == "55.0% (50.0% to 60.0%)"
    assert black.difference == "-15.0 pp (-23.0 pp to -7.0 pp)"
    assert black.ratio == "0.79 (0.69 to 0.89)"
    assert black.q_value == "<0.001" and rows[4].q_value == "0.3"
    assert rows[0].is_reference and not black.is_reference


def test_a_real_engine_result_plots_every_shown_group(tmp_path: Path) -> None:
    from equitylens.disparities.services.contract import MeasureOptions
    from equitylens.disparities.services.measure_run import run_measure
    from equitylens.disparities.services.synth import write_synthetic

    data = write_synthetic(tmp_path / "extract.parquet", 3000, seed=11)
    result = run_measure(
        data, ["race_ethnicity", "payer"], ["colorectal_screened"], MeasureOptions()
    )
    svg = forest.forest_svg(result, "colorectal_screened")
    texts = [t.text or "" for t in parse(svg).iter(f"{SVG}text")]
    rows = [r for r in result["rows"] if r["outcome"] == "colorectal_screened"]
    for row in rows:
        label = row["group"] + (" (reference)" if row["group"] == row["reference"] else "")
        assert label in texts
    suppressed = sum(1 for r in rows if r["suppressed"])
    assert texts.count("<11 — suppressed") == suppressed
    assert texts.count("Flag: disparity") == sum(1 for r in rows if r["flag"])
    assert len(re.findall("forest-reference", svg)) == 2
