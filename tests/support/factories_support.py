"""Uploads for support tests: small files whose first bytes match (or not) their names."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n% signed agreement\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def agreement_pdf(name: str = "agreement.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def agreement_png(name: str = "agreement.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def fake_pdf(name: str = "agreement.pdf") -> SimpleUploadedFile:
    """A file named .pdf that is really a Word document."""
    return SimpleUploadedFile(name, b"PK\x03\x04not a pdf", content_type="application/pdf")
