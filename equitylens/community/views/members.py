"""Community home: what the community is, applying, your status and directory listing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.community.forms import ApplicationForm, ListingForm
from equitylens.community.models import ApplicationStatus, CommunityMembership
from equitylens.community.permissions import community_member_required
from equitylens.community.services import membership as community
from equitylens.community.services.directory import set_directory_listing


def _application_initial(
    request: HttpRequest, membership: CommunityMembership | None
) -> dict[str, str]:
    if membership is not None:
        return {
            "organization_name": membership.organization_name,
            "role": membership.role,
            "interests": membership.interests,
        }
    user: Any = request.user
    if not user.is_authenticated:
        return {}
    first = user.memberships.select_related("organization").first()
    return {"organization_name": first.organization.name if first else ""}


def _home(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    membership = community.membership_of(request.user)
    is_member = membership is not None and membership.status == ApplicationStatus.APPROVED
    can_apply = membership is None or membership.status in {
        ApplicationStatus.DECLINED,
        ApplicationStatus.LEFT,
    }
    listing_form = extra.pop("listing_form", None)
    if listing_form is None and is_member and membership is not None:
        listing_form = ListingForm(
            initial={"listed": membership.listed_in_directory, "interests": membership.interests}
        )
    context = {
        "membership": membership,
        "is_member": is_member,
        "can_apply": can_apply,
        "form": extra.pop("form", None)
        or ApplicationForm(initial=_application_initial(request, membership)),
        "listing_form": listing_form,
        **extra,
    }
    return render(request, "community/home.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    """Open to everyone: the community explained; signed-in people apply or see their status."""
    return _home(request)


@login_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    """Send (or, after a decline, send again) an application."""
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            community.apply(request.user, **form.cleaned_data, by=request.user)
        except community.CommunityRuleError as error:
            if error.field is None:
                # Already pending or a member (e.g. a double submit): show where it stands.
                messages.info(request, str(error))
                return redirect("community:home")
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                "Thank you — your application is waiting for review. We will e-mail you "
                "when a coordinator decides.",
            )
            return redirect("community:home")
    return _home(request, status=400, form=form)


@community_member_required
@require_POST
def listing(request: HttpRequest) -> HttpResponse:
    """Opt in to or out of the member directory, and set the interests shown there."""
    membership = get_object_or_404(CommunityMembership, user_id=request.user.pk or 0)
    form = ListingForm(request.POST)
    if form.is_valid():
        try:
            updated = set_directory_listing(
                membership,
                form.cleaned_data["listed"],
                form.cleaned_data["interests"],
                by=request.user,
            )
        except community.CommunityRuleError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(
                request,
                "You are listed in the member directory."
                if updated.listed_in_directory
                else "You are not listed in the member directory.",
            )
            return redirect("community:home")
    return _home(request, status=400, listing_form=form)


@login_required
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Leave the community; you can apply again later."""
    membership = community.membership_of(request.user)
    if membership is None:
        return redirect("community:home")
    try:
        community.leave(membership, by=request.user)
    except community.CommunityRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have left the community of practice.")
    return redirect("community:home")
