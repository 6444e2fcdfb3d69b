"""PARS reporting in Chromium at 1280 and 375 px: the coordinator reads the validation
problems, creates a learner batch, sees "nothing new" on a re-run and downloads the file."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.credentials.models import ParsBatch, ParsBatchStatus
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity, make_coordinator

pytestmark = pytest.mark.browser


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_coordinator_validates_builds_and_downloads_a_batch(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    course = make_activity(
        "Recognizing and Mitigating Unconscious Bias",
        slug="recognizing-and-mitigating-unconscious-bias",
    )
    make_moc_completion(make_moc_learner("204518", first_name="Helen", last_name="Marsh"), course)
    make_moc_completion(
        make_moc_learner(
            "20451", first_name="Omar", last_name="Siddiqui", email="omar@example.org"
        ),
        course,
    )
    login_as(page, live_server, make_coordinator())

    page.goto(f"{live_server.url}/coordinator/")
    page.get_by_role("link", name="PARS reporting").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="PARS reporting", level=1).is_visible()
    problems = page.get_by_role("region", name="Completions that cannot be reported yet")
    assert "Omar Siddiqui" in problems.inner_text()
    assert "An ABIM ID is 6 digits" in problems.inner_text()
    check(page, f"pars-problems-{size}")

    page.get_by_role("button", name="Create learner batch").click()
    page.wait_for_load_state()
    assert "created with 1 record" in page.locator(".messages").inner_text()
    check(page, f"pars-batch-created-{size}")

    page.get_by_role("button", name="Create learner batch").click()
    page.wait_for_load_state()
    assert "Nothing new to report" in page.locator(".messages").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download batch").first.click()
    path = download_info.value.path()
    with open(path, "rb") as file:
        content = file.read()
    assert b"\tHelen\tMarsh\tABIM\t204518\t" in content
    assert b"Siddiqui" not in content
    assert ParsBatch.objects.get().status == ParsBatchStatus.EXPORTED
