"""Private workshop bookings in Chromium at 1280 and 375 px: an organization admin
requests a workshop, the coordinator proposes and confirms, the admin shares the
invitation link, a member of that organization registers with it, and a member of
another organization can neither see nor join the session; axe-core on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from equitylens.accounts.models import MembershipRole
from equitylens.bookings.models import BookingRequest, BookingStatus
from tests.bookings.factories_bookings import make_workshop
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import (
    make_coordinator,
    make_facilitator,
    make_learner,
    make_membership,
    make_organization,
)

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_admin_requests_coordinator_proposes_and_confirms(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    organization = make_organization(name="Riverbend Health", slug="riverbend-health")
    admin = make_learner(first_name="Priya", last_name="Patel")
    make_membership(admin, organization, role=MembershipRole.ORG_ADMIN)
    make_workshop(title="Interactive Implicit Bias Workshop", duration_minutes=120)
    facilitator = make_facilitator()
    coordinator = make_coordinator()

    # The organization admin finds bookings from their account page.
    login_as(page, live_server, admin)
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Riverbend Health: workshop bookings").click()
    page.wait_for_load_state()
    check(page, f"bookings-list-empty-{size}")
    page.get_by_role("link", name="Book a private workshop").first.click()
    page.wait_for_load_state()
    check(page, f"bookings-new-{size}")

    # Sending it incomplete: the summary names each problem and links to its field.
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    summary = page.locator("#booking-errors")
    assert "Choose the workshop you would like to book." in summary.inner_text()
    check(page, f"bookings-new-errors-{size}")

    page.get_by_label("Workshop").select_option(
        label="Interactive Implicit Bias Workshop (2 hours, live course)"
    )
    page.get_by_label("Preferred date and time 1").fill("2030-03-05T10:00")
    page.get_by_label("Preferred date and time 2").fill("2030-03-06T14:00")
    page.get_by_label("Time zone of these times").select_option("America/Chicago")
    page.get_by_label("In person").check()
    page.get_by_label("Address").fill("400 River Road, Riverbend, Room 2B")
    page.get_by_label("Expected participants").fill("24")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="Interactive Implicit Bias Workshop", level=1
    ).is_visible()
    assert "Tue, Mar 5, 2030, 10:00 AM CST" in page.content()
    check(page, f"bookings-detail-requested-{size}")
    booking = BookingRequest.objects.get()

    # The coordinator proposes the first slot with a facilitator, then confirms.
    login_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/coordinator/")
    page.get_by_role("link", name="Workshop bookings").click()
    page.wait_for_load_state()
    check(page, f"coordinator-bookings-queue-{size}")
    page.get_by_role(
        "link", name=re.compile("Riverbend Health.*Interactive Implicit Bias Workshop")
    ).click()
    page.wait_for_load_state()
    check(page, f"coordinator-booking-{size}")
    assert page.get_by_label("Start", exact=True).input_value() == "2030-03-05T10:00"
    assert page.get_by_label("End", exact=True).input_value() == "2030-03-05T12:00"
    page.get_by_label("Facilitator", exact=True).select_option(str(facilitator.pk))
    page.get_by_role("button", name="Send the proposal").click()
    page.wait_for_load_state()
    assert "Proposal sent" in page.content()
    page.get_by_role("button", name="Confirm and create the session").click()
    page.wait_for_load_state()
    check(page, f"coordinator-booking-confirmed-{size}")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.session is not None

    # The admin sees the invitation link to share.
    login_as(page, live_server, admin)
    page.goto(f"{live_server.url}/bookings/riverbend-health/{booking.pk}/")
    link = page.get_by_label("Invitation link", exact=True).input_value()
    assert link.endswith(f"/invitations/{booking.session.invitation_token}/")
    check(page, f"bookings-detail-confirmed-{size}")
    path = link.removeprefix(link.split("/invitations/")[0])

    # A member of Riverbend Health follows the invitation link and registers.
    member = make_learner(first_name="Maya", last_name="Chen")
    make_membership(member, organization)
    login_as(page, live_server, member)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_url(f"{live_server.url}/sessions/{booking.session.pk}/")
    assert page.get_by_text("Interactive Implicit Bias Workshop").first.is_visible()
    check(page, f"private-session-member-{size}")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_text("You are registered.", exact=True).is_visible()
    check(page, f"private-session-registered-{size}")
    assert booking.session.registrations.get().user == member

    # A member of another organization: the link, the session page and registering all fail.
    outsider = make_learner(first_name="Jordan", last_name="Ellis")
    make_membership(outsider, make_organization(name="Northside Community Clinic"))
    login_as(page, live_server, outsider)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 404
    assert page.get_by_text("This invitation is not for your account").is_visible()
    assert "Riverbend" not in page.locator("main").inner_text()
    check(page, f"private-session-outsider-{size}")
    assert page.goto(f"{live_server.url}/sessions/{booking.session.pk}/").status == 404
    page.goto(f"{live_server.url}/activities/")
    assert "400 River Road" not in page.content()
    assert booking.session.registrations.count() == 1
