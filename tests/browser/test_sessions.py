"""Sessions in Chromium at 1280 and 375 px: a learner registers for a dialogue session with
their needs and the ground rules, sees the meeting link and cancels; a coordinator adds a
session. Every page passes axe-core."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.catalog.models import ActivityFormat
from equitylens.live.models import Registration, Session
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_activity, make_coordinator, make_facilitator, make_learner
from tests.live.factories_sessions import make_dialogue_series, make_session

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_learner_registers_for_a_dialogue_session_and_cancels(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    series = make_dialogue_series(title="Conversations on Race and Equity")
    session = make_session(
        series,
        title="Month 1: Naming race in clinical care",
        capacity=30,
        starts_at=timezone.now() + timedelta(days=5),
        pre_reading_title="When race appears in a chart",
        pre_reading_text="About 15 minutes to read.",
    )
    learner = make_learner(email="maya@example.org")
    login_as(page, live_server, learner)

    # From the activity page's list of upcoming sessions to the session.
    page.goto(f"{live_server.url}{series.get_absolute_url()}")
    page.get_by_role("link", name="Month 1: Naming race in clinical care").click()
    page.wait_for_load_state()
    assert page.get_by_text("the link is shown after you register").is_visible()
    assert page.get_by_role("heading", name="Before you come").is_visible()
    check(page, f"session-page-{size}")

    # Forgetting the ground rules: the reason is listed and linked to the checkbox.
    page.get_by_label("Accessibility needs (optional)").fill("Live captions, please")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("I have read and agree").is_visible()
    check(page, f"session-error-{size}")
    assert not Registration.objects.exists()

    page.get_by_label("I have read and agree to the ground rules").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_text("You are registered.", exact=True).is_visible()
    assert page.get_by_role("link", name="https://meet.example.org/equity-123").is_visible()
    assert page.get_by_role("link", name="Add to calendar (.ics)").is_visible()
    check(page, f"session-registered-{size}")
    registration = Registration.objects.get(user=learner)
    assert registration.accessibility_needs == "Live captions, please"

    page.get_by_role("link", name="My sessions and calendar feed").click()
    page.wait_for_load_state()
    assert page.get_by_label("Calendar feed address").input_value().endswith(".ics")
    check(page, f"my-sessions-{size}")

    page.go_back()
    page.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your registration is cancelled.").is_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert Session.objects.get().pk == session.pk


def test_coordinator_adds_a_session(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    workshop = make_activity("Seeing Patients Workshop", format=ActivityFormat.LIVE_COURSE)
    make_facilitator(email="aisha@example.org", first_name="Aisha", last_name="Johnson")
    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/coordinator/activities/{workshop.slug}/")
    page.get_by_role("link", name="Sessions", exact=True).click()
    page.wait_for_load_state()
    check(page, f"coordinator-sessions-{size}")
    page.get_by_role("link", name="Add a session").click()
    page.wait_for_load_state()
    check(page, f"coordinator-session-new-{size}")

    page.get_by_label("Starts").fill("2027-03-03T10:00")
    page.get_by_label("Ends").fill("2027-03-03T11:30")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_role("radio", name="In person").check()
    page.get_by_role("button", name="Add session").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("needs a location").is_visible()
    check(page, f"coordinator-session-error-{size}")

    page.get_by_label("Location (in person)").fill("200 W Lake Street, Room 4B, Chicago")
    page.get_by_label("Capacity").fill("25")
    page.get_by_role("checkbox", name="Aisha Johnson").check()
    page.get_by_role("button", name="Add session").click()
    page.wait_for_load_state()
    assert page.get_by_text("Session added.").is_visible()
    session = Session.objects.get()
    assert session.starts_at.isoformat() == "2027-03-03T16:00:00+00:00"
    assert session.capacity == 25 and session.facilitators.count() == 1
    check(page, f"coordinator-session-edit-{size}")
