"""Requesting a private workshop: who may, for what, and the messages for bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from equitylens.accounts.models import MembershipRole
from equitylens.audit.models import LogEntry
from equitylens.bookings.models import BookingRequest, BookingStatus, PreferredSlot
from equitylens.bookings.services.errors import BookingPermissionError, BookingValidationError
from equitylens.bookings.services.requests import bookable_activities, request_booking
from equitylens.catalog.models import ActivityStatus
from tests.bookings.factories_bookings import (
    in_days,
    make_booking,
    make_member,
    make_org_with_admin,
    make_workshop,
)
from tests.factories import make_activity, make_coordinator, make_membership, make_user

pytestmark = pytest.mark.django_db


def _request(organization: Any, admin: Any, activity: Any, **extra: Any) -> Any:
    fields: dict[str, Any] = {
        "slots": [in_days(10), in_days(11), None],
        "mode": "virtual",
        "address": "",
        "time_zone": "America/Chicago",
        "expected_participants": 12,
        "notes": "Night shift nurses too",
        **extra,
    }
    return request_booking(organization, activity, by=admin, **fields)


def test_an_org_admin_requests_a_workshop_with_slots_in_order(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    organization, admin = make_org_with_admin()
    coordinator = make_coordinator()
    workshop = make_workshop()
    first = timezone.datetime(2030, 3, 3, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    with django_capture_on_commit_callbacks(execute=True):
        booking = _request(
            organization, admin, workshop, slots=[first, None, first + timedelta(days=1)]
        )

    assert booking.status == BookingStatus.REQUESTED
    assert booking.requested_by == admin
    assert [(s.position, s.starts_at) for s in booking.slots.all()] == [
        (1, first),
        (3, first + timedelta(days=1)),
    ]
    assert booking.notes == "Night shift nurses too"
    assert LogEntry.objects.filter(action="booking.requested", object_id=str(booking.pk)).exists()
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([admin.email, coordinator.email])
    assert "Sun, Mar 3, 2030, 10:00 AM CST" in mailoutbox[0].body


def test_submitting_the_same_request_twice_makes_one() -> None:
    organization, admin = make_org_with_admin()
    workshop = make_workshop()
    slots = [in_days(10), in_days(11), in_days(12)]
    first = _request(organization, admin, workshop, slots=slots)
    second = _request(organization, admin, workshop, slots=slots)
    assert first.pk == second.pk
    assert BookingRequest.objects.count() == 1
    assert PreferredSlot.objects.count() == 3


def test_a_member_who_is_not_an_admin_is_refused() -> None:
    organization, _ = make_org_with_admin()
    member = make_member(organization)
    with pytest.raises(BookingPermissionError, match="Only an admin of Riverbend Health"):
        _request(organization, member, make_workshop())
    assert BookingRequest.objects.count() == 0


def test_an_admin_of_another_organization_is_refused() -> None:
    organization, _ = make_org_with_admin()
    _, other_admin = make_org_with_admin("Northside Community Clinic")
    with pytest.raises(BookingPermissionError):
        _request(organization, other_admin, make_workshop())


def test_a_coordinator_is_not_an_org_admin_here() -> None:
    organization, _ = make_org_with_admin()
    with pytest.raises(BookingPermissionError):
        _request(organization, make_coordinator(), make_workshop())


def test_only_bookable_activities_can_be_requested() -> None:
    organization, admin = make_org_with_admin()
    not_bookable = make_activity(title="Grand rounds")
    with pytest.raises(BookingValidationError) as error:
        _request(organization, admin, not_bookable)
    assert error.value.errors == {
        "activity": "“Grand rounds” cannot be booked privately; "
        "choose one of the bookable workshops."
    }


def test_bookable_activities_leave_out_closed_and_not_bookable_ones() -> None:
    open_workshop = make_workshop()
    make_workshop(status=ActivityStatus.CLOSED)
    make_activity()
    assert list(bookable_activities()) == [open_workshop]


def test_slot_problems_are_named_per_slot() -> None:
    organization, admin = make_org_with_admin()
    past = timezone.now() - timedelta(hours=1)
    later = in_days(5)
    with pytest.raises(BookingValidationError) as error:
        _request(organization, admin, make_workshop(), slots=[past, later, later])
    assert error.value.errors == {
        "slot_1": "Preferred time 1 is in the past; choose a future date and time.",
        "slot_3": "Preferred time 3 is the same as preferred time 2; "
        "choose a different date or time, or leave it empty.",
    }
    assert BookingRequest.objects.count() == 0


def test_at_least_one_slot_is_required() -> None:
    organization, admin = make_org_with_admin()
    with pytest.raises(BookingValidationError) as error:
        _request(organization, admin, make_workshop(), slots=[None, None, None])
    assert error.value.errors["slot_1"] == (
        "Give at least one preferred date and time (up to three)."
    )


def test_in_person_needs_an_address_and_people_at_least_one() -> None:
    organization, admin = make_org_with_admin()
    with pytest.raises(BookingValidationError) as error:
        _request(
            organization,
            admin,
            make_workshop(),
            mode="in_person",
            address="  ",
            expected_participants=0,
            time_zone="Mars/Olympus",
        )
    assert error.value.errors == {
        "address": "Enter the address where the workshop will be held (in person).",
        "expected_participants": "Enter how many people you expect, at least 1.",
        "time_zone": "Choose the time zone your preferred times are in.",
    }


def test_a_virtual_request_keeps_no_address() -> None:
    organization, admin = make_org_with_admin()
    booking = _request(organization, admin, make_workshop(), address="ignored")
    assert booking.address == ""


def test_an_unknown_mode_is_refused() -> None:
    organization, admin = make_org_with_admin()
    with pytest.raises(BookingValidationError) as error:
        _request(organization, admin, make_workshop(), mode="carrier_pigeon")
    assert error.value.errors == {"mode": "Choose in person or virtual."}


def test_two_admins_of_one_organization_may_each_request() -> None:
    organization, admin = make_org_with_admin()
    second_admin = make_user()
    make_membership(second_admin, organization, role=MembershipRole.ORG_ADMIN)
    workshop = make_workshop()
    make_booking(organization, admin, workshop)
    make_booking(organization, second_admin, workshop)
    assert BookingRequest.objects.filter(organization=organization).count() == 2
