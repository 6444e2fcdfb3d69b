"""Back office: the community of practice — applications, members, the resource library."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.community.forms import DeclineForm, ResourceForm
from equitylens.community.models import ApplicationStatus, CommunityMembership, Resource
from equitylens.community.services.library import (
    ResourceInput,
    add_resource,
    delete_resource,
    edit_resource,
    file_label,
    search_resources,
)
from equitylens.community.services.membership import CommunityRuleError, approve, decline
from equitylens.community.views.library import resource_file_response


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def applications(request: HttpRequest) -> HttpResponse:
    """Applications, those waiting for review first (oldest first), then decided ones."""
    rows = (
        CommunityMembership.objects.select_related("user", "decided_by")
        .annotate(
            waiting=Case(
                When(status=ApplicationStatus.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "applied_at")
    )
    pending = [row for row in rows if row.status == ApplicationStatus.PENDING]
    decided = [
        row for row in rows if row.status in {ApplicationStatus.DECLINED, ApplicationStatus.LEFT}
    ]
    return render(
        request,
        "coordinator/community/applications.html",
        {"pending": pending, "decided": decided},
    )


@coordinator_required
@require_POST
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a pending application (a second click changes nothing)."""
    membership = get_object_or_404(CommunityMembership, pk=pk)
    try:
        approved = approve(membership, by=request.user)
    except CommunityRuleError as error:
        messages.error(request, str(error))
    else:
        name = approved.user.display_name
        messages.success(request, f"{name} is now a member; we e-mailed them.")
    return redirect("coordinator:community_applications")


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline a pending application with a reason the applicant reads."""
    membership = get_object_or_404(CommunityMembership.objects.select_related("user"), pk=pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline(membership, form.cleaned_data["reason"], by=request.user)
        except CommunityRuleError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(
                request, f"Declined {membership.user.display_name}'s application; we e-mailed them."
            )
            return redirect("coordinator:community_applications")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "coordinator/community/decline.html",
        {"membership": membership, "form": form},
        status=status,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def members(request: HttpRequest) -> HttpResponse:
    """Approved members, with whether each is listed in the directory."""
    rows = (
        CommunityMembership.objects.filter(status=ApplicationStatus.APPROVED)
        .select_related("user", "decided_by")
        .order_by("user__last_name", "user__first_name")
    )
    return render(request, "coordinator/community/members.html", {"members": rows})


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def resources(request: HttpRequest) -> HttpResponse:
    """The library as coordinators manage it."""
    rows = [(resource, file_label(resource)) for resource in search_resources()]
    return render(request, "coordinator/community/resources.html", {"resources": rows})


def _resource_input(form: ResourceForm, request: HttpRequest) -> ResourceInput:
    data = form.cleaned_data
    return ResourceInput(
        title=data["title"],
        kind=data["kind"],
        description=data["description"],
        topics=data["topics"],
        file=request.FILES.get("file"),
        url=data.get("url", ""),
    )


def _resource_form_page(
    request: HttpRequest, form: ResourceForm, resource: Resource | None, status: int
) -> HttpResponse:
    return render(
        request,
        "coordinator/community/resource_form.html",
        {
            "form": form,
            "resource": resource,
            "file_label": file_label(resource) if resource else "",
        },
        status=status,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_new(request: HttpRequest) -> HttpResponse:
    """Add a resource: a file upload or an https link."""
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = add_resource(_resource_input(form, request), by=request.user)
        except CommunityRuleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Added “{resource.title}” to the library.")
            return redirect("coordinator:community_resources")
    return _resource_form_page(request, form, None, 400 if request.method == "POST" else 200)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a resource; leave the file empty to keep the current file."""
    resource = get_object_or_404(Resource, pk=pk)
    initial: dict[str, Any] = {
        "title": resource.title,
        "kind": resource.kind,
        "description": resource.description,
        "topics": list(resource.topics.all()),
        "url": resource.url,
    }
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            edit_resource(resource, _resource_input(form, request), by=request.user)
        except CommunityRuleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Saved “{resource.title}”.")
            return redirect("coordinator:community_resources")
    return _resource_form_page(request, form, resource, 400 if request.method == "POST" else 200)


@coordinator_required
@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a resource and its file (a second click changes nothing)."""
    resource = Resource.objects.filter(pk=pk).first()
    if resource is not None:
        delete_resource(resource, by=request.user)
        messages.success(request, f"Deleted “{resource.title}” from the library.")
    return redirect("coordinator:community_resources")


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def resource_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a resource's file from the back office."""
    # A FileResponse streams; the permission decorators are typed for HttpResponse.
    return cast(HttpResponse, resource_file_response(get_object_or_404(Resource, pk=pk)))
