"""Booking screens through the views: who may see what, forms, the coordinator queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.bookings.models import BookingRequest, BookingStatus
from equitylens.learning.models import Enrollment
from equitylens.live.models import Registration, RegistrationStatus, Session
from tests.bookings.factories_bookings import (
    make_booking,
    make_confirmed,
    make_member,
    make_org_with_admin,
    make_proposed,
    make_workshop,
)
from tests.factories import make_coordinator, make_facilitator, make_learner, make_membership

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- organization admin ----------------------------------------------------------


def test_the_admin_requests_a_workshop_through_the_form() -> None:
    organization, admin = make_org_with_admin()
    workshop = make_workshop(duration_minutes=90)
    client = client_for(admin)
    page = client.get(reverse("bookings:new", args=[organization.slug]))
    assert "Interactive implicit bias workshop (1.5 hours" in page.content.decode()
    response = client.post(
        reverse("bookings:new", args=[organization.slug]),
        {
            "activity": workshop.pk,
            "slot_1": "2030-03-03T10:00",
            "slot_2": "2030-03-04T13:30",
            "slot_3": "",
            "time_zone": "America/Chicago",
            "mode": "virtual",
            "expected_participants": "18",
            "notes": "Evening shift",
        },
    )
    booking = BookingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bookings:detail", args=[organization.slug, booking.pk])
    # 10:00 in Chicago is 16:00 UTC in March (CST, before the DST change on the 10th).
    assert [s.starts_at.isoformat() for s in booking.slots.all()] == [
        "2030-03-03T16:00:00+00:00",
        "2030-03-04T19:30:00+00:00",
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Sun, Mar 3, 2030, 10:00 AM CST" in detail
    assert "Sun, Mar 3, 2030, 11:00 AM EST" in detail  # the viewer's (site's) time too
    assert "Requested" in detail


def test_bad_input_shows_a_summary_and_field_messages_and_saves_nothing() -> None:
    organization, admin = make_org_with_admin()
    workshop = make_workshop()
    response = client_for(admin).post(
        reverse("bookings:new", args=[organization.slug]),
        {
            "activity": workshop.pk,
            "slot_1": "2001-01-01T10:00",
            "slot_2": "not a date",
            "time_zone": "America/Chicago",
            "mode": "in_person",
            "address": "",
            "expected_participants": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your request was not sent" in html
    assert "Enter a date and time, e.g. 2026-03-12 14:00." in html
    assert "Enter how many people you expect, at least 1." in html
    assert 'href="#id_slot_2"' in html
    assert BookingRequest.objects.count() == 0


def test_service_rules_come_back_on_the_named_field() -> None:
    organization, admin = make_org_with_admin()
    response = client_for(admin).post(
        reverse("bookings:new", args=[organization.slug]),
        {
            "activity": make_workshop().pk,
            "slot_1": "2001-01-01T10:00",
            "time_zone": "America/Chicago",
            "mode": "in_person",
            "address": "",
            "expected_participants": "5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Preferred time 1 is in the past; choose a future date and time." in html
    assert "Enter the address where the workshop will be held (in person)." in html
    assert 'aria-describedby="id_address_error' in html or 'id="id_address_error"' in html


def test_a_member_who_is_not_an_admin_is_refused() -> None:
    organization, _ = make_org_with_admin()
    member = make_member(organization)
    client = client_for(member)
    assert client.get(reverse("bookings:list", args=[organization.slug])).status_code == 403
    assert client.get(reverse("bookings:new", args=[organization.slug])).status_code == 403


def test_an_admin_of_another_org_is_refused_and_cannot_reach_its_bookings() -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    other, other_admin = make_org_with_admin("Northside Community Clinic")
    client = client_for(other_admin)
    assert client.get(reverse("bookings:list", args=[organization.slug])).status_code == 403
    # Under their own organization's URL the other booking does not exist.
    response = client.get(reverse("bookings:detail", args=[other.slug, booking.pk]))
    assert response.status_code == 404
    response = client.post(
        reverse("bookings:cancel", args=[other.slug, booking.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_signed_out_visitors_go_to_sign_in() -> None:
    organization, _ = make_org_with_admin()
    response = Client().get(reverse("bookings:list", args=[organization.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_only_this_organizations_requests() -> None:
    organization, admin = make_org_with_admin()
    make_booking(organization, admin, make_workshop(title="Seeing patients"))
    other, other_admin = make_org_with_admin("Northside Community Clinic")
    make_booking(other, other_admin, make_workshop(title="Northside only workshop"))
    html = client_for(admin).get(reverse("bookings:list", args=[organization.slug])).content
    assert b"Seeing patients" in html and b"Northside only workshop" not in html


def test_the_admin_accepts_the_proposal_and_sees_the_invitation_link() -> None:
    organization, admin = make_org_with_admin()
    booking = make_proposed(make_booking(organization, admin))
    client = client_for(admin)
    detail = reverse("bookings:detail", args=[organization.slug, booking.pk])
    assert "Accept this proposal" in client.get(detail).content.decode()
    url = reverse("bookings:accept", args=[organization.slug, booking.pk])
    client.post(url)
    client.post(url)  # a double click
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Session.objects.count() == 1
    html = client.get(detail).content.decode()
    assert booking.session is not None
    link = reverse("live:invitation", args=[booking.session.invitation_token])
    assert link in html and "Invitation link" in html


def test_the_admin_cancels_with_a_reason_or_is_told_to_give_one() -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    client = client_for(admin)
    url = reverse("bookings:cancel", args=[organization.slug, booking.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason; the organization will read it." in response.content.decode()
    client.post(url, {"reason": "Budget freeze"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.reason == "Budget freeze"


def test_after_delivery_the_admin_sees_only_their_members_attendance_and_completion() -> None:
    organization, admin = make_org_with_admin()
    booking = make_confirmed(make_booking(organization, admin))
    session = booking.session
    assert session is not None
    attended = make_member(organization)
    attended.first_name, attended.last_name = "Grace", "Okafor"
    attended.save()
    outsider = make_learner(first_name="Outside", last_name="Person")
    make_membership(outsider, make_org_with_admin("Elsewhere")[0])
    now = timezone.now()
    for user, was_there in ((attended, True), (outsider, True)):
        Registration.objects.create(
            session=session,
            user=user,
            status=RegistrationStatus.REGISTERED,
            queued_at=now,
            attended=was_there,
        )
    Enrollment.objects.create(
        user=attended, activity=booking.activity, session=session, evaluated_at=now
    )
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    coordinator = make_coordinator()
    client_for(coordinator).post(reverse("coordinator:booking_deliver", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DELIVERED
    html = (
        client_for(admin)
        .get(reverse("bookings:detail", args=[organization.slug, booking.pk]))
        .content.decode()
    )
    assert "Attendance and completion" in html
    assert "Grace Okafor" in html and "Done" in html
    assert "Outside Person" not in html


# --- coordinator -----------------------------------------------------------------


def test_the_back_office_is_for_coordinators_only() -> None:
    organization, admin = make_org_with_admin()
    booking = make_booking(organization, admin)
    client = client_for(admin)
    assert client.get(reverse("coordinator:bookings")).status_code == 403
    assert client.get(reverse("coordinator:booking", args=[booking.pk])).status_code == 403
    response = client.post(reverse("coordinator:booking_decline", args=[booking.pk]))
    assert response.status_code == 403


def test_the_queue_filters_by_status_organization_and_workshop_and_counts() -> None:
    riverbend, riverbend_admin = make_org_with_admin()
    northside, northside_admin = make_org_with_admin("Northside Community Clinic")
    bias = make_workshop(title="Implicit bias workshop")
    video = make_workshop(title="Seeing patients workshop")
    make_booking(riverbend, riverbend_admin, bias)
    make_proposed(make_booking(northside, northside_admin, video))
    make_booking(northside, northside_admin, bias)
    client = client_for(make_coordinator())

    def rows(**query: Any) -> list[str]:
        html = client.get(reverse("coordinator:bookings"), query).content.decode()
        return [
            f"{b.organization.name}: {b.activity.title}"
            for b in BookingRequest.objects.all()
            if f'{b.organization.name}<span class="visually-hidden">: {b.activity.title}' in html
        ]

    assert len(rows()) == 3
    assert rows(status="proposed") == ["Northside Community Clinic: Seeing patients workshop"]
    assert sorted(rows(organization=northside.pk)) == [
        "Northside Community Clinic: Implicit bias workshop",
        "Northside Community Clinic: Seeing patients workshop",
    ]
    assert sorted(rows(activity=bias.pk)) == [
        "Northside Community Clinic: Implicit bias workshop",
        "Riverbend Health: Implicit bias workshop",
    ]
    html = client.get(reverse("coordinator:bookings")).content.decode()
    assert 'Requested <span class="booking-counts__n">2</span>' in html
    assert 'Proposed <span class="booking-counts__n">1</span>' in html


def test_the_coordinator_proposes_in_the_requests_time_zone_and_confirms() -> None:
    booking = make_booking(time_zone="America/Chicago")
    facilitator = make_facilitator()
    client = client_for(make_coordinator())
    page = client.get(reverse("coordinator:booking", args=[booking.pk])).content.decode()
    assert "In the request&#x27;s time zone, America/Chicago." in page
    response = client.post(
        reverse("coordinator:booking_propose", args=[booking.pk]),
        {
            "starts_at": "2030-07-01T09:00",
            "ends_at": "2030-07-01T11:00",
            "facilitator": facilitator.pk,
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.proposed_starts_at is not None
    assert booking.proposed_starts_at.isoformat() == "2030-07-01T14:00:00+00:00"  # CDT
    client.post(reverse("coordinator:booking_confirm", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.session is not None


def test_a_double_booking_is_shown_to_the_coordinator_and_nothing_changes() -> None:
    facilitator = make_facilitator()
    first = make_proposed(facilitator=facilitator)
    second = make_booking()
    assert first.proposed_starts_at is not None
    local = first.proposed_starts_at.astimezone(ZoneInfo(second.time_zone))
    response = client_for(make_coordinator()).post(
        reverse("coordinator:booking_propose", args=[second.pk]),
        {
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "facilitator": facilitator.pk,
        },
    )
    assert response.status_code == 400
    assert "is already proposed for Riverbend Health" in response.content.decode()
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED


def test_decline_without_a_reason_is_refused_on_the_page() -> None:
    booking = make_booking()
    client = client_for(make_coordinator())
    url = reverse("coordinator:booking_decline", args=[booking.pk])
    response = client.post(url, {"decline-reason": ""})
    assert response.status_code == 400
    assert "Give a reason; the organization will read it." in response.content.decode()
    client.post(url, {"decline-reason": "No facilitator free"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED


def test_a_refused_transition_shows_why() -> None:
    booking = make_confirmed()
    client = client_for(make_coordinator())
    response = client.post(reverse("coordinator:booking_deliver", args=[booking.pk]), follow=True)
    assert "has not ended yet" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
