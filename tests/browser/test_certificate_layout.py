"""The coordinator edits the certificate layout in Chromium (1280 and 375 px, axe-core)."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.credentials.models import CertificateLayout
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_coordinator

pytestmark = pytest.mark.browser


def test_coordinator_edits_the_certificate_layout(  # type: ignore[no-untyped-def]
    page, live_server, viewport, settings: Any, tmp_path: Any
):
    settings.MEDIA_ROOT = tmp_path
    coordinator = make_coordinator()
    name = f"certificate-layout-{viewport['width']}"
    login_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/coordinator/")
    page.get_by_role("link", name="Certificate layout").click()
    page.wait_for_url(f"{live_server.url}/coordinator/certificates/layout/")
    assert_accessible(page, name)
    assert_fits_width(page)

    page.get_by_label("Accent colour").fill("blue")
    page.get_by_role("button", name="Save layout").click()
    page.wait_for_load_state()
    assert (
        "Enter the colour as # and 6 hexadecimal digits" in page.get_by_role("alert").inner_text()
    )
    assert_accessible(page, f"{name}-errors")

    page.get_by_label("Accent colour").fill("#7a1f5c")
    page.get_by_label("Signatory's name").fill("Dr. Morgan Ellis")
    page.get_by_role("button", name="Save layout").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved the certificate layout.").is_visible()
    layout = CertificateLayout.objects.get()
    assert (layout.accent_color, layout.signatory_name) == ("#7a1f5c", "Dr. Morgan Ellis")
