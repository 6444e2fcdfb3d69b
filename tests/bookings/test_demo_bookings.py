"""The demo's bookings: Riverbend's requested and confirmed workshops, loaded idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from equitylens.bookings.models import BookingRequest, BookingStatus

pytestmark = pytest.mark.django_db


def test_demo_bookings_are_loaded_once() -> None:
    call_command("demo_data", stdout=StringIO())
    call_command("demo_data", stdout=StringIO())
    bookings = {b.activity.slug: b for b in BookingRequest.objects.select_related("activity")}
    assert set(bookings) == {
        "interactive-implicit-bias-workshop",
        "seeing-patients-video-series-workshop",
    }
    requested = bookings["interactive-implicit-bias-workshop"]
    assert requested.status == BookingStatus.REQUESTED
    assert requested.organization.slug == "riverbend-health"
    assert requested.slots.count() == 3
    confirmed = bookings["seeing-patients-video-series-workshop"]
    assert confirmed.status == BookingStatus.CONFIRMED
    assert confirmed.session is not None
    assert confirmed.session.private_to == confirmed.organization
    assert [f.email for f in confirmed.session.facilitators.all()] == [
        "aisha.johnson@lakeshoremed.example"
    ]
