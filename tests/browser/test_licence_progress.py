"""Support and licensure in Chromium at 1280 and 375 px: a physician reads their licence
progress on the transcript; a coordinator records commercial support with its signed
agreement and checks the state requirement table. Every page passes axe.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from equitylens.accounts.models import Licence
from equitylens.licensure.services.requirements import load_state_requirements
from equitylens.support.models import ActivitySupport
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_activity, make_coordinator, make_learner, make_topic
from tests.support.factories_support import PDF_BYTES

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def test_a_physician_sees_licence_progress_on_the_transcript(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    load_state_requirements()
    maya = make_learner(email="maya@example.org", profession="physician")
    Licence.objects.create(user=maya, state="MI", number="4301-1")
    Licence.objects.create(user=maya, state="MN", number="MN-1")
    activity = make_activity("Recognizing and Mitigating Unconscious Bias")
    activity.topics.add(make_topic("Implicit bias"))
    make_claim(maya, activity, completed_on=date.today())

    login_as(page, live_server, maya)
    page.goto(f"{live_server.url}/transcript/")
    section = page.get_by_role("region", name="Licence renewal: implicit-bias training")
    assert section.is_visible()
    text = section.inner_text()
    assert "Michigan" in text and "1.75 of 3.0 hours" in text
    assert "no implicit-bias training requirement on record" in text
    check(page, f"transcript-licence-progress-{size}")


def test_a_coordinator_records_commercial_support(page, live_server, viewport, tmp_path):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    activity = make_activity("Seeing Patients: Video Series Workshop", slug="seeing-patients")
    agreement = tmp_path / "agreement.pdf"
    agreement.write_bytes(PDF_BYTES)
    load_state_requirements()

    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/coordinator/activities/{activity.slug}/")
    page.get_by_role("link", name="Support (commercial and other)").click()
    page.wait_for_load_state()
    assert "There is no commercial support for this activity." in page.content()
    check(page, f"support-list-empty-{size}")

    page.get_by_role("link", name="Record support").click()
    page.wait_for_load_state()
    page.get_by_label("Commercial support (ineligible company)").check()
    page.get_by_label("Supporter", exact=True).fill("Acme Diagnostics, Inc.")
    page.get_by_label("Monetary", exact=True).check()
    page.get_by_label("Amount (US dollars, monetary support)").fill("5000")
    page.get_by_role("button", name="Record support").click()
    page.wait_for_load_state()
    # No agreement: the error is in the summary and at the field.
    assert page.locator(".error-summary").is_visible()
    assert (
        "requires the signed written agreement"
        in page.locator("#id_agreement_file_error").inner_text()
    )
    check(page, f"support-form-error-{size}")

    page.get_by_label("Signed written agreement").set_input_files(str(agreement))
    page.get_by_label("Date signed").fill("2026-01-15")
    page.get_by_role("button", name="Record support").click()
    page.wait_for_load_state()
    assert "educational grant from Acme Diagnostics, Inc." in page.content()
    support = ActivitySupport.objects.get()
    assert support.amount == Decimal("5000") and support.agreement_file
    check(page, f"support-list-{size}")

    page.goto(f"{live_server.url}/coordinator/licensure/")
    assert page.get_by_role("heading", name="State licensure requirements", level=1).is_visible()
    check(page, f"licensure-list-{size}")
    page.get_by_role("link", name="Add a requirement").click()
    page.wait_for_load_state()
    check(page, f"licensure-form-{size}")
