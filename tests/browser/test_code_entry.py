"""Attendance codes in Chromium at 1280 and 375 px: a learner scans the room's QR link,
signs in, mistypes, then verifies; the coordinator's codes page and room display pass axe.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.learning.models import Enrollment, EnrollmentStatus
from equitylens.learning.services.code_import import import_lms_codes
from equitylens.learning.services.codes import create_session_code
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import PASSWORD, make_activity, make_coordinator, make_learner

pytestmark = pytest.mark.browser
TITLE = "Interactive Implicit Bias Workshop"


@pytest.fixture
def session_code(db: Any) -> Any:
    workshop = make_activity(TITLE, slug="implicit-bias-workshop")
    starts = timezone.now() - timedelta(hours=2)
    return create_session_code(
        workshop, label="Riverbend Health, morning", starts_at=starts, by=None
    )


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_learner_verifies_attendance_from_the_qr_link(page, live_server, session_code, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    learner = make_learner(email="clinician@example.org")
    code = session_code.code

    # The QR code opens /claim/?code=…; not signed in yet, so sign in first.
    page.goto(f"{live_server.url}/claim/?code={code.lower()}")
    page.get_by_label("E-mail").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()

    field = page.get_by_label("Attendance verification code")
    assert page.get_by_role("heading", name="Enter your attendance code", level=1).is_visible()
    assert field.input_value() == code.lower()
    assert field.get_attribute("autocomplete") == "one-time-code"
    check(page, f"claim-prefilled-{size}")

    # A mistyped code: the reason is shown next to the field and linked to it.
    field.fill(code[:5])
    page.get_by_role("button", name="Verify attendance").click()
    page.wait_for_load_state()
    error = page.locator("#code-error")
    assert "you entered 5 characters" in error.inner_text()
    assert "code-error" in (field.get_attribute("aria-describedby") or "")
    check(page, f"claim-error-{size}")
    assert not Enrollment.objects.filter(user=learner).exists()

    # Typed the way people type: small letters with a space in the middle.
    field.fill(f"{code[:3].lower()} {code[3:].lower()}")
    field.press("Enter")
    page.wait_for_url(f"{live_server.url}/learn/implicit-bias-workshop/evaluation/")
    enrollment = Enrollment.objects.get(user=learner)
    assert enrollment.status == EnrollmentStatus.CODE_VERIFIED


def test_coordinator_codes_page_and_room_display(page, live_server, session_code, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/coordinator/activities/implicit-bias-workshop/")
    page.get_by_role("link", name="Attendance codes").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Attendance codes", level=1).is_visible()
    check(page, f"codes-page-{size}")

    # An import with a bad row: the problems table, nothing imported.
    page.get_by_label("Or paste the rows").fill("email,code\nnot-an-email,ABCDEF\n")
    page.get_by_role("button", name="Import codes").click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "cell", name="“not-an-email” is not a valid e-mail address."
    ).is_visible()
    check(page, f"codes-import-errors-{size}")

    page.get_by_role("link", name=f"Show {session_code.code} to the room").click()
    page.wait_for_load_state()
    assert page.locator(".room-display__code").inner_text().startswith(session_code.code)
    qr = page.get_by_role(
        "img",
        name=f"QR code: scan it to open the claim page with code {session_code.code} filled in",
    )
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    check(page, f"codes-room-display-{size}")


def test_lms_import_from_the_codes_page(page, live_server, viewport):  # type: ignore[no-untyped-def]
    from tests.factories import make_online_course

    size = f"{viewport['width']}px"
    course = make_online_course(slug="online-bias")
    import_lms_codes(course, "email,code\nfirst@example.org,ABCDEF\n", None)
    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/coordinator/activities/online-bias/codes/")
    page.get_by_label("Or paste the rows").fill("email,code\nsecond@example.org,GHJKMN\n")
    page.get_by_role("button", name="Import codes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Imported 1 new code.").is_visible()
    assert page.get_by_role("cell", name="second@example.org").is_visible()
    check(page, f"codes-personal-{size}")
