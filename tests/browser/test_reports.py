"""Reports in Chromium at 1280 and 375 px: the coordinator's activity report with charts,
the annual summary, an organization admin's report and a learner's follow-up answer."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.accounts.models import MembershipRole
from equitylens.outcomes.models import CommitmentFollowUp
from equitylens.outcomes.services.follow_ups import create_due_follow_ups
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_coordinator, make_learner, make_membership, make_organization
from tests.outcomes.factories_world import World, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db: Any) -> World:
    return make_world()


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_coordinator_opens_an_activity_report_with_charts(  # type: ignore[no-untyped-def]
    page, live_server, world: World, viewport
):
    size = f"{viewport['width']}px"
    login_as(page, live_server, make_coordinator())

    page.goto(f"{live_server.url}/coordinator/")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Reports", level=1).is_visible()
    check(page, f"reports-index-{size}")

    page.get_by_role("link", name="Advancing Health Equity").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Report: Advancing Health Equity").is_visible()
    chart = page.get_by_role("img", name="Describe how implicit bias affects clinical decisions")
    assert chart.is_visible()
    assert page.locator(".bar-chart").count() == 5  # 1 objective + 4 quality items
    assert page.get_by_text("A slide named one brand of inhaler.").is_visible()
    check(page, f"reports-activity-{size}")

    page.get_by_role("link", name="Reports", exact=True).first.click()
    page.wait_for_load_state()
    page.get_by_label("Year").select_option("2025")
    page.get_by_role("button", name="Show the annual summary").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Annual summary 2025", level=1).is_visible()
    check(page, f"reports-annual-{size}")


def test_org_admin_opens_their_members_report(  # type: ignore[no-untyped-def]
    page, live_server, world: World, viewport
):
    size = f"{viewport['width']}px"
    riverbend = make_organization("Riverbend Health", slug="riverbend")
    make_membership(world.physician, riverbend)
    admin = make_learner(first_name="Priya", last_name="Patel")
    make_membership(admin, riverbend, MembershipRole.ORG_ADMIN)
    login_as(page, live_server, admin)

    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Riverbend Health: completions and credit (CSV)").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Riverbend Health: completions and credit").is_visible()
    assert page.get_by_role("cell", name="Advancing Health Equity").is_visible()
    check(page, f"reports-organization-{size}")


def test_learner_answers_the_follow_up(  # type: ignore[no-untyped-def]
    page, live_server, world: World, viewport
):
    size = f"{viewport['width']}px"
    create_due_follow_ups()
    follow_up = CommitmentFollowUp.objects.filter(evaluation__enrollment__user=world.nurse).get()

    page.goto(f"{live_server.url}/outcomes/follow-up/{follow_up.token}/")
    assert page.get_by_text("Review my notes for stigmatizing words.").is_visible()
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Choose how far you made the change.").is_visible()
    check(page, f"follow-up-error-{size}")

    page.get_by_label("Partly").check()
    page.get_by_label("What got in the way, if anything? (optional)").fill("Short visits.")
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Thank you", level=1).is_visible()
    check(page, f"follow-up-done-{size}")
    follow_up.refresh_from_db()
    assert (follow_up.extent, follow_up.barriers) == ("partly", "Short visits.")
