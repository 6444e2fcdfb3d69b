"""Everything about one case, gathered once, for the detail page, the print view and the PDF.

The print view and the PDF show the same `CaseDocument`, so what leaves the screen is exactly
what the review body sees. Every PDF page carries the confidentiality marking, the series,
the case number, who exported it and when, and "page N of M" in its header and footer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from equitylens.casereview.models import (
    ActionItem,
    AgendaItem,
    Case,
    CaseTransition,
    FactorLevel,
)
from equitylens.casereview.services.case_file import TAG_LABELS, reference_lines
from equitylens.casereview.services.intake import submitter_label
from equitylens.credentials.services.pdf_fonts import register_pdf_fonts

MARKING = "CONFIDENTIAL — quality-improvement / peer-review document"


def person(user: Any) -> str:
    return user.display_name if user is not None else "someone no longer here"


@dataclass(frozen=True)
class FactorGroup:
    level: str
    label: str
    descriptions: list[str]


@dataclass(frozen=True)
class CaseDocument:
    """One case with its file, preparation, agenda, actions and state log."""

    case: Case
    submitter: str
    factor_groups: list[FactorGroup]
    tags: list[str]
    references: list[str]
    actions: list[ActionItem]
    agenda: list[AgendaItem]
    transitions: list[CaseTransition]

    @property
    def has_case_file(self) -> bool:
        c = self.case
        return bool(
            c.clinical_narrative
            or c.counter_narrative
            or c.root_cause_analysis
            or self.factor_groups
            or self.tags
            or self.references
        )

    @property
    def has_preparation(self) -> bool:
        c = self.case
        return bool(c.key_issues or c.discussion_questions or c.concerns)


def case_document(case: Case) -> CaseDocument:
    """Gather the case and everything attached to it (a handful of queries)."""
    factors = list(case.factors.all())
    groups = [
        FactorGroup(level.value, level.label, [f.description for f in factors if f.level == level])
        for level in FactorLevel
    ]
    return CaseDocument(
        case=case,
        submitter=submitter_label(case),
        factor_groups=[g for g in groups if g.descriptions],
        tags=[TAG_LABELS.get(tag, tag) for tag in case.equity_tags],
        references=reference_lines(case.source_references),
        actions=list(case.actions.select_related("owner")),
        agenda=list(case.agenda_items.select_related("conference")),
        transitions=list(case.transitions.select_related("actor")),
    )


def day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return f"{value:%B} {value.day}, {value.year}"


# --- PDF -------------------------------------------------------------------------------------


def export_filename(case: Case) -> str:
    """`case-<series slug>-<number>.pdf` (no title: file names end up in download lists)."""
    return f"case-{case.series.slug}-{case.number}.pdf"


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each can say "page N of M"."""

    context_line = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._frame(total)
            super().showPage()
        super().save()

    def _frame(self, total: int) -> None:
        regular, bold = register_pdf_fonts()
        width, height = LETTER
        left, right = 0.75 * inch, width - 0.75 * inch
        context = self.context_line
        page = f"Page {self._pageNumber} of {total}"
        self.saveState()
        self.setFillColor(colors.HexColor("#5c1010"))
        self.setFont(bold, 9)
        self.drawString(left, height - 0.45 * inch, MARKING)
        self.drawString(left, 0.45 * inch, MARKING)
        self.setFillColor(colors.black)
        self.setFont(regular, 8)
        self.drawString(left, height - 0.6 * inch, context)
        self.drawRightString(right, height - 0.45 * inch, page)
        self.drawString(left, 0.3 * inch, context)
        self.drawRightString(right, 0.45 * inch, page)
        self.setStrokeColor(colors.HexColor("#8a1c1c"))
        self.line(left, height - 0.66 * inch, right, height - 0.66 * inch)
        self.line(left, 0.58 * inch, right, 0.58 * inch)
        self.restoreState()


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=4)
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, spaceBefore=10),
        "h3": ParagraphStyle("h3", fontName=bold, fontSize=10.5, leading=13, spaceBefore=4),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName=bold, fontSize=9, leading=11),
    }


