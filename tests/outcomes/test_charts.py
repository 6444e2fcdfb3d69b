"""SVG bar charts: labels escaped, an accessible name and description, a matching table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from equitylens.outcomes.charts import bar_chart

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [("1 – Strongly disagree", 0), ("<b>Agree</b> & more", 3), ("5 – Strongly agree", 6)]


def parse(markup: str) -> ET.Element:
    # The figure is well-formed XML: parsing it proves nothing unescaped slipped in.
    return ET.fromstring(  # noqa: S314 — our own markup, not untrusted input
        markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    )


def test_labels_and_caption_are_escaped() -> None:
    markup = str(bar_chart('Objective "<script>alert(1)</script>"', ROWS))

    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "&lt;b&gt;Agree&lt;/b&gt; &amp; more" in markup
    parse(markup)


def test_the_svg_is_an_image_named_by_its_title_and_described_with_every_number() -> None:
    figure = parse(str(bar_chart("Describe how bias affects decisions", ROWS)))
    svg = figure.find(f"{SVG}svg")
    assert svg is not None

    assert svg.get("role") == "img"
    title_id, desc_id = (svg.get("aria-labelledby") or "").split()
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id
    assert desc is not None and desc.get("id") == desc_id
    assert title.text == "Describe how bias affects decisions"
    assert desc.text == "1 – Strongly disagree: 0; <b>Agree</b> & more: 3; 5 – Strongly agree: 6."


def test_the_data_table_matches_the_bars() -> None:
    figure = parse(str(bar_chart("Quality", ROWS)))

    table_rows = [
        (row.find("th").text, int(row.find("td").text))  # type: ignore[union-attr,arg-type]
        for row in figure.iter("tr")
        if row.find("td") is not None
    ]
    assert table_rows == ROWS
    widths = [int(rect.get("width", "-1")) for rect in figure.iter(f"{SVG}rect")]
    assert widths == [0, 95, 190]  # scaled to the largest count


def test_a_chart_of_zeros_draws_no_bars_and_no_style_attributes() -> None:
    markup = str(bar_chart("Nothing yet", [("Fully", 0), ("Partly", 0)]))

    assert re.findall(r'width="(\d+)" height', markup) == ["0", "0"]
    assert "style=" not in markup


def test_each_chart_on_a_page_has_its_own_ids() -> None:
    first, second = str(bar_chart("A", ROWS)), str(bar_chart("B", ROWS))

    first_id = re.search(r'id="(chart-\d+)"', first)
    second_id = re.search(r'id="(chart-\d+)"', second)
    assert first_id and second_id and first_id.group(1) != second_id.group(1)
