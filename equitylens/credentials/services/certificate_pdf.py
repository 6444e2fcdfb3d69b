"""The one certificate renderer: a Certificate's frozen text over the provider's layout.

Landscape US letter, set in Source Sans Pro (see pdf_fonts.py: every learner's name
prints, whatever its alphabet; only the glyphs used are embedded, so the text stays
extractable). Long titles wrap and shrink; the QR code links
to the public verification page. See docs/decisions/0006-certificates-reportlab.md.
"""

from __future__ import annotations

import io
from collections import OrderedDict

import segno
from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from equitylens.credentials.models import Certificate, CertificateLayout
from equitylens.credentials.services.pdf_fonts import register_pdf_fonts
from equitylens.credentials.services.verification import verification_url

PAGE_WIDTH, PAGE_HEIGHT = landscape(letter)
MARGIN = 42.0
TEXT_WIDTH = PAGE_WIDTH - 2 * (MARGIN + 48)
DEFAULT_ACCENT = "#1f4e79"
INK = HexColor("#1d1d1f")
MUTED = HexColor("#4a4a4f")
REGULAR, BOLD = register_pdf_fonts()
QR_SIZE = 64.0
# Any of the 8 QR masks gives a valid code; choosing the "best" one costs most of the
# encoding time (about 7 ms per certificate), so we always use the same one.
QR_MASK = 4
LOGO_BOX = (150.0, 54.0)  # points; the logo is kept at twice this in pixels
# Binary image streams: ReportLab's ASCII85 fallback encoder is pure Python and slow.
rl_config.useA85 = 0

# Logo readers by (layout id, file name): decoding the image once, not per certificate.
_LOGO_CACHE: OrderedDict[tuple[int | None, str | None], ImageReader | None] = OrderedDict()
_LOGO_CACHE_SIZE = 16


def accent_color(layout: CertificateLayout) -> Color:
    """The layout's accent colour, or the default when it is missing or malformed."""
    try:
        return HexColor(layout.accent_color or DEFAULT_ACCENT)
    except ValueError:
        return HexColor(DEFAULT_ACCENT)


def logo_reader(layout: CertificateLayout) -> ImageReader | None:
    """The layout's logo, read and decoded once per layout and file (None without one)."""
    if not layout.logo:
        return None
    key = (layout.pk, layout.logo.name)
    if key in _LOGO_CACHE:
        _LOGO_CACHE.move_to_end(key)
        return _LOGO_CACHE[key]
    try:
        with layout.logo.open("rb") as file, Image.open(io.BytesIO(file.read())) as image:
            image.load()
            image.thumbnail((int(LOGO_BOX[0] * 2), int(LOGO_BOX[1] * 2)))
            reader: ImageReader | None = ImageReader(image.copy())
    except (OSError, ValueError):
        reader = None  # a missing or unreadable file: the certificate still renders
    _LOGO_CACHE[key] = reader
    if len(_LOGO_CACHE) > _LOGO_CACHE_SIZE:
        _LOGO_CACHE.popitem(last=False)
    return reader


def forget_logo(layout: CertificateLayout) -> None:
    """Drop cached readers of `layout` (after a new logo is uploaded)."""
    for key in [k for k in _LOGO_CACHE if k[0] == layout.pk]:
        del _LOGO_CACHE[key]


