"""Back office: the queue of private workshop requests and the decisions on each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import coordinator_required, provider_facilitators
from equitylens.bookings.forms import ReasonForm, WallClockField, summary_links
from equitylens.bookings.models import BookingRequest, BookingStatus
from equitylens.bookings.services.errors import BookingError, BookingValidationError
from equitylens.bookings.services.outcomes import member_outcomes, shows_outcomes, timeline
from equitylens.bookings.services.times import zone
from equitylens.bookings.services.transitions import (
    allowed_transitions,
    cancel,
    close,
    confirm,
    decline,
    mark_delivered,
    propose,
)
from equitylens.catalog.models import Activity

STATUSES = BookingStatus.choices
DECLINE, CANCEL = "decline", "cancel"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *BookingStatus.choices], label="Status"
    )
    organization = forms.ModelChoiceField(
        required=False,
        queryset=Organization.objects.filter(booking_requests__isnull=False).distinct(),
        empty_label="Any organization",
        label="Organization",
    )
    activity = forms.ModelChoiceField(
        required=False,
        queryset=Activity.objects.filter(booking_requests__isnull=False).distinct(),
        empty_label="Any workshop",
        label="Workshop",
    )


class FacilitatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class ProposalForm(forms.Form):
    """Start and end as typed, in the request's time zone."""

    starts_at = WallClockField(
        label="Start",
        error_messages={
            "required": "Enter the proposed start date and time.",
            "invalid": "Enter the start as a date and time, e.g. 2026-03-12 14:00.",
        },
    )
    ends_at = WallClockField(
        label="End",
        error_messages={
            "required": "Enter the proposed end date and time.",
            "invalid": "Enter the end as a date and time, e.g. 2026-03-12 16:00.",
        },
    )
    facilitator = FacilitatorChoiceField(
        queryset=provider_facilitators(),
        label="Facilitator",
        empty_label="Choose a facilitator",
        error_messages={"required": "Choose the facilitator."},
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        hint = f"In the request's time zone, {time_zone}."
        self.fields["starts_at"].help_text = hint
        self.fields["ends_at"].help_text = hint


def _queue(filters: QueueFilterForm) -> QuerySet[BookingRequest]:
    bookings = BookingRequest.objects.select_related(
        "organization", "activity", "proposed_facilitator"
    ).order_by("-created_at")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            bookings = bookings.filter(status=data["status"])
        if data["organization"]:
            bookings = bookings.filter(organization=data["organization"])
        if data["activity"]:
            bookings = bookings.filter(activity=data["activity"])
    return bookings


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def booking_queue(request: HttpRequest) -> HttpResponse:
    """All booking requests, newest first, filtered by status, organization and workshop."""
    filters = QueueFilterForm(request.GET or None)
    counts = dict(BookingRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "coordinator/bookings/queue.html",
        {
            "filters": filters,
            "filtered": bool(request.GET),
            "bookings": _queue(filters),
            "counts": [(value, label, counts.get(value, 0)) for value, label in STATUSES],
        },
    )


def _initial_proposal(booking: BookingRequest) -> dict[str, Any]:
    tz = zone(booking.time_zone)
    start = booking.proposed_starts_at or next(
        (slot.starts_at for slot in booking.slots.all()), None
    )
    if start is None:
        return {}
    end = booking.proposed_ends_at
    if end is None:
        end = start + timedelta(minutes=booking.activity.duration_minutes)
    return {
        "starts_at": start.astimezone(tz).replace(tzinfo=None),
        "ends_at": end.astimezone(tz).replace(tzinfo=None),
        "facilitator": booking.proposed_facilitator_id,
    }


def _page(
    request: HttpRequest,
    booking: BookingRequest,
    *,
    proposal_form: ProposalForm | None = None,
    reason_form: ReasonForm | None = None,
    reason_for: str = "",
) -> HttpResponse:
    proposal_form = proposal_form or ProposalForm(
        initial=_initial_proposal(booking), time_zone=booking.time_zone
    )
    error_links = summary_links(proposal_form) if proposal_form.is_bound else []
    if reason_form is not None:
        error_links += summary_links(reason_form)
    return render(
        request,
        "coordinator/bookings/detail.html",
        {
            "booking": booking,
            "allowed": allowed_transitions(booking),
            "proposal_form": proposal_form,
            "decline_form": reason_form if reason_for == "decline" else ReasonForm(prefix=DECLINE),
            "cancel_form": reason_form if reason_for == "cancel" else ReasonForm(prefix=CANCEL),
            "timeline": timeline(booking),
            "outcomes": member_outcomes(booking) if shows_outcomes(booking) else None,
            "error_links": error_links,
        },
        status=400 if error_links else 200,
    )


def _booking(pk: int) -> BookingRequest:
    return get_object_or_404(
        BookingRequest.objects.select_related(
            "organization", "activity", "session", "proposed_facilitator", "requested_by"
        ),
        pk=pk,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: the organization's slots, the proposal form and the decisions."""
    return _page(request, _booking(pk))


@coordinator_required
@require_POST
def booking_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a start, end and facilitator (in the request's time zone)."""
    booking = _booking(pk)
    form = ProposalForm(request.POST, time_zone=booking.time_zone)
    if form.is_valid():
        tz = zone(booking.time_zone)
        try:
            propose(
                booking,
                starts_at=form.cleaned_data["starts_at"].replace(tzinfo=tz),
                ends_at=form.cleaned_data["ends_at"].replace(tzinfo=tz),
                facilitator=form.cleaned_data["facilitator"],
                by=request.user,
            )
        except BookingValidationError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Proposal sent to the organization's admins.")
            return redirect("coordinator:booking", pk=booking.pk)
    return _page(request, booking, proposal_form=form)


def _simple(transition: Any, done: str) -> Any:
    @coordinator_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        booking = _booking(pk)
        try:
            transition(booking, by=request.user)
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect("coordinator:booking", pk=booking.pk)

    view.__doc__ = f"POST: {transition.__name__} the booking, then back to it."
    return view


booking_confirm = _simple(confirm, "Confirmed; the private session was created.")
booking_deliver = _simple(mark_delivered, "Marked delivered.")
booking_close = _simple(close, "Closed.")


def _with_reason(transition: Any, prefix: str, done: str) -> Any:
    @coordinator_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        booking = _booking(pk)
        form = ReasonForm(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                transition(booking, reason=form.cleaned_data["reason"], by=request.user)
            except BookingValidationError as error:
                form.add_error("reason", error.errors.get("reason", str(error)))
            except BookingError as error:
                messages.error(request, str(error))
                return redirect("coordinator:booking", pk=booking.pk)
            else:
                messages.success(request, done)
                return redirect("coordinator:booking", pk=booking.pk)
        return _page(request, booking, reason_form=form, reason_for=prefix)

    view.__doc__ = f"POST: {transition.__name__} the booking with a reason."
    return view


booking_decline = _with_reason(decline, "decline", "Declined; the organization was told why.")
booking_cancel = _with_reason(cancel, "cancel", "Cancelled; everyone concerned was told.")
