"""The community's resource library: guides, videos, reports and tools, files or links.

Coordinators add, edit and delete resources; members search and open them. A resource
is exactly one of an uploaded file or an https link. Files are checked by extension and
by their first bytes, and may be at most 25 MB.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlparse

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet

from equitylens.audit.services import log_action
from equitylens.catalog.models import Topic
from equitylens.community.models import Resource, ResourceKind
from equitylens.community.services.membership import CommunityRuleError
from equitylens.web.uploads import content_matches, file_extension

MAX_FILE_BYTES = 25 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "mp4", "png", "jpg")


@dataclass(frozen=True)
class ResourceInput:
    """What a coordinator gives for a resource."""

    title: str
    kind: str
    description: str
    topics: Iterable[Topic]
    file: UploadedFile | None = None
    url: str = ""


def check_file(upload: UploadedFile) -> None:
    """Refuse a file of the wrong type, one whose content is not what its name says, or >25 MB."""
    extension = file_extension(upload.name or "")
    if extension not in ALLOWED_EXTENSIONS:
        raise CommunityRuleError(
            f"Upload a PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), MP4, PNG or "
            f"JPG file; “{upload.name}” is not one of these.",
            field="file",
        )
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        size_mb = upload.size / (1024 * 1024)
        raise CommunityRuleError(
            f"The file is {size_mb:.1f} MB; files can be at most 25 MB. Link to larger "
            "files instead.",
            field="file",
        )
    if not content_matches(upload, extension):
        raise CommunityRuleError(
            f"“{upload.name}” is not really a .{extension} file; save it again in that "
            "format and upload it.",
            field="file",
        )


def check_link(url: str) -> None:
    """Links must be complete https addresses."""
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        raise CommunityRuleError(
            "Give a full link starting with https://, e.g. https://example.org/guide.",
            field="url",
        )


def _check(data: ResourceInput, *, keeps_file: bool) -> None:
    if not data.title.strip():
        raise CommunityRuleError("Give the resource a title.", field="title")
    if data.kind not in ResourceKind.values:
        raise CommunityRuleError(
            "Choose what kind of resource this is: guide, video, report or tool.", field="kind"
        )
    if not data.description.strip():
        raise CommunityRuleError(
            "Write a short description: what it is and who it helps.", field="description"
        )
    url = data.url.strip()
    if data.file is not None and url:
        raise CommunityRuleError(
            "A resource is a file or a link, not both: remove the link or the file.", field="url"
        )
    if data.file is None and not url and not keeps_file:
        raise CommunityRuleError("Upload a file or give a link.", field="file")
    if data.file is not None:
        check_file(data.file)
    if url:
        check_link(url)


def add_resource(data: ResourceInput, by: Any) -> Resource:
    """Add a resource to the library (rules in `_check`: title, kind, description, file or link)."""
    _check(data, keeps_file=False)
    with transaction.atomic():
        resource = Resource(
            title=data.title.strip(),
            kind=data.kind,
            description=data.description.strip(),
            url=data.url.strip(),
            added_by=by,
        )
        if data.file is not None:
            resource.file.save(PurePath(data.file.name or "file").name, data.file, save=False)
        resource.save()
        resource.topics.set(list(data.topics))
        log_action(by, "community.resource_added", resource)
    return resource


def edit_resource(resource: Resource, data: ResourceInput, by: Any) -> Resource:
    """Change a resource. A new file replaces the old file or link; a new link replaces the
    file; giving neither keeps the current file (a link-only resource must keep a link).
    """
    _check(data, keeps_file=bool(resource.file))
    old_file = resource.file.name if resource.file else ""
    url = data.url.strip()
    with transaction.atomic():
        resource.title = data.title.strip()
        resource.kind = data.kind
        resource.description = data.description.strip()
        if data.file is not None:
            resource.file.save(PurePath(data.file.name or "file").name, data.file, save=False)
            resource.url = ""
        elif url:
            resource.url = url
            resource.file = None
        resource.save()
        resource.topics.set(list(data.topics))
        log_action(by, "community.resource_edited", resource)
        new_file = resource.file.name if resource.file else ""
        if old_file and old_file != new_file:
            _delete_file_after_commit(resource, old_file)
    return resource


def delete_resource(resource: Resource, by: Any) -> None:
    """Remove a resource and, after commit, its file. Deleting it again changes nothing."""
    with transaction.atomic():
        locked = Resource.objects.select_for_update().filter(pk=resource.pk).first()
        if locked is None:
            return
        log_action(by, "community.resource_deleted", locked, title=locked.title)
        if locked.file:
            _delete_file_after_commit(locked, locked.file.name or "")
        locked.delete()


def _delete_file_after_commit(resource: Resource, name: str) -> None:
    storage = resource.file.storage
    transaction.on_commit(lambda: storage.delete(name))


def search_resources(query: str = "", topic: str = "", kind: str = "") -> QuerySet[Resource]:
    """Resources matching words in title or description, a topic slug and a kind."""
    resources = Resource.objects.prefetch_related("topics")
    for word in query.split():
        resources = resources.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if topic:
        resources = resources.filter(topics__slug=topic)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.distinct().order_by("title", "pk")


def file_label(resource: Resource) -> str:
    """E.g. “PDF, 1.2 MB” for a file resource; empty for a link."""
    if not resource.file:
        return ""
    extension = file_extension(resource.file.name or "").upper()
    try:
        size = resource.file.size
    except OSError:
        return extension
    if size >= 1024 * 1024:
        return f"{extension}, {size / (1024 * 1024):.1f} MB"
    return f"{extension}, {max(1, round(size / 1024))} KB"
