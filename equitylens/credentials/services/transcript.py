"""A learner's transcript: every credit they claimed, with totals, as a page, CSV and PDF.

Built only from the learner's own CreditClaim rows and their ClaimedCredit lines. Where a
certificate exists, its frozen snapshot (activity title and type) is what the transcript
shows, so the transcript and the certificate always say the same thing.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Q
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from equitylens.accounts.services.organizations import accredited_provider
from equitylens.catalog.models import CreditOffering, CreditType, CreditUnit
from equitylens.catalog.presentation import CREDIT_ORDER, day, unit_label
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.credentials.services.pdf_fonts import register_pdf_fonts
from equitylens.credentials.services.verification import (
    verification_page_url,
    verification_url,
)
from equitylens.learning.models import CreditClaim

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = (
    "Completed on",
    "Activity",
    "Activity type",
    "Credit type",
    "Amount",
    "Unit",
    "Certificate number",
    "Verification URL",
)


@dataclass(frozen=True)
class CreditLine:
    """One credit type and amount claimed, in the words learners read."""

    credit_type: str
    label: str
    amount: Decimal
    unit: str

    @property
    def amount_text(self) -> str:
        return format_credit_amount(self.amount)


@dataclass(frozen=True)
class TranscriptRow:
    """One claim: the activity, when it was completed, its credit lines and certificate."""

    claim_id: int
    activity_title: str
    activity_slug: str
    activity_type: str
    completed_on: date
    credits: tuple[CreditLine, ...]
    certificate_number: str  # "" while the certificate is not issued yet

    @property
    def completed_text(self) -> str:
        return day(self.completed_on)


@dataclass(frozen=True)
class CreditTotal:
    """The sum of one credit type in one unit."""

    credit_type: str
    label: str
    unit: str
    amount: Decimal

    @property
    def amount_text(self) -> str:
        return format_credit_amount(self.amount)


@dataclass(frozen=True)
class YearTotals:
    year: int
    totals: tuple[CreditTotal, ...]


@dataclass(frozen=True)
class Transcript:
    """The rows matching the filters (newest first), their totals, and the filter choices.

    `years` and `credit_types` list what is present among all of the learner's claims,
    whatever the filters, so the filter choices do not shrink as filters are applied.
    """

    rows: tuple[TranscriptRow, ...]
    totals: tuple[CreditTotal, ...]
    totals_by_year: tuple[YearTotals, ...]
    years: tuple[int, ...]
    credit_types: tuple[tuple[str, str], ...]  # (value, label)
    year: int | None = None
    credit_type: str | None = None
    query: str = ""
    has_claims: bool = False

    @property
    def filtered(self) -> bool:
        return bool(self.year or self.credit_type or self.query)


def credit_type_label(credit_type: str) -> str:
    """The learner-facing name of a credit type ("AMA PRA Category 1 Credit™", "ABIM MOC")."""
    if credit_type in CreditType.values:
        return str(CreditType(credit_type).label)
    return credit_type


def credit_unit_label(credit_type: str, unit: str) -> str:
    """The unit as the catalog says it ("credits", "points", "hours", "contact hours")."""
    if unit not in CreditUnit.values:
        return unit
    return unit_label(CreditOffering(credit_type=credit_type, unit=unit))


def _sort_key(credit_type: str, unit: str) -> tuple[int, str, str]:
    return (CREDIT_ORDER.get(credit_type, 99), credit_type, unit)


def _sum_lines(lines: list[CreditLine]) -> tuple[CreditTotal, ...]:
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    labels: dict[tuple[str, str], str] = {}
    for line in lines:
        sums[(line.credit_type, line.unit)] += line.amount
        labels[(line.credit_type, line.unit)] = line.label
    return tuple(
        CreditTotal(credit_type, labels[(credit_type, unit)], unit, sums[(credit_type, unit)])
        for credit_type, unit in sorted(sums, key=lambda key: _sort_key(*key))
    )


def _row(claim: CreditClaim, credit_type: str | None) -> TranscriptRow:
    certificate = getattr(claim, "certificate", None)
    lines = [
        CreditLine(
            line.credit_type,
            credit_type_label(line.credit_type),
            line.amount,
            credit_unit_label(line.credit_type, line.unit),
        )
        for line in claim.credits.all()
        if credit_type is None or line.credit_type == credit_type
    ]
    lines.sort(key=lambda line: _sort_key(line.credit_type, line.unit))
    return TranscriptRow(
        claim_id=claim.pk,
        activity_title=certificate.activity_title if certificate else claim.activity.title,
        activity_slug=claim.activity.slug,
        activity_type=(
            certificate.activity_type if certificate else claim.activity.get_format_display()
        ),
        completed_on=claim.completed_on,
        credits=tuple(lines),
        certificate_number=certificate.number if certificate else "",
    )


def transcript_for(
    user: Any, *, year: int | None = None, credit_type: str | None = None, query: str = ""
) -> Transcript:
    """The transcript of `user`: only their own claims, newest completion first.

    Filters: `year` (of completion), `credit_type` (claims with that credit; only that
    credit's lines are shown and totalled), `query` (words in the activity title or the
    certificate number, case-insensitive). Totals are Decimal sums per credit type and
    unit over the filtered lines, overall and per year of completion.
    """
    query = " ".join(query.split())
    mine = CreditClaim.objects.filter(user=user)
    claims = mine.select_related("activity", "certificate").prefetch_related("credits")
    if year:
        claims = claims.filter(completed_on__year=year)
    if credit_type:
        claims = claims.filter(credits__credit_type=credit_type)
    for word in query.split():
        claims = claims.filter(
            Q(activity__title__icontains=word)
            | Q(certificate__activity_title__icontains=word)
            | Q(certificate__number__icontains=word)
        )
    ordered = claims.distinct().order_by("-completed_on", "-claimed_at", "-pk")
    rows = tuple(_row(claim, credit_type or None) for claim in ordered)
    by_year: dict[int, list[CreditLine]] = defaultdict(list)
    for row in rows:
        by_year[row.completed_on.year].extend(row.credits)
    present_types = set(mine.values_list("credits__credit_type", flat=True)) - {None}
    return Transcript(
        rows=rows,
        totals=_sum_lines([line for row in rows for line in row.credits]),
        totals_by_year=tuple(
            YearTotals(y, _sum_lines(lines)) for y, lines in sorted(by_year.items(), reverse=True)
        ),
        years=tuple(sorted({d.year for d in mine.values_list("completed_on", flat=True)}))[::-1],
        credit_types=tuple(
            (value, credit_type_label(value))
            for value in sorted(present_types, key=lambda v: _sort_key(v, ""))
        ),
        year=year,
        credit_type=credit_type or None,
        query=query,
        has_claims=mine.exists(),
    )


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: formula-like values get a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def transcript_csv(transcript: Transcript) -> str:
    """The transcript as CSV: a header, then one row per claimed credit line.

    Columns: completion date (ISO), activity, activity type, credit type, amount, unit,
    certificate number, verification URL. Every cell that a spreadsheet would run as a
    formula (starting with = + - @, tab or carriage return) is prefixed with a quote.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in transcript.rows:
        url = verification_url(row.certificate_number) if row.certificate_number else ""
        for line in row.credits:
            cells = (
                row.completed_on.isoformat(),
                row.activity_title,
                row.activity_type,
                line.label,
                f"{line.amount:f}",
                line.unit,
                row.certificate_number,
                url,
            )
            writer.writerow([_csv_cell(cell) for cell in cells])
    return out.getvalue()


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(data: list[list[Any]], widths: list[float]) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9d1d9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def transcript_pdf(transcript: Transcript, user: Any) -> bytes:
    """The transcript as a PDF (letter size, as many pages as needed, text extractable).

    Titled "Transcript of <name>", with the provider's name, the date generated, the
    filters applied, totals by credit type and by year, and one table row per claim.
    """
    provider = accredited_provider()
    regular, bold = register_pdf_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if isinstance(style, ParagraphStyle):
            style.fontName = bold if "Title" in style.name or "Heading" in style.name else regular
    body = styles["BodyText"]
    small = ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=10.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    name = getattr(user, "display_name", str(user))
    story: list[Any] = [
        _paragraph(f"Transcript of {name}", styles["Title"]),
        _paragraph(provider.name if provider else "Equity Lens", body),
        _paragraph(f"Generated on {day(timezone.localdate())}", body),
    ]
    if transcript.filtered:
        applied = [f"year {transcript.year}"] if transcript.year else []
        if transcript.credit_type:
            applied.append(credit_type_label(transcript.credit_type))
        if transcript.query:
            applied.append(f"“{transcript.query}”")
        story.append(_paragraph("Filtered by " + ", ".join(applied), body))
    width = LETTER[0] - 1.5 * inch
    story += [Spacer(1, 8), _paragraph("Totals by credit type", styles["Heading2"])]
    totals = [[_paragraph(t, head) for t in ("Credit type", "Total", "Unit")]]
    totals += [
        [_paragraph(t.label, cell), t.amount_text, _paragraph(t.unit, cell)]
        for t in transcript.totals
    ] or [[_paragraph("No credit claimed", cell), "", ""]]
    story.append(_table(totals, [width * 0.6, width * 0.15, width * 0.25]))
    if transcript.totals_by_year:
        story.append(_paragraph("Totals by year", styles["Heading2"]))
        yearly = [[_paragraph(t, head) for t in ("Year", "Credit type", "Total", "Unit")]]
        yearly += [
            [str(y.year), _paragraph(t.label, cell), t.amount_text, _paragraph(t.unit, cell)]
            for y in transcript.totals_by_year
            for t in y.totals
        ]
        story.append(_table(yearly, [width * 0.12, width * 0.5, width * 0.13, width * 0.25]))
    story.append(_paragraph("Claims", styles["Heading2"]))
    claims = [[_paragraph(t, head) for t in ("Completed", "Activity", "Credits", "Certificate")]]
    for row in transcript.rows:
        credits = "<br/>".join(
            escape(f"{line.amount_text} {line.unit} — {line.label}") for line in row.credits
        )
        claims.append(
            [
                _paragraph(row.completed_on.isoformat(), cell),
                Paragraph(
                    f"{escape(row.activity_title)}<br/><font size=8>{escape(row.activity_type)}"
                    "</font>",
                    cell,
                ),
                Paragraph(credits, cell),
                _paragraph(row.certificate_number or "Being prepared", cell),
            ]
        )
    if len(claims) == 1:
        claims.append([_paragraph("No claims", cell), "", "", ""])
    story.append(_table(claims, [width * 0.14, width * 0.4, width * 0.3, width * 0.16]))
    story += [
        Spacer(1, 10),
        _paragraph(
            f"Anyone can check a certificate by its number at {verification_page_url()}",
            small,
        ),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.75 * inch,
        bottomMargin=0.75 * inch,
        title=f"Transcript of {name}",
        author=provider.name if provider else "Equity Lens",
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(register_pdf_fonts()[0], 8)
    canvas.drawRightString(LETTER[0] - 0.75 * inch, 0.5 * inch, f"Page {doc.page}")
    canvas.restoreState()
