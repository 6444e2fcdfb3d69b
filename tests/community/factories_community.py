"""Small factories for the community of practice: applications, members, uploads."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equitylens.community.models import ApplicationStatus, CommunityMembership, Resource
from tests.factories import make_learner

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_application(user: Any = None, **extra: Any) -> CommunityMembership:
    """A pending application (or any status given)."""
    extra.setdefault("organization_name", "Riverbend Health")
    extra.setdefault("role", "Director of Health Equity")
    extra.setdefault("statement", "I lead our equity council and want to learn from peers.")
    return CommunityMembership.objects.create(user=user or make_learner(), **extra)


def make_member(user: Any = None, *, listed: bool = False, **extra: Any) -> CommunityMembership:
    """An approved member, listed in the directory if asked."""
    return make_application(
        user,
        status=ApplicationStatus.APPROVED,
        decided_at=timezone.now(),
        listed_in_directory=listed,
        **extra,
    )


def pdf_upload(name: str = "guide.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_bytes(folder: str = "word/") -> bytes:
    """A minimal Office Open XML archive with one part in `folder`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


def make_link_resource(title: str = "Language access toolkit", **extra: Any) -> Resource:
    extra.setdefault("kind", "guide")
    extra.setdefault("description", "A checklist for interpreter services.")
    extra.setdefault("url", "https://example.org/language-access")
    return Resource.objects.create(title=title, **extra)