def render_certificate_pdf(certificate: Certificate, layout: CertificateLayout) -> bytes:
    """The certificate as a one-page PDF (bytes). Works on unsaved instances too."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=0)
    canvas.setTitle(f"Certificate {certificate.number} — {certificate.activity_title}")
    canvas.setAuthor(certificate.provider_name)
    canvas.setSubject(f"Certificate for {certificate.learner_name}")
    accent = accent_color(layout)
    _frame(canvas, accent)
    y = _masthead(canvas, certificate, layout, accent)
    y = _recipient(canvas, certificate, y)
    y = _credits(canvas, certificate, y, accent)
    _statements(canvas, certificate, y)
    _signature(canvas, layout)
    _verification(canvas, certificate)
    if layout.footer:
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN + 10, layout.footer[:180])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas, accent: Color) -> None:
    canvas.setStrokeColor(accent)
    for inset, width in ((18, 5.0), (10, 0.8)):
        canvas.setLineWidth(width)
        canvas.rect(
            MARGIN - inset,
            MARGIN - inset,
            PAGE_WIDTH - 2 * (MARGIN - inset),
            PAGE_HEIGHT - 2 * (MARGIN - inset),
        )


def _centred_lines(
    canvas: Canvas, text: str, font: str, size: float, y: float, leading: float
) -> float:
    for line in simpleSplit(text, font, size, TEXT_WIDTH):
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= leading
    return y


def _fitting_size(text: str, font: str, largest: float, smallest: float, max_lines: int) -> float:
    """The largest font size (down to `smallest`) at which `text` fits in `max_lines`."""
    size = largest
    while size > smallest and len(simpleSplit(text, font, size, TEXT_WIDTH)) > max_lines:
        size -= 1
    return size


def _masthead(
    canvas: Canvas, certificate: Certificate, layout: CertificateLayout, accent: Color
) -> float:
    top = PAGE_HEIGHT - MARGIN - 8
    logo = logo_reader(layout)
    if logo is not None:
        width, height = logo.getSize()
        scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
        canvas.drawImage(
            logo, MARGIN + 6, top - height * scale, width * scale, height * scale, mask="auto"
        )
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 10)
    canvas.drawRightString(PAGE_WIDTH - MARGIN - 6, top - 10, certificate.provider_name[:90])
    canvas.setFillColor(accent)
    heading = layout.heading or "Certificate of Completion"
    size = _fitting_size(heading, BOLD, 30, 18, 1)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 82, heading)
    return top - 112


def _recipient(canvas: Canvas, certificate: Certificate, y: float) -> float:
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(PAGE_WIDTH / 2, y, "This certifies that")
    name = certificate.learner_name
    if certificate.learner_credentials:
        name = f"{name}, {certificate.learner_credentials}"
    size = _fitting_size(name, BOLD, 26, 14, 1)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    y = _centred_lines(canvas, name, BOLD, size, y - 34, size + 4)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(PAGE_WIDTH / 2, y - 6, "has completed")
    title = certificate.activity_title
    size = _fitting_size(title, BOLD, 18, 11, 2)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    y = _centred_lines(canvas, title, BOLD, size, y - 32, size + 4)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, y - 4, f"{certificate.activity_type} · {certificate.completion_text}"
    )
    return y - 30


def _credits(canvas: Canvas, certificate: Certificate, y: float, accent: Color) -> float:
    lines = [f"{c['amount']} {c['label']}" for c in certificate.credits]
    if not lines:
        return y
    canvas.setFillColor(accent)
    canvas.setFont(BOLD, 10)
    canvas.drawCentredString(PAGE_WIDTH / 2, y, "CREDIT CLAIMED")
    canvas.setFillColor(INK)
    size = 13 if len(lines) <= 3 else 10.5
    canvas.setFont(REGULAR, size)
    # Two columns when there are many lines (several MOC boards), one otherwise.
    columns = 1 if len(lines) <= 3 else 2
    rows = -(-len(lines) // columns)
    for index, line in enumerate(lines):
        column, row = divmod(index, rows)
        x = PAGE_WIDTH / 2 if columns == 1 else PAGE_WIDTH / 2 + (column - 0.5) * TEXT_WIDTH / 2
        canvas.drawCentredString(x, y - 18 - row * (size + 4), line)
    return y - 18 - rows * (size + 4) - 6


def _statements(canvas: Canvas, certificate: Certificate, y: float) -> None:
    text = " ".join(
        s for s in (certificate.accreditation_statement, certificate.designation_statement) if s
    )
    if not text:
        return
    canvas.setFillColor(MUTED)
    size = _fitting_size(text, REGULAR, 8.5, 6.5, 4)
    canvas.setFont(REGULAR, size)
    _centred_lines(canvas, text, REGULAR, size, y, size + 2.5)


def _signature(canvas: Canvas, layout: CertificateLayout) -> None:
    if not layout.signatory_name:
        return
    x, y = MARGIN + 10, MARGIN + 52
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.6)
    canvas.line(x, y + 16, x + 210, y + 16)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(x, y + 3, layout.signatory_name[:60])
    if layout.signatory_title:
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(x, y - 9, layout.signatory_title[:70])


def _verification(canvas: Canvas, certificate: Certificate) -> None:
    url = verification_url(certificate.number)
    right = PAGE_WIDTH - MARGIN - 6
    bottom = MARGIN + 26
    _draw_qr(canvas, url, right - QR_SIZE, bottom + 4)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 9.5)
    text_right = right - QR_SIZE - 8
    canvas.drawRightString(text_right, bottom + 46, f"Certificate {certificate.number}")
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(text_right, bottom + 33, "Verify this certificate at")
    canvas.drawRightString(text_right, bottom + 22, url)


def _draw_qr(canvas: Canvas, data: str, x: float, y: float) -> None:
    """A QR code of `data` as filled rectangles, one per run of dark modules in a row."""
    matrix = segno.make_qr(data, error="m", boost_error=False, mask=QR_MASK).matrix
    module = QR_SIZE / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + QR_SIZE - (row_index + 1) * module
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(x + start * module, top, (col - start) * module, module)
                start = None
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)
