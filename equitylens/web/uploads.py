"""Checking what an uploaded file really is: its extension, then its first bytes.

A renamed file ("report.pdf" that is really an executable) is refused because its
content does not start the way a file of that type must.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

# Office files are zip archives; the folder inside tells a document from a deck or a sheet.
OFFICE_FOLDERS = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}


def file_extension(name: str) -> str:
    """The lower-case extension without the dot; "jpeg" is reported as "jpg"."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return "jpg" if suffix == "jpeg" else suffix


def content_matches(upload: UploadedFile, extension: str) -> bool:
    """True when the file's first bytes (and, for Office files, its folders) fit `extension`.

    Known: pdf, png, jpg, mp4, docx, pptx, xlsx; anything else is False.
    """
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == "jpg":
        return head.startswith(b"\xff\xd8\xff")
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension in OFFICE_FOLDERS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return any(name.startswith(OFFICE_FOLDERS[extension]) for name in names)
    return False
