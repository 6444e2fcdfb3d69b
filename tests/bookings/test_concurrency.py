"""Many confirm clicks at once (tabs, double clicks, retries) create one private session.

Runs on PostgreSQL with DATABASE_URL=postgres://… and on SQLite (a shared file); see
the shared_database fixture in tests/learning/conftest.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.bookings.models import BookingStatus
from equitylens.live.models import Session
from tests.bookings.factories_bookings import make_booking, make_org_with_admin, make_proposed
from tests.factories import make_coordinator
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.conftest import shared_database  # noqa: F401  (the fixture)

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_create_one_session(shared_database: None) -> None:  # noqa: F811
    organization, admin = make_org_with_admin()
    booking = make_proposed(make_booking(organization, admin))
    url = reverse("bookings:accept", args=[organization.slug, booking.pk])
    responses = post_at_once(signed_in_clients(admin, THREADS), url, {})
    assert [r.status_code for r in responses] == [302] * THREADS
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Session.objects.count() == 1
    assert LogEntry.objects.filter(action="booking.confirmed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_coordinator_confirmations_create_one_session(
    shared_database: None,  # noqa: F811
) -> None:
    coordinator = make_coordinator()
    booking = make_proposed(coordinator=coordinator)
    url = reverse("coordinator:booking_confirm", args=[booking.pk])
    post_at_once(signed_in_clients(coordinator, THREADS), url, {})
    assert Session.objects.filter(booking=booking).count() == 1
