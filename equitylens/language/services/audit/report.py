"""The audit's outputs for people: summary.json (aggregates) and a self-contained HTML report.

Neither contains patient text or identifiers, and every count under 11 is already
suppressed (None) by statistics.py before it gets here. The HTML has inline CSS and an
inline SVG chart (with title, description and the same numbers in a table); no script.
"""

from __future__ import annotations

import html
import platform
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from equitylens.language.services.audit.context import EXCLUSION_KINDS
from equitylens.language.services.audit.lexicon import Lexicon
from equitylens.language.services.audit.scan import ScanResult
from equitylens.language.services.audit.statistics import SMALL_CELL, suppress_count

NOTICE = "Contains no patient text; cells under 11 suppressed."


def build_summary(
    *,
    file_name: str,
    lexicon: Lexicon,
    result: ScanResult,
    patients: pd.DataFrame,
    outcome: str,
    findings: pa.Table,
    tables: list[dict[str, Any]],
    model: dict[str, Any],
    references: dict[str, tuple[str, str]],
    seconds: float,
    scan_seconds: float,
) -> dict[str, Any]:
    """Assemble summary.json's content (all small cells already suppressed)."""
    n_patients = len(patients)
    n_with = int(patients[outcome].sum())
    shown_with = suppress_count(n_with)
    without = suppress_count(n_patients - n_with)
    by_category = []
    for category in lexicon.categories.values():
        patient_count = len({p for p, c in result.patient_categories if c == category.id})
        mentions = int(pc.sum(pc.equal(findings.column("category"), category.id)).as_py() or 0)
        by_category.append(
            {
                "category": category.id,
                "label": category.label,
                "patients": suppress_count(patient_count),
                "mentions": suppress_count(mentions),
            }
        )
    counts = findings.column("descriptor").value_counts().to_pylist() if findings.num_rows else []
    descriptors = sorted(
        ({"descriptor": c["values"], "mentions": suppress_count(int(c["counts"]))} for c in counts),
        key=lambda d: (-(d["mentions"] or 0), d["descriptor"]),
    )
    megabytes = result.text_bytes / 1e6
    return {
        "notice": NOTICE,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "input": {
            "file": file_name,
            "notes": result.notes,
            "patients": n_patients,
            "text_megabytes": round(megabytes, 3),
        },
        "suppression": {
            "threshold": SMALL_CELL,
            "rule": "Counts from 1 to 10 are shown as null, with every share, interval and "
            "odds ratio computed from them; a second cell is hidden where one could be derived "
            "by subtraction.",
        },
        "lexicon": {
            "title": lexicon.title,
            "version": lexicon.version,
            "descriptors": len(lexicon.descriptors),
        },
        "overall": {
            "patients": n_patients,
            "with_descriptor": shown_with if without is not None else None,
            "share": n_with / n_patients
            if shown_with is not None and without is not None
            else None,
        },
        "references": {
            column: {"value": value, "chosen": how} for column, (value, how) in references.items()
        },
        "groups": tables,
        "model": {
            "kind": "logistic regression (statsmodels Logit), patient level",
            "outcome": "at least one counted descriptor in any of the patient's notes",
            "predictors": [t["column"] for t in tables],
            **model,
        },
        "categories": by_category,
        "descriptors": descriptors,
        "excluded_mentions": {
            kind: suppress_count(result.excluded.get(kind, 0)) for kind in EXCLUSION_KINDS
        },
        "timing": {
            "seconds": round(seconds, 2),
            "scan_seconds": round(scan_seconds, 2),
            "megabytes_per_second": round(megabytes / scan_seconds, 1) if scan_seconds else None,
            "python": platform.python_version(),
        },
        "findings_file": "findings.parquet holds note-level findings with note and patient ids; "
        "it must stay inside the organization.",
    }


def _num(value: float | None, digits: int = 2) -> str:
    return "suppressed" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "suppressed" if value is None else f"{100 * value:.1f}%"


def _count(value: int | None) -> str:
    return f"&lt;{SMALL_CELL}" if value is None else f"{value:,}"


_STROKE = 'stroke="#111" stroke-width="2"'


