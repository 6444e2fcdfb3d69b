"""The typeface of our PDFs: Source Sans Pro (SIL OFL), installed from PyPI.

PDF's built-in Helvetica covers only Western European letters, so names such as
"Nguyễn", "Łukasz" or "Dvořák" would print as boxes. Source Sans Pro covers Latin,
Latin Extended, Vietnamese, Greek and Cyrillic; ReportLab embeds just the glyphs used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import font_source_sans_pro
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "SourceSansPro"
BOLD = "SourceSansPro-Bold"


@cache
def register_pdf_fonts() -> tuple[str, str]:
    """Register the regular and bold faces with ReportLab once; return their names."""
    directory = Path(font_source_sans_pro.font_directory)
    pdfmetrics.registerFont(TTFont(REGULAR, str(directory / "SourceSansPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(directory / "SourceSansPro-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return REGULAR, BOLD
