"""Views: an organization admin's private workshop bookings (coordinators may look too)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.models import MembershipRole, Organization
from equitylens.accounts.permissions import has_role, organization_admin_required
from equitylens.bookings.forms import BookingRequestForm, ReasonForm, summary_links
from equitylens.bookings.models import BookingRequest
from equitylens.bookings.services.errors import BookingError, BookingValidationError
from equitylens.bookings.services.outcomes import member_outcomes, shows_outcomes, timeline
from equitylens.bookings.services.requests import (
    bookable_activities,
    request_booking,
    requests_of,
)
from equitylens.bookings.services.transitions import allowed_transitions, cancel, confirm


def org_admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """organization_admin_required for URLs whose organization kwarg is `org_slug`."""
    guarded = organization_admin_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return guarded(request, org_slug, *args, **kwargs)

    return wrapped


def _booking(organization: Organization, pk: int) -> BookingRequest:
    # Another organization's booking is a 404, as if it did not exist.
    return get_object_or_404(
        BookingRequest.objects.select_related(
            "activity", "session", "proposed_facilitator", "requested_by"
        ),
        pk=pk,
        organization=organization,
    )


def _is_admin(request: HttpRequest, organization: Organization) -> bool:
    return has_role(request.user, organization, MembershipRole.ORG_ADMIN)


@org_admin_view
@require_http_methods(["GET", "HEAD"])
def requests_list(request: HttpRequest, organization: Organization) -> HttpResponse:
    """The organization's booking requests with their status, newest first."""
    return render(
        request,
        "bookings/list.html",
        {
            "organization": organization,
            "bookings": requests_of(organization),
            "can_request": _is_admin(request, organization),
        },
    )


@org_admin_view
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest, organization: Organization) -> HttpResponse:
    """The request form: workshop, three preferred times, where, how many, notes."""
    if not _is_admin(request, organization):
        raise PermissionDenied("Only this organization's admins can request a workshop.")
    activities = bookable_activities()
    form = BookingRequestForm(request.POST or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = request_booking(
                organization,
                data["activity"],
                slots=form.aware_slots(),
                mode=data["mode"],
                address=data["address"],
                time_zone=data["time_zone"],
                expected_participants=data["expected_participants"],
                notes=data["notes"],
                by=request.user,
            )
        except BookingValidationError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your request for “{booking.activity.title}” was sent. "
                "A coordinator will propose a time and facilitator.",
            )
            return redirect("bookings:detail", organization.slug, booking.pk)
    return render(
        request,
        "bookings/new.html",
        {
            "organization": organization,
            "form": form,
            "activities": activities,
            "error_links": summary_links(form) if form.is_bound else [],
        },
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: HttpRequest,
    organization: Organization,
    booking: BookingRequest,
    cancel_form: ReasonForm | None = None,
) -> HttpResponse:
    invitation_url = ""
    if booking.session is not None and booking.status == "confirmed":
        invitation_url = settings.SITE_URL + reverse(
            "live:invitation", args=[booking.session.invitation_token]
        )
    return render(
        request,
        "bookings/detail.html",
        {
            "organization": organization,
            "booking": booking,
            "allowed": allowed_transitions(booking),
            "is_admin": _is_admin(request, organization),
            "invitation_url": invitation_url,
            "timeline": timeline(booking),
            "outcomes": member_outcomes(booking) if shows_outcomes(booking) else None,
            "cancel_form": cancel_form or ReasonForm(),
            "error_links": summary_links(cancel_form) if cancel_form else [],
        },
        status=400 if cancel_form else 200,
    )


@org_admin_view
@require_http_methods(["GET", "HEAD"])
def request_detail(request: HttpRequest, organization: Organization, pk: int) -> HttpResponse:
    """One booking: its times, the proposal, the invitation link, the timeline and,
    after delivery, the organization's members' attendance and completion."""
    return _detail_page(request, organization, _booking(organization, pk))


@org_admin_view
@require_POST
def request_accept(request: HttpRequest, organization: Organization, pk: int) -> HttpResponse:
    """Accept the proposal: the booking is confirmed and the private session created."""
    booking = _booking(organization, pk)
    try:
        confirm(booking, by=request.user)
    except BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Confirmed. Share the invitation link with your members.")
    return redirect("bookings:detail", organization.slug, booking.pk)


@org_admin_view
@require_POST
def request_cancel(request: HttpRequest, organization: Organization, pk: int) -> HttpResponse:
    """Cancel the booking with a reason (and its session, if confirmed)."""
    booking = _booking(organization, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            cancel(booking, reason=form.cleaned_data["reason"], by=request.user)
        except BookingValidationError as error:
            form.add_error("reason", error.errors.get("reason", str(error)))
        except BookingError as error:
            messages.error(request, str(error))
            return redirect("bookings:detail", organization.slug, booking.pk)
        else:
            messages.success(request, "The booking is cancelled; the coordinators were told.")
            return redirect("bookings:detail", organization.slug, booking.pk)
    return _detail_page(request, organization, booking, cancel_form=form)
