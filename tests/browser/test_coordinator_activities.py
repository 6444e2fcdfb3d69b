"""A coordinator creates an activity in a real browser, fixes a credit error, and opens it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from equitylens.catalog.models import Activity, ActivityStatus
from tests.browser.conftest import assert_accessible, login_as
from tests.disclosures.factories_disclosures import make_cleared_planner
from tests.factories import make_coordinator, make_organization, make_topic

pytestmark = pytest.mark.browser


def test_coordinator_creates_fixes_and_opens_an_activity(page, live_server, viewport):
    size = f"{viewport['width']}px"
    make_organization("Riverbend Health")
    make_topic("Implicit bias")
    login_as(page, live_server.url, make_coordinator())
    day = (date.today() + timedelta(days=21)).isoformat()

    page.goto(f"{live_server.url}/coordinator/")
    assert_accessible(page, f"coordinator-activity-list-{size}")
    page.get_by_role("link", name="New activity").click()

    page.locator("#id_title").fill("Bias in Emergency Triage")
    page.locator("#id_summary").fill("A one-hour webinar on bias in triage decisions.")
    page.locator("#id_format").select_option("enduring")
    assert page.locator('label[for="id_starts_on"]').inner_text() == "Release date"
    page.locator("#id_format").select_option("internet_live")
    assert page.locator('label[for="id_starts_on"]').inner_text() == "Start date"
    page.locator("#id_duration_minutes").fill("60")
    page.locator("#id_starts_on").fill(day)
    page.locator("#id_objectives-0-text").fill("Apply a structured triage checklist.")
    page.locator("#id_objectives-1-text").fill("Recognize where bias enters triage.")
    second = page.locator("[data-objective]").nth(1)
    second.get_by_role("button", name="Move up this objective").click()
    page.locator("#id_credit-ama_pra_1-amount").fill("1.3")
    page.get_by_role("button", name="Create activity").click()

    summary = page.locator("#error-summary")
    assert "Credit is designated in 0.25 steps; 1.3 is not one. Use 1.25 or 1.5." in (
        summary.inner_text()
    )
    assert Activity.objects.count() == 0
    assert_accessible(page, f"coordinator-activity-errors-{size}")

    summary.get_by_role("link").first.click()
    page.locator("#id_credit-ama_pra_1-amount").fill("1.0")
    page.get_by_role("button", name="Create activity").click()

    assert "Created “Bias in Emergency Triage”" in page.locator(".messages").inner_text()
    assert_accessible(page, f"coordinator-activity-edit-{size}")
    activity = Activity.objects.get()
    assert list(activity.objectives.values_list("text", flat=True)) == [
        "Recognize where bias enters triage.",
        "Apply a structured triage checklist.",
    ]

    make_cleared_planner(activity)  # disclosures are collected on their own page
    page.reload()
    page.get_by_role("button", name="Open for registration").click()

    assert "is now open for registration" in page.locator(".messages").inner_text()
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.OPEN
    assert "Status changed from in development to open for registration" in (
        page.locator(".editor-history").inner_text()
    )
