"""Health Equity M&M readiness in Chromium at 1280 and 375 px: an organization admin
opens the check from their account, misses two answers, fixes them and sees next steps.
"""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.accounts.models import MembershipRole
from equitylens.casereview.models import ReadinessAssessment, ReadinessLevel
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_membership, make_organization, make_user

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_admin_completes_the_readiness_check(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    org = make_organization("Riverbend Health", slug="riverbend-health")
    admin = make_user(first_name="Priya", last_name="Patel")
    make_membership(admin, org, role=MembershipRole.ORG_ADMIN)
    login_as(page, live_server, admin)

    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Riverbend Health: Health Equity M&M readiness").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Health Equity M&M readiness", level=1).is_visible()
    check(page, f"readiness-form-{size}")

    # Answer four of six, with a note; forget the facilitator and protection questions.
    for name, answer in [
        ("equity_data", "Yes"),
        ("disparities", "Partly"),
        ("resourcing", "Yes"),
        ("training", "No"),
    ]:
        page.locator(f"fieldset:has(input[name='{name}'])").get_by_label(answer, exact=True).check()
    page.get_by_label("Note on question 4 (optional)").fill("Only the ED has been trained.")
    page.get_by_role("button", name="Save the check and see next steps").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert "fix 2 problems" in summary.inner_text()
    assert "Answer question 5: choose yes, partly or no." in summary.inner_text()
    assert page.locator("#id_training_2").is_checked()
    assert page.get_by_label("Note on question 4 (optional)").input_value() == (
        "Only the ED has been trained."
    )
    check(page, f"readiness-error-{size}")
    assert not ReadinessAssessment.objects.exists()

    # The summary link takes the keyboard to the first missing question.
    summary.get_by_role("link", name="Answer question 5: choose yes, partly or no.").click()
    page.keyboard.press("Space")
    assert page.locator("#id_facilitator_0").is_checked()
    page.locator("fieldset:has(input[name='protection'])").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save the check and see next steps").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text().endswith("Ready with support")
    assert page.get_by_text("Run the implicit-bias workshop for the series' members").is_visible()
    check(page, f"readiness-result-{size}")
    assessment = ReadinessAssessment.objects.get()
    assert assessment.level == ReadinessLevel.READY_WITH_SUPPORT
    assert assessment.answers["training"] == {
        "answer": "no",
        "note": "Only the ED has been trained.",
    }

    page.get_by_role("link", name="All checks and take the check again").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Past checks").is_visible()
    check(page, f"readiness-history-{size}")
