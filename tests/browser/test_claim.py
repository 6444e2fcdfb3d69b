"""A physician claims 1.75 AMA PRA credits and ABIM MOC, then downloads the certificate.

Chromium at 1280 and 375 px; axe-core on the claim page (clean and with errors) and
on the "certificate ready" page; the PDF is downloaded and its text read with pypdf.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from equitylens.learning.models import CreditClaim
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_activity, make_evaluated_enrollment, make_learner, make_offering

pytestmark = pytest.mark.browser

TITLE = "Seeing Bias in the Exam Room: A Case-Based Course"


@pytest.fixture
def ready_physician(db: Any) -> tuple[Any, Any]:
    course = make_activity(TITLE, format="enduring", duration_minutes=105, slug="seeing-bias")
    make_offering(course, "ama_pra_1", "1.75", eligible_professions=["physician"])
    make_offering(course, "nursing", "1.75", unit="hours", eligible_professions=["nurse"])
    make_offering(course, "moc_abim", "1.75", unit="points", eligible_professions=["physician"])
    learner = make_learner(first_name="Avery", last_name="Okafor", credentials=["MD"])
    return learner, make_evaluated_enrollment(learner, course)


def test_physician_claims_ama_and_abim_moc_and_downloads_the_pdf(  # type: ignore[no-untyped-def]
    page, live_server, ready_physician, viewport, tmp_path: Path
):
    learner, _ = ready_physician
    name = f"claim-{viewport['width']}"
    login_as(page, live_server, learner)
    page.goto(f"{live_server.url}/learn/seeing-bias/credit/")
    assert page.get_by_role("heading", name="Claim credit", level=1).is_visible()
    assert_accessible(page, f"{name}-form")
    assert_fits_width(page)
    assert page.get_by_label("Claim AMA PRA Category 1 Credit(s)™").is_checked()
    assert page.locator("#amount_ama_pra_1").input_value() == "1.75"
    assert page.get_by_text("Nursing contact hours are for nurses.").is_visible()

    # MOC details appear once a board is ticked; forget them: the errors are listed.
    assert not page.get_by_label("Birth month", exact=True).is_visible()
    page.get_by_label("Report ABIM MOC points to ABIM").check()
    assert page.get_by_label("Birth month", exact=True).is_visible()
    assert page.get_by_label("ABIM ID (diplomate number)").is_visible()
    page.get_by_role("button", name="Claim credit and get my certificate").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Nothing was claimed yet" in summary.inner_text()
    assert "Enter your ABIM ID" in summary.inner_text()
    assert_accessible(page, f"{name}-errors")
    assert_fits_width(page)
    assert not CreditClaim.objects.exists()

    page.get_by_label("ABIM ID (diplomate number)").fill("123456")
    page.get_by_label("Birth month", exact=True).select_option(label="April")
    page.get_by_label("Birth day", exact=True).select_option("9")
    page.locator("#moc_consent").check()
    page.get_by_role("button", name="Claim credit and get my certificate").click()
    page.wait_for_url(f"{live_server.url}/learn/seeing-bias/credit/")
    assert page.get_by_role("heading", name="Your certificate is ready").is_visible()
    assert_accessible(page, f"{name}-ready")
    assert_fits_width(page)

    claim = CreditClaim.objects.get()
    number = claim.certificate.number
    assert page.get_by_text(number).first.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{number}.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = " ".join(PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text().split())
    assert "Avery Okafor, MD" in text
    assert TITLE in text
    assert "1.75 AMA PRA Category 1 Credit(s)™" in text
    assert "1.75 ABIM MOC points" in text
    day = claim.completed_on
    assert f"{day:%b} {day.day}, {day.year}" in text
    assert number in text