def _text(value: str, style: ParagraphStyle) -> list[Any]:
    """Paragraphs of a free text (blank lines split paragraphs; single newlines kept)."""
    blocks = [b.strip() for b in value.replace("\r\n", "\n").split("\n\n") if b.strip()]
    if not blocks:
        return [Paragraph("<i>Not written yet.</i>", style)]
    return [Paragraph(escape(b).replace("\n", "<br/>"), style) for b in blocks]


def _section(title: str, value: str, s: dict[str, ParagraphStyle]) -> list[Any]:
    return [Paragraph(escape(title), s["h3"]), *_text(value, s["body"])]


def _actions_table(document: CaseDocument, s: dict[str, ParagraphStyle]) -> list[Any]:
    if not document.actions:
        return [Paragraph("No action items recorded.", s["body"])]
    rows = [[Paragraph(t, s["head"]) for t in ("Action", "Level", "Owner", "Due", "Status")]]
    for item in document.actions:
        rows.append(
            [
                Paragraph(escape(item.description), s["cell"]),
                Paragraph(item.get_level_display(), s["cell"]),
                Paragraph(escape(person(item.owner)), s["cell"]),
                Paragraph(item.due_on.isoformat(), s["cell"]),
                Paragraph(item.get_status_display(), s["cell"]),
            ]
        )
    width = LETTER[0] - 1.5 * inch
    table = Table(rows, colWidths=[w * width for w in (0.42, 0.14, 0.18, 0.12, 0.14)])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9d1d9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [table]


def _story(document: CaseDocument, s: dict[str, ParagraphStyle]) -> list[Any]:
    case = document.case
    story: list[Any] = [
        Paragraph(escape(f"Case {case.number}: {case.title}"), s["title"]),
        Paragraph(
            escape(
                f"{case.get_kind_display()} · {case.get_status_display()} · submitted "
                f"{day(case.submitted_at)} by {document.submitter}"
            ),
            s["body"],
        ),
        Paragraph("Submission", s["h2"]),
        *_text(case.summary, s["body"]),
        Paragraph("Case file", s["h2"]),
        *_section("Clinical narrative", case.clinical_narrative, s),
        *_section("Counter-narrative: social and structural drivers", case.counter_narrative, s),
        *_section("Equity-framed root-cause analysis", case.root_cause_analysis, s),
        Paragraph("Factors", s["h3"]),
    ]
    if document.factor_groups:
        for group in document.factor_groups:
            items = "".join(f"<br/>• {escape(d)}" for d in group.descriptions)
            story.append(Paragraph(f"<b>{group.label}</b>{items}", s["body"]))
    else:
        story.append(Paragraph("No factors recorded.", s["body"]))
    story += [
        Paragraph("Equity-factor tags", s["h3"]),
        Paragraph(escape(", ".join(document.tags) or "None chosen."), s["body"]),
        Paragraph("References to source systems", s["h3"]),
        Paragraph(
            "<br/>".join(escape(r) for r in document.references) or "None listed.", s["body"]
        ),
        Paragraph("Facilitator preparation", s["h2"]),
        *_section("Key health-equity issues", case.key_issues, s),
        *_section("Questions for discussion", case.discussion_questions, s),
        *_section("Concerns", case.concerns, s),
        Paragraph("Action items", s["h2"]),
        *_actions_table(document, s),
        Spacer(1, 8),
    ]
    return story


def render_case_pdf(case: Case, by: Any, when: datetime | None = None) -> bytes:
    """The case as a letter-size PDF with the marking in every page's header and footer.

    Content: the submission, the case file, factors by level, tags, references, the
    preparation and the action items. The PDF's metadata title names the case number and
    series only (titles are shown by viewers and indexers).
    """
    when = timezone.localtime(when or timezone.now())
    series = case.series
    document = case_document(case)
    exported = f"Exported by {person(by)} on {day(when)} at {when:%H:%M}"

    class _Canvas(_NumberedCanvas):
        context_line = f"{series.title} · Case {case.number} · {exported}"

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.95 * inch,
        bottomMargin=0.85 * inch,
        title=f"Case {case.number} of {series.title} (confidential)",
        author="Equity Lens — Health Equity M&M",
        subject=MARKING,
    )
    doc.build(_story(document, _styles()), canvasmaker=_Canvas)
    return out.getvalue()
