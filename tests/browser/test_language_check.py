"""The paste-and-check page in Chromium at 1280 and 375 px: paste, check, see the
highlights and the alternatives; axe-core finds no violations and nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width

pytestmark = pytest.mark.browser

PASTED = (
    "Handover: the patient is a diabetic who was non-compliant with insulin.\n"
    "Our team keeps a blacklist of vendors; the homeless are often discharged late.\n"
    "See https://example.org/blacklist for the old policy."
)


def test_paste_check_and_read_the_suggestions(page: Any, live_server: Any, viewport: Any) -> None:
    name = f"language-check-{viewport['width']}"
    page.goto(f"{live_server.url}/language/check/")
    assert page.get_by_role("heading", name="Check your wording", level=1).is_visible()
    assert_accessible(page, f"{name}-empty")
    assert_fits_width(page)

    page.get_by_label("Text to check").fill(PASTED)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_load_state()

    highlighted = page.locator("mark.finding").evaluate_all(
        "marks => marks.map(m => m.firstChild.textContent)"
    )
    assert highlighted == ["diabetic", "non-compliant", "blacklist", "homeless"]  # not the URL
    assert page.get_by_text("4 suggestions for this text.").is_visible()
    # Each highlight's number leads to its explanation.
    page.get_by_role("link", name="(suggestion 3 about “blacklist”)").click()
    item = page.locator("#finding-3")
    assert item.is_visible()
    assert "blocklist" in item.inner_text() and "General workplace terms" in item.inner_text()
    assert page.get_by_role("link", name="Guide entry for “homeless”").is_visible()
    # The text stays in the box to edit and check again.
    assert page.get_by_label("Text to check").input_value() == PASTED
    assert_accessible(page, f"{name}-results")
    assert_fits_width(page)


def test_too_long_text_is_explained_in_an_error_summary(
    page: Any, live_server: Any, viewport: Any
) -> None:
    name = f"language-check-too-long-{viewport['width']}"
    page.goto(f"{live_server.url}/language/check/")
    page.get_by_label("Text to check").fill("word " * 10_001)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "The text is 50,005 characters long" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_text"
    assert_accessible(page, name)
    assert_fits_width(page)


def test_suggestions_appear_under_a_text_area_while_typing(
    page: Any, live_server: Any, viewport: Any, db: Any
) -> None:
    from tests.factories import make_activity

    name = f"language-inline-{viewport['width']}"
    activity = make_activity("Bias Workshop", contact_name="Sam Rivera")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    region = page.locator("#suggestions-id_message")
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text().strip() == ""
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.post_data or "")
            if "/language/check/suggestions/" in request.url
            else None
        ),
    )
    page.get_by_label("Your e-mail").fill("lee@example.org")
    message = page.get_by_label("Your question")
    message.click()
    message.press_sequentially("Do you take the homeless as walk-ins?", delay=5)
    region.get_by_text("Suggestions for more inclusive wording (optional)").wait_for()
    assert "people experiencing homelessness" in region.inner_text()
    # Only the text area's own value is sent, not the rest of the form.
    assert sent and all(body.startswith("message=") and "lee%40" not in body for body in sent)
    assert_accessible(page, name)
    assert_fits_width(page)
    # Edited to clean wording, the suggestions go away again.
    message.fill("Do you take walk-ins?")
    message.press("End")
    message.press("Space")
    page.wait_for_function(
        "() => document.querySelector('#suggestions-id_message').innerText.trim() === ''"
    )