def _chart(table: dict[str, Any], index: int) -> str:
    rows = table["rows"]
    bar_h, gap, left, width = 26, 10, 230, 380
    height = len(rows) * (bar_h + gap) + 40
    top = max([r["share_ci"][1] for r in rows if r["share_ci"]] + [0.05])
    scale = width / top
    title_id, desc_id = f"chart-{index}-title", f"chart-{index}-desc"
    e = html.escape
    parts = [
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {left + width + 90} '
        f'{height}" width="100%" class="chart">',
        f'<title id="{title_id}">Share of patients with at least one descriptor by '
        f"{e(table['column'])}</title>",
        f'<desc id="{desc_id}">Horizontal bars with 95% confidence intervals; '
        "suppressed groups are labelled, not drawn. "
        "The same numbers are in the table below.</desc>",
    ]
    for i, row in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        label = e(row["value"]) + (" (reference)" if row["is_reference"] else "")
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h * 0.68:.1f}" text-anchor="end">{label}</text>'
        )
        if row["share"] is None:
            parts.append(
                f'<text x="{left + 4}" y="{y + bar_h * 0.68:.1f}" class="muted">'
                f"suppressed (cell under {SMALL_CELL})</text>"
            )
            continue
        w = row["share"] * scale
        lo, hi = (v * scale for v in row["share_ci"])
        fill = "url(#hatch)" if row["is_reference"] else "#1f5f8b"
        parts += [
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" '
            'stroke="#1f5f8b"/>',
            f'<line x1="{left + lo:.1f}" x2="{left + hi:.1f}" y1="{y + bar_h / 2}" '
            f'y2="{y + bar_h / 2}" {_STROKE}/>',
            f'<line x1="{left + lo:.1f}" x2="{left + lo:.1f}" y1="{y + 6}" '
            f'y2="{y + bar_h - 6}" {_STROKE}/>',
            f'<line x1="{left + hi:.1f}" x2="{left + hi:.1f}" y1="{y + 6}" '
            f'y2="{y + bar_h - 6}" {_STROKE}/>',
            f'<text x="{left + hi + 6:.1f}" y="{y + bar_h * 0.68:.1f}">{_pct(row["share"])}</text>',
        ]
    axis_y = 10 + len(rows) * (bar_h + gap)
    parts.append(f'<line x1="{left}" x2="{left}" y1="4" y2="{axis_y}" stroke="#111"/>')
    parts.append(f'<text x="{left}" y="{axis_y + 18}">0%</text>')
    parts.append(f'<text x="{left + width}" y="{axis_y + 18}" text-anchor="end">{_pct(top)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _table(table: dict[str, Any]) -> str:
    e = html.escape
    head = (
        "<tr><th scope='col'>Group</th><th scope='col'>Patients</th>"
        "<th scope='col'>With a descriptor</th><th scope='col'>Share (95% CI)</th>"
        "<th scope='col'>Adjusted odds ratio (95% CI)</th><th scope='col'>p</th></tr>"
    )
    body = []
    for row in table["rows"]:
        share = _pct(row["share"])
        if row["share_ci"]:
            share += f" ({_pct(row['share_ci'][0])}–{_pct(row['share_ci'][1])})"
        if row["is_reference"]:
            ratio, p = "1 (reference)", ""
        elif row["odds_ratio"] is None:
            ratio, p = "suppressed" if row["suppressed"] else "not estimated", ""
        else:
            lo, hi = row["odds_ratio_ci"]
            ratio = f"{row['odds_ratio']:.2f} ({lo:.2f}–{hi:.2f})"
            p = "<0.001" if row["p_value"] < 0.001 else f"{row['p_value']:.3f}"
        body.append(
            f"<tr><th scope='row'>{e(row['value'])}</th><td>{_count(row['patients'])}</td>"
            f"<td>{_count(row['with_descriptor'])}</td><td>{share}</td><td>{ratio}</td>"
            f"<td>{p}</td></tr>"
        )
    caption = f"Patients with at least one descriptor by {e(table['column'])}"
    return (
        f"<table><caption>{caption}</caption><thead>{head}</thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:0 auto;
max-width:60rem;padding:1rem;line-height:1.5}
.notice{border:3px solid #1f5f8b;padding:.75rem 1rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:1rem 0 2rem}
th,td{border:1px solid #666;padding:.4rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.5rem 0}
.chart text{font-size:13px;fill:#111}.chart .muted{font-style:italic}
.wrap{overflow-x:auto}
@media print{.notice{border-color:#000}}
"""


def render_html(summary: dict[str, Any]) -> str:
    """The self-contained HTML report for a summary (no script, no external resource)."""
    e = html.escape
    sections = []
    for index, table in enumerate(summary["groups"]):
        ref = summary["references"][table["column"]]
        how = "given" if ref["chosen"] == "given" else "the largest group, as none was given"
        sections.append(
            f"<section><h2>By {e(table['column'])}</h2>"
            f"<p>Reference group: <strong>{e(ref['value'])}</strong> ({how}).</p>"
            f"<div class='wrap'>{_chart(table, index)}</div>"
            f"<div class='wrap'>{_table(table)}</div></section>"
        )
    categories = "".join(
        f"<tr><th scope='row'>{e(c['label'])}</th><td>{_count(c['patients'])}</td>"
        f"<td>{_count(c['mentions'])}</td></tr>"
        for c in summary["categories"]
    )
    excluded = "".join(
        f"<tr><th scope='row'>{e(kind.replace('_', ' '))}</th><td>{_count(n)}</td></tr>"
        for kind, n in summary["excluded_mentions"].items()
    )
    overall = summary["overall"]
    model = summary["model"]
    model_note = f"<p>{e(model['note'])}</p>" if model.get("note") else ""
    source = summary["input"]
    pattern = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clinical-note audit: {e(source["file"])}</title>
<style>{_CSS}</style>
<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse"
patternTransform="rotate(45)"><rect width="6" height="6" fill="#cfe0ec"/>
<line x1="0" y1="0" x2="0" y2="6" stroke="#1f5f8b" stroke-width="3"/></pattern></defs></svg>
</head><body><main>
<h1>Clinical-note audit: negative patient descriptors</h1>
<p class="notice">{e(summary["notice"])}</p>
<p>File {e(source["file"])}: {source["notes"]:,} notes, {source["patients"]:,} patients,
{source["text_megabytes"]:,.1f} MB of note text. Generated {e(summary["generated_at"])}.</p>
<p>Patients with at least one counted descriptor: {_count(overall["with_descriptor"])}
({_pct(overall["share"])}). Odds ratios come from one logistic regression at patient level,
adjusted for {e(", ".join(model["predictors"]))}; the reference group of each is 1.</p>
{model_note}
{"".join(sections)}
<section><h2>By descriptor category</h2><div class="wrap"><table>
<caption>Patients and mentions by category</caption>
<thead><tr><th scope="col">Category</th><th scope="col">Patients</th>
<th scope="col">Mentions</th></tr></thead><tbody>{categories}</tbody></table></div></section>
<section><h2>Mentions not counted</h2>
<p>Negated, hypothetical, about someone else, or a clinical use of the word.</p>
<div class="wrap"><table><caption>Mentions excluded by context</caption>
<thead><tr><th scope="col">Reason</th><th scope="col">Mentions</th></tr></thead>
<tbody>{excluded}</tbody></table></div></section>
</main></body></html>
"""
    return pattern
