"""The resource library and its files, for members only."""

from __future__ import annotations

from pathlib import PurePath
from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from equitylens.community.forms import LibraryFilterForm
from equitylens.community.models import Resource
from equitylens.community.permissions import community_member_required
from equitylens.community.services.library import file_label, search_resources


@community_member_required
@require_http_methods(["GET", "HEAD"])
def library(request: HttpRequest) -> HttpResponse:
    """Resources filtered by topic and kind, searched by words."""
    form = LibraryFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    query, topic, kind = data.get("q", ""), data.get("topic", ""), data.get("kind", "")
    resources = [
        (resource, file_label(resource)) for resource in search_resources(query, topic, kind)
    ]
    return render(
        request,
        "community/library.html",
        {"form": form, "resources": resources, "filtered": bool(query or topic or kind)},
    )


def resource_file_response(resource: Resource) -> FileResponse:
    """Send a resource's file as a download (never served from MEDIA_URL directly)."""
    if not resource.file:
        raise Http404("This resource is a link, not a file.")
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    filename = PurePath(resource.file.name or "file").name
    return FileResponse(handle, as_attachment=True, filename=filename)


@community_member_required
@require_http_methods(["GET", "HEAD"])
def resource_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a resource's file: members only."""
    # A FileResponse streams; the permission decorators are typed for HttpResponse.
    return cast(HttpResponse, resource_file_response(get_object_or_404(Resource, pk=pk)))
