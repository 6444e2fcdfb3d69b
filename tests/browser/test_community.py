"""The community of practice in Chromium at 1280 and 375 px: a clinician applies (fixing a
missing answer), the coordinator approves, and the new member lists themselves, finds a
colleague in the directory and downloads a guide from the library. axe-core on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from equitylens.community.models import ApplicationStatus, CommunityMembership
from equitylens.community.services.library import ResourceInput, add_resource
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.community.factories_community import make_application, make_member, pdf_upload
from tests.factories import make_coordinator, make_learner, make_topic

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


@pytest.fixture
def library(db: Any, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    topic = make_topic("Health equity")
    add_resource(
        ResourceInput(
            title="Ten-minute equity huddle guide",
            kind="guide",
            description="One story, one question, one action at shift change.",
            topics=[topic],
            file=pdf_upload("equity-huddle-guide.pdf"),
        ),
        by=None,
    )
    add_resource(
        ResourceInput(
            title="Starting an equity council",
            kind="tool",
            description="A one-page charter template.",
            topics=[],
            url="https://example.org/equity-council",
        ),
        by=None,
    )
    make_member(
        make_learner(first_name="Priya", last_name="Patel"),
        listed=True,
        organization_name="Riverbend Health",
        role="Director, Health Equity",
        interests="language access",
    )


def test_apply_approve_then_use_the_directory_and_library(  # type: ignore[no-untyped-def]
    page, live_server, viewport, library, browser
):
    size = f"{viewport['width']}px"
    learner = make_learner(first_name="Jordan", last_name="Ellis", email="jordan@example.org")
    make_application(make_learner(first_name="Dora", last_name="Other"))

    # The learner applies, first forgetting their role.
    login_as(page, live_server, learner)
    page.goto(f"{live_server.url}/community/")
    check(page, f"community-apply-{size}")
    page.get_by_label("Organization").fill("Northside Community Clinic")
    page.get_by_label("Why you would like to join").fill("I run our clinic's equity huddles.")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Enter your role" in summary.inner_text()
    check(page, f"community-apply-error-{size}")
    summary.get_by_role("link", name="Enter your role").click()
    page.get_by_label("Your role").fill("Nurse educator")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your application is waiting for review").is_visible()
    check(page, f"community-pending-{size}")

    # Not yet a member: the directory explains how things stand.
    response = page.goto(f"{live_server.url}/community/directory/")
    assert response.status == 403
    assert "waiting for review" in page.locator("main").inner_text()
    check(page, f"community-members-only-{size}")

    # The coordinator approves from the queue in another browser context.
    coordinator_context = browser.new_context(viewport=viewport)
    coordinator_page = coordinator_context.new_page()
    login_as(coordinator_page, live_server, make_coordinator())
    coordinator_page.goto(f"{live_server.url}/coordinator/")
    coordinator_page.get_by_role("link", name="Community", exact=True).click()
    coordinator_page.wait_for_load_state()
    check(coordinator_page, f"coordinator-community-queue-{size}")
    coordinator_page.get_by_role("button", name="Approve Jordan Ellis").click()
    coordinator_page.wait_for_load_state()
    assert "Jordan Ellis is now a member" in coordinator_page.locator(".messages").inner_text()
    coordinator_page.get_by_role("link", name="Decline Dora Other").click()
    coordinator_page.get_by_role("button", name="Decline and e-mail the applicant").click()
    coordinator_page.wait_for_load_state()
    assert "Give the applicant a reason" in coordinator_page.locator(".error-summary").inner_text()
    check(coordinator_page, f"coordinator-community-decline-{size}")
    coordinator_page.goto(f"{live_server.url}/coordinator/community/resources/")
    check(coordinator_page, f"coordinator-community-resources-{size}")
    coordinator_page.get_by_role("link", name="Add a resource").click()
    check(coordinator_page, f"coordinator-community-resource-form-{size}")
    coordinator_context.close()
    assert CommunityMembership.objects.get(user=learner).status == ApplicationStatus.APPROVED

    # The new member lists themselves, then finds Priya in the directory.
    page.goto(f"{live_server.url}/community/")
    assert page.get_by_role("heading", name="You are a member").is_visible()
    check(page, f"community-member-home-{size}")
    page.get_by_label("List me in the member directory").check()
    page.get_by_label("Interests shown in the directory").fill("huddles, language access")
    page.get_by_role("button", name="Save listing").click()
    page.wait_for_load_state()
    assert "You are listed in the member directory." in page.locator(".messages").inner_text()

    page.get_by_role("navigation", name="Community").get_by_role(
        "link", name="Member directory"
    ).click()
    page.locator("#id_interest").fill("language")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    cards = page.locator(".community-directory")
    assert "Priya Patel" in cards.inner_text() and "Jordan Ellis" in cards.inner_text()
    assert "@" not in page.locator("main").inner_text()
    check(page, f"community-directory-{size}")

    page.get_by_role("navigation", name="Community").get_by_role(
        "link", name="Resource library"
    ).click()
    page.get_by_label("Kind").select_option("guide")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "Starting an equity council" not in page.locator("main").inner_text()
    check(page, f"community-library-{size}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Ten-minute equity huddle guide").click()
    assert download.value.suggested_filename == "equity-huddle-guide.pdf"

    page.get_by_role("navigation", name="Community").get_by_role("link", name="Events").click()
    assert "No community events are scheduled yet." in page.locator("main").inner_text()
    check(page, f"community-events-{size}")
