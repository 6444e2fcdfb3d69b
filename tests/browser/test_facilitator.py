"""The facilitator's journey in Chromium at 1280 and 375 px: my sessions, the roster,
marking attendance, the code with its QR code for the room; and a learner's series page
and post-session feedback. axe-core on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.catalog.models import CreditType
from equitylens.live.models import Registration
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_facilitator, make_learner, make_offering
from tests.live.factories_facilitation import make_live_session, make_series, register

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


@pytest.fixture
def dialogue(db: Any) -> dict[str, Any]:
    series = make_series(slug="conversations-on-race-and-equity")
    make_offering(series, CreditType.AMA_PRA_1, "1.00", eligible_professions=["physician"])
    facilitator = make_facilitator(email="aisha.johnson@example.org")
    session = make_live_session(
        series,
        title="March: Language access",
        starts_at=timezone.now() - timedelta(minutes=90),
        facilitators=(facilitator,),
    )
    maya = make_learner(email="maya@example.org", first_name="Maya", last_name="Chen")
    register(
        session,
        maya,
        accessibility_needs="Live captions, please",
        ground_rules_acknowledged_at=timezone.now(),
    )
    register(session, make_learner(first_name="Grace", last_name="Okafor"))
    make_live_session(series, title="April: Trust", starts_at=timezone.now() + timedelta(days=30))
    return {"series": series, "facilitator": facilitator, "session": session, "maya": maya}


def test_facilitator_marks_attendance_and_shows_the_code(page, live_server, dialogue, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    session = dialogue["session"]
    login_as(page, live_server, dialogue["facilitator"])

    page.goto(f"{live_server.url}/facilitate/")
    assert page.get_by_role("heading", name="Sessions you facilitate", level=1).is_visible()
    check(page, f"facilitate-list-{size}")
    page.get_by_role("link", name="March: Language access").click()
    page.wait_for_load_state()
    assert page.get_by_text("Live captions, please").is_visible()
    check(page, f"facilitate-session-{size}")

    # One learner present, then everyone.
    page.get_by_role("group", name="Attendance of Maya Chen").get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert page.get_by_text("Attendance saved (1 changed).").is_visible()
    page.get_by_role("button", name="Mark everyone present").click()
    page.wait_for_load_state()
    assert Registration.objects.filter(session=session, attended=True).count() == 2

    # Breakouts: a bad count is explained next to the field, then two groups.
    page.get_by_label("Split everyone evenly into this many groups").fill("0")
    page.get_by_role("button", name="Split into groups").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("between 1 and 20").is_visible()
    check(page, f"facilitate-session-error-{size}")
    page.get_by_label("Split everyone evenly into this many groups").fill("2")
    page.get_by_role("button", name="Split into groups").click()
    page.wait_for_load_state()
    assert page.get_by_label("Group of Maya Chen").input_value() == "Group 1"

    # The code: created once, shown large with its QR code, and full screen for the room.
    page.get_by_role("button", name="Create the session code").click()
    page.wait_for_load_state()
    session.refresh_from_db()
    code = session.attendance_code.code
    assert page.get_by_role(
        "img", name=f"QR code that opens the claim page with code {code} filled in"
    ).is_visible()
    page.get_by_role("link", name="Show to the room").click()
    page.wait_for_load_state()
    assert page.locator(".room-display__code").inner_text().startswith(code)
    check(page, f"facilitate-code-{size}")


def test_learner_series_page_and_feedback(page, live_server, dialogue, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    session = dialogue["session"]
    login_as(page, live_server, dialogue["maya"])

    page.goto(f"{live_server.url}/series/{dialogue['series'].slug}/")
    assert page.get_by_role(
        "heading", name="Conversations on Race and Equity", level=1
    ).is_visible()
    assert page.get_by_role("link", name="April: Trust").is_visible()
    check(page, f"series-{size}")

    page.goto(f"{live_server.url}/sessions/{session.pk}/feedback/")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("Choose a rating").is_visible()
    check(page, f"feedback-error-{size}")
    page.get_by_role("group", name="How would you rate this session? (required)").get_by_label(
        "4 – Good"
    ).check()
    page.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state()
    assert page.get_by_text("You gave this session 4 of 5").is_visible()
    check(page, f"feedback-done-{size}")
