"""The member directory, for members only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from equitylens.community.forms import DirectorySearchForm
from equitylens.community.permissions import community_member_required
from equitylens.community.services.directory import directory_entries


@community_member_required
@require_http_methods(["GET", "HEAD"])
def directory(request: HttpRequest) -> HttpResponse:
    """Members who chose to be listed; search by name, organization, role or interest."""
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    interest = form.cleaned_data.get("interest", "")
    entries = directory_entries(request.user, query=query, interest=interest)
    return render(
        request,
        "community/directory.html",
        {"form": form, "entries": entries, "filtered": bool(query or interest)},
    )
