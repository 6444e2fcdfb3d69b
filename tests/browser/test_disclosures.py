"""Disclosure in Chromium at 1280 and 375 px: the coordinator asks a faculty member to
disclose, she discloses through the e-mailed link, the coordinator records the mitigation,
the activity opens and learners read the generated statement. axe on every page."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.catalog.models import ActivityStatus
from equitylens.disclosures.models import ContentRole
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.disclosures.factories_disclosures import latest_request
from tests.factories import make_activity, make_coordinator, make_offering

pytestmark = pytest.mark.browser
TITLE = "Bias in Emergency Triage"


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_disclosure_request_to_mitigation_to_open(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    activity = make_activity(TITLE, slug="bias-in-triage", status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(activity, amount="1.0")
    login_as(page, live_server, make_coordinator())

    # The coordinator finds the disclosures page from the activity and asks for a disclosure.
    page.goto(f"{live_server.url}/coordinator/activities/bias-in-triage/")
    page.get_by_role("link", name="Disclosures (planners and faculty)").click()
    page.wait_for_load_state()
    assert "add the planners and faculty" in page.locator(".disclosure-blockers").inner_text()
    check(page, f"disclosures-empty-{size}")
    page.get_by_label("Name").fill("Aisha Johnson")
    page.get_by_label("E-mail").fill("aisha.johnson@example.org")
    page.get_by_label("Faculty").check()
    page.get_by_role("button", name="Send disclosure request").click()
    page.wait_for_load_state()
    assert "we e-mailed them the disclosure link" in page.locator(".messages").inner_text()
    assert "Aisha Johnson (faculty) has not disclosed yet" in page.content()
    check(page, f"disclosures-invited-{size}")

    # Aisha opens the e-mailed link (no sign-in) and discloses an advisory board seat.
    role = ContentRole.objects.get()
    page.goto(f"{live_server.url}/disclosures/{latest_request(role).token}/")
    assert page.get_by_role("heading", name="Disclose your financial relationships").is_visible()
    check(page, f"disclosure-form-{size}")
    page.locator("#id_form-0-company").fill("Northwind Medical Devices")
    page.locator("#id_form-0-nature").select_option("advisory_board")
    page.locator("#id_form-0-status_0").check()
    page.locator("#id_attested").check()
    page.get_by_role("button", name="Submit disclosure").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Thank you — your disclosure is on file").is_visible()
    check(page, f"disclosure-done-{size}")

    # The coordinator marks it relevant and records how it is mitigated.
    page.goto(f"{live_server.url}/coordinator/disclosures/activities/bias-in-triage/")
    page.get_by_role("link", name="Review of Aisha Johnson").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Save review").click()
    page.wait_for_load_state()
    assert "choose relevant or not" in page.locator("#error-summary").inner_text()
    check(page, f"disclosure-review-errors-{size}")
    page.get_by_label("Relevant", exact=True).check()
    page.get_by_label("Mitigation for Northwind Medical Devices").fill(
        "Content peer-reviewed by an independent planner."
    )
    page.get_by_role("button", name="Save review").click()
    page.wait_for_load_state()
    assert "Aisha Johnson (faculty) is cleared." in page.locator(".messages").inner_text()
    assert "Every disclosure is in" in page.content()
    check(page, f"disclosures-cleared-{size}")

    # The activity opens, and learners read the statement before the content.
    page.goto(f"{live_server.url}/coordinator/activities/bias-in-triage/")
    page.get_by_role("button", name="Open for registration").click()
    page.wait_for_load_state()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.OPEN
    page.goto(f"{live_server.url}/activities/bias-in-triage/")
    statement = page.locator(".disclosure-statement").inner_text()
    assert (
        "Aisha Johnson (faculty) has a relevant financial relationship with Northwind Medical "
        "Devices (advisory board). It has been mitigated."
    ) in statement
    check(page, f"activity-disclosure-statement-{size}")
