"""Ending a booking early: decline and cancel, their reasons and refusals; repeats."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.bookings.models import BookingStatus
from equitylens.bookings.services.errors import (
    BookingPermissionError,
    BookingStateError,
    BookingValidationError,
)
from equitylens.bookings.services.transitions import cancel, close, decline, mark_delivered, propose
from equitylens.live.models import SessionStatus
from tests.bookings.factories_bookings import (
    booking_actions,
    end_session,
    make_booking,
    make_confirmed,
    make_member,
    make_org_with_admin,
    make_proposed,
)

pytestmark = pytest.mark.django_db


# --- decline, cancel -------------------------------------------------------------


def test_decline_needs_a_reason_and_tells_the_admin(coordinator: Any, sent: Any) -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    with pytest.raises(BookingValidationError) as error:
        decline(booking, reason="   ", by=coordinator)
    assert error.value.errors == {
        "reason": "Give a reason for declining; the organization will read it."
    }
    mails = sent(lambda: decline(booking, reason="No facilitator that month", by=coordinator))
    assert booking.status == BookingStatus.DECLINED
    assert booking.reason == "No facilitator that month"
    assert set(mails) == {admin.email}
    # Repeating it (a double submit) changes nothing and sends nothing.
    assert sent(lambda: decline(booking, reason="again", by=coordinator)) == {}
    assert booking.reason == "No facilitator that month"
    assert booking_actions(booking).count("booking.declined") == 1
    with pytest.raises(BookingPermissionError):
        decline(make_booking(), reason="no", by=admin)


def test_decline_refused_once_confirmed(coordinator: Any) -> None:
    booking = make_confirmed()
    with pytest.raises(BookingStateError, match="Only a requested or proposed booking"):
        decline(booking, reason="Too late", by=coordinator)


def test_the_org_admin_cancels_a_request(coordinator: Any, sent: Any) -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    mails = sent(lambda: cancel(booking, reason="Budget freeze", by=admin))
    assert booking.status == BookingStatus.CANCELLED and booking.reason == "Budget freeze"
    assert set(mails) == {admin.email, coordinator.email}


def test_cancelling_a_confirmed_booking_cancels_its_session(coordinator: Any, sent: Any) -> None:
    booking = make_confirmed()
    facilitator = booking.proposed_facilitator
    mails = sent(lambda: cancel(booking, reason="Unit closed for renovation", by=coordinator))
    assert booking.session is not None
    booking.session.refresh_from_db()
    assert booking.session.status == SessionStatus.CANCELLED
    assert booking.session.cancel_reason == "Unit closed for renovation"
    assert facilitator.email in mails


def test_cancel_refusals(coordinator: Any) -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    with pytest.raises(BookingValidationError, match="Give a reason for cancelling"):
        cancel(booking, reason="", by=admin)
    with pytest.raises(BookingPermissionError):
        cancel(booking, reason="Not mine", by=make_member(organization))
    booking = make_confirmed(booking)
    end_session(booking)
    mark_delivered(booking, by=coordinator)
    with pytest.raises(BookingStateError, match="cannot be cancelled; this one is delivered"):
        cancel(booking, reason="Too late", by=admin)


def test_repeating_a_transition_changes_nothing(coordinator: Any, sent: Any) -> None:
    booking = make_proposed(coordinator=coordinator)
    assert booking.proposed_starts_at and booking.proposed_ends_at
    same = {
        "starts_at": booking.proposed_starts_at,
        "ends_at": booking.proposed_ends_at,
        "facilitator": booking.proposed_facilitator,
    }
    assert sent(lambda: propose(booking, by=coordinator, **same)) == {}
    cancel(booking, reason="Changed plans", by=coordinator)
    assert sent(lambda: cancel(booking, reason="Again", by=coordinator)) == {}
    assert booking.reason == "Changed plans"
    assert booking_actions(booking) == [
        "booking.requested",
        "booking.proposed",
        "booking.cancelled",
    ]


def test_a_refused_transition_sends_no_mail(coordinator: Any, sent: Any) -> None:
    booking = make_booking()

    def refused() -> None:
        with pytest.raises(BookingStateError):
            close(booking, by=coordinator)

    assert sent(refused) == {}
