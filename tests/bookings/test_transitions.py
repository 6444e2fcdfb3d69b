"""Booking transitions: each allowed one, each refusal, the e-mails, idempotency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.bookings.models import BookingRequest, BookingStatus
from equitylens.bookings.services.errors import (
    BookingPermissionError,
    BookingStateError,
    BookingValidationError,
    FacilitatorClashError,
)
from equitylens.bookings.services.transitions import (
    close,
    confirm,
    mark_delivered,
    propose,
    session_capacity,
)
from equitylens.live.models import Session, SessionStatus
from tests.bookings.factories_bookings import (
    booking_actions,
    end_session,
    in_days,
    make_booking,
    make_confirmed,
    make_member,
    make_org_with_admin,
    make_proposed,
    make_workshop,
)
from tests.factories import make_facilitator, make_learner

pytestmark = pytest.mark.django_db


# --- propose ---------------------------------------------------------------------


def test_propose_sets_the_slot_and_facilitator_and_emails_admin_and_facilitator(
    coordinator: Any, sent: Any
) -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    facilitator = make_facilitator()
    start = in_days(20)
    mails = sent(
        lambda: propose(
            booking,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            facilitator=facilitator,
            by=coordinator,
        )
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PROPOSED
    assert booking.proposed_starts_at == start
    assert booking.proposed_facilitator == facilitator
    assert set(mails) == {admin.email, facilitator.email}
    assert mails[admin.email].startswith("Proposed time for")
    assert booking_actions(booking) == ["booking.requested", "booking.proposed"]


def test_a_proposal_can_be_replaced_while_proposed(coordinator: Any) -> None:
    booking = make_proposed()
    other = make_facilitator()
    start = in_days(25)
    propose(
        booking,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        facilitator=other,
        by=coordinator,
    )
    assert booking.proposed_facilitator == other and booking.proposed_starts_at == start


def test_propose_is_for_coordinators_only() -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    start = in_days(20)
    with pytest.raises(BookingPermissionError, match="Only a coordinator"):
        propose(
            booking,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            facilitator=make_facilitator(),
            by=admin,
        )


def test_propose_refuses_bad_times_and_a_non_facilitator(coordinator: Any) -> None:
    booking = make_booking()
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(BookingValidationError) as error:
        propose(booking, starts_at=past, ends_at=past, facilitator=make_learner(), by=coordinator)
    assert set(error.value.errors) == {"starts_at", "ends_at", "facilitator"}
    assert "The end must be after the start" in error.value.errors["ends_at"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_propose_refuses_a_facilitator_already_facilitating_a_session(coordinator: Any) -> None:
    facilitator = make_facilitator()
    start = in_days(20)
    busy = Session.objects.create(
        activity=make_workshop(),
        title="Tuesday grand rounds",
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=3),
        time_zone="America/Chicago",
        mode="virtual",
    )
    busy.facilitators.add(facilitator)
    booking = make_booking()
    with pytest.raises(FacilitatorClashError, match="already facilitates “Tuesday grand rounds”"):
        propose(
            booking,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            facilitator=facilitator,
            by=coordinator,
        )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED and booking.proposed_facilitator is None


def test_a_cancelled_session_or_a_touching_one_is_no_clash(coordinator: Any) -> None:
    facilitator = make_facilitator()
    start = in_days(20)
    cancelled = Session.objects.create(
        activity=make_workshop(),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode="virtual",
        status=SessionStatus.CANCELLED,
    )
    before = Session.objects.create(
        activity=make_workshop(),
        starts_at=start - timedelta(hours=2),
        ends_at=start,
        mode="virtual",
    )
    cancelled.facilitators.add(facilitator)
    before.facilitators.add(facilitator)
    booking = make_proposed(facilitator=facilitator, starts_at=start, coordinator=coordinator)
    assert booking.status == BookingStatus.PROPOSED


def test_propose_refuses_a_facilitator_holding_another_overlapping_booking(
    coordinator: Any,
) -> None:
    facilitator = make_facilitator()
    start = in_days(20)
    make_proposed(facilitator=facilitator, starts_at=start, coordinator=coordinator)
    organization, admin = make_org_with_admin("Northside Community Clinic")
    second = make_booking(organization, admin)
    with pytest.raises(FacilitatorClashError, match="is already proposed for Riverbend Health"):
        propose(
            second,
            starts_at=start + timedelta(minutes=30),
            ends_at=start + timedelta(hours=3),
            facilitator=facilitator,
            by=coordinator,
        )


# --- confirm ---------------------------------------------------------------------


def test_confirm_creates_one_private_session_and_emails_everyone(
    coordinator: Any, sent: Any
) -> None:
    organization, admin = make_org_with_admin()
    booking = make_proposed(make_booking(organization, admin, expected_participants=20))
    facilitator = booking.proposed_facilitator
    mails = sent(lambda: confirm(booking, by=admin))
    booking.refresh_from_db()
    session = booking.session
    assert booking.status == BookingStatus.CONFIRMED
    assert session is not None
    assert session.private_to == organization
    assert list(session.facilitators.all()) == [facilitator]
    assert session.starts_at == booking.proposed_starts_at
    assert session.time_zone == "America/Chicago"
    assert session.location == "1 River Road, Springfield"
    assert session.capacity == session_capacity(20) == 22
    assert session.attendance_code is not None
    assert {admin.email, facilitator.email, coordinator.email} <= set(mails)
    assert mails[admin.email].startswith("Confirmed:")


def test_a_double_click_on_confirm_creates_one_session(coordinator: Any) -> None:
    booking = make_proposed(coordinator=coordinator)
    confirm(booking, by=coordinator)
    again = BookingRequest.objects.get(pk=booking.pk)
    confirm(again, by=coordinator)
    assert Session.objects.count() == 1
    assert booking_actions(booking).count("booking.confirmed") == 1


def test_confirm_refuses_another_org_admin_and_a_member() -> None:
    organization, _ = make_org_with_admin()
    booking = make_proposed(make_booking(organization, _))
    _, other_admin = make_org_with_admin("Northside Community Clinic")
    for person in (other_admin, make_member(organization)):
        with pytest.raises(BookingPermissionError):
            confirm(booking, by=person)
    assert Session.objects.count() == 0


def test_confirm_needs_a_proposal(coordinator: Any) -> None:
    booking = make_booking()
    with pytest.raises(BookingStateError, match="propose a time and facilitator first"):
        confirm(booking, by=coordinator)


def test_confirm_rechecks_double_booking(coordinator: Any) -> None:
    facilitator = make_facilitator()
    start = in_days(20)
    booking = make_proposed(facilitator=facilitator, starts_at=start, coordinator=coordinator)
    # Meanwhile the facilitator was given a session at the same time.
    busy = Session.objects.create(
        activity=make_workshop(),
        title="Pop-up clinic talk",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode="virtual",
    )
    busy.facilitators.add(facilitator)
    with pytest.raises(FacilitatorClashError, match="Pop-up clinic talk"):
        confirm(booking, by=coordinator)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PROPOSED and booking.session is None


# --- delivered, closed -------------------------------------------------------------


def test_mark_delivered_only_after_the_sessionend_session(coordinator: Any, sent: Any) -> None:
    organization, admin = make_org_with_admin()
    booking = make_confirmed(make_booking(organization, admin))
    with pytest.raises(BookingStateError, match="has not ended yet"):
        mark_delivered(booking, by=coordinator)
    end_session(booking)
    mails = sent(lambda: mark_delivered(booking, by=coordinator))
    assert booking.status == BookingStatus.DELIVERED
    assert set(mails) == {admin.email}
    mails = sent(lambda: close(booking, by=coordinator))
    assert booking.status == BookingStatus.CLOSED
    assert set(mails) == {admin.email}
    assert booking_actions(booking) == [
        "booking.requested",
        "booking.proposed",
        "booking.confirmed",
        "booking.delivered",
        "booking.closed",
    ]


def test_delivered_and_closed_refuse_the_wrong_state_and_non_coordinators(
    coordinator: Any,
) -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    with pytest.raises(BookingStateError, match="Only a confirmed booking"):
        mark_delivered(booking, by=coordinator)
    with pytest.raises(BookingStateError, match="mark it delivered first"):
        close(booking, by=coordinator)
    with pytest.raises(BookingPermissionError):
        mark_delivered(booking, by=admin)
    with pytest.raises(BookingPermissionError):
        close(booking, by=admin)
