"""The transcript and the public verification page in Chromium, at 1280 and 375 px.

A learner with claims in two years sees the right totals and filters by year; anyone
checks a certificate number. Every page is checked with axe-core and must not scroll
sideways.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from equitylens.catalog.models import CreditType
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_learner, make_provider

pytestmark = pytest.mark.browser

WORKSHOP = "Interactive Implicit Bias Workshop: Recognizing and Mitigating Unconscious Bias"
COURSE = "Advancing Health Equity: A Short Video Course"


@pytest.fixture
def learner(db: Any) -> Any:
    make_provider("Lakeshore Medical Society")
    learner = make_learner(first_name="Amara", last_name="Okafor")
    make_claim(
        learner,
        title=WORKSHOP,
        completed_on=date(2025, 10, 14),
        credits=(
            (CreditType.AMA_PRA_1, "1.75", "credits"),
            (CreditType.MOC_ABIM, "1.75", "points"),
        ),
        number="EL-2025-7KQ4-MX9P",
    )
    make_claim(
        learner,
        title=COURSE,
        completed_on=date(2026, 2, 3),
        credits=((CreditType.AMA_PRA_1, "0.25", "credits"),),
        number="EL-2026-ABCD-EFGH",
    )
    stranger = make_learner(first_name="Private", last_name="Stranger")
    make_claim(stranger, title="Not Yours", completed_on=date(2026, 1, 1))
    return learner


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def total(page: Any, table: str, row: str) -> str:
    return str(page.locator(f"#{table} tr", has_text=row).locator("td.num").inner_text())


def test_learner_sees_totals_and_filters_by_year(page, live_server, learner, viewport):  # type: ignore[no-untyped-def]
    width = viewport["width"]
    login_as(page, live_server, learner)
    page.goto(f"{live_server.url}/transcript/")
    assert page.get_by_role("heading", name="Transcript", level=1).is_visible()
    assert page.locator("#transcript-count").inner_text() == "2 claims."
    assert total(page, "totals-by-type", "AMA PRA Category 1 Credit™") == "2.0 credits"
    assert total(page, "totals-by-type", "ABIM MOC") == "1.75 points"
    by_year = page.locator("#totals-by-year").inner_text()
    assert by_year.index("2026") < by_year.index("2025")
    assert page.get_by_role("link", name="EL-2025-7KQ4-MX9P").is_visible()
    assert page.get_by_role("link", name=WORKSHOP, exact=True).is_visible()
    assert page.get_by_text("Not Yours").count() == 0
    check(page, f"transcript-{width}")

    page.get_by_label("Year completed").select_option("2025")
    page.get_by_role("button", name="Show claims").click()
    page.wait_for_url("**/transcript/?year=2025*")
    assert page.locator("#transcript-count").inner_text() == "1 claim matches your filters."
    assert total(page, "totals-by-type", "AMA PRA Category 1 Credit™") == "1.75 credits"
    assert page.get_by_role("link", name=COURSE, exact=True).count() == 0
    pdf_link = page.get_by_role("link", name="Download PDF")
    assert pdf_link.get_attribute("href") == "/transcript/transcript.pdf?year=2025"
    check(page, f"transcript-2025-{width}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "EL-2025-7KQ4-MX9P" in text and "EL-2026-ABCD-EFGH" not in text


def test_learner_without_claims_is_pointed_to_the_catalog(page, live_server, db, viewport):  # type: ignore[no-untyped-def]
    login_as(page, live_server, make_learner())
    page.goto(f"{live_server.url}/transcript/")
    assert page.get_by_text("You have not claimed any credit yet.").is_visible()
    assert page.get_by_role("link", name="Browse activities").is_visible()
    check(page, f"transcript-empty-{viewport['width']}")


def test_anyone_verifies_a_certificate_number(page, live_server, learner, viewport):  # type: ignore[no-untyped-def]
    width = viewport["width"]
    page.goto(f"{live_server.url}/verify/")
    check(page, f"verify-form-{width}")
    page.get_by_label("Certificate number").fill("  el-2025-7kq4-mx9p ")
    page.get_by_role("button", name="Verify").click()
    heading = page.get_by_role("heading", name="Certificate EL-2025-7KQ4-MX9P is valid")
    assert heading.is_visible()
    result = page.locator(".verify-result").inner_text()
    for fact in ("Amara Okafor", WORKSHOP, "Completed Oct 14, 2025", "1.75 ABIM MOC points"):
        assert fact in result
    check(page, f"verify-valid-{width}")

    page.get_by_label("Certificate number").fill("EL-2025-7KQ4-MX9Q")
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_role("heading", name="No certificate has the number EL-2025-7KQ4-MX9Q")
    assert page.get_by_text("Amara Okafor").count() == 0
    check(page, f"verify-not-found-{width}")

    page.get_by_label("Certificate number").fill("")
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_text("Enter the certificate number printed on the certificate").is_visible()
    check(page, f"verify-empty-{width}")
