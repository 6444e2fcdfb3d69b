"""The inclusive-language guide in Chromium (1280 and 375 px, axe-core): a visitor searches
the public guide; a coordinator edits an entry in the back office and the checker uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from equitylens.language.models import GuideVersion
from equitylens.language.services import guide_store
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import make_coordinator

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def fresh_guide_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(guide_store, "_cached", {"number": None, "checker": None})
    yield


def test_a_visitor_searches_the_public_guide(page, live_server, viewport):  # type: ignore[no-untyped-def]
    name = f"language-guide-{viewport['width']}"
    page.goto(f"{live_server.url}/language/guide/?category=socioeconomic_housing")
    assert_accessible(page, name)
    assert_fits_width(page)

    page.get_by_label("Search the guide").fill("homeless")
    page.get_by_label("Category").select_option(label="All categories")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    status = page.get_by_role("status").inner_text()
    assert "entries match for “homeless”" in status
    entry = page.locator("article#the-homeless")
    assert "people experiencing homelessness" in entry.inner_text()
    assert "Fine as an adjective before a noun: “homeless shelter”" in entry.inner_text()
    assert_accessible(page, f"{name}-search")
    assert_fits_width(page)

    entry.get_by_role("link", name="the homeless").click()
    page.wait_for_url(f"{live_server.url}/language/guide/the-homeless/")
    assert page.get_by_role("heading", level=1).inner_text() == "the homeless"
    assert_accessible(page, f"{name}-entry")

    page.goto(f"{live_server.url}/language/guide/?q=zzqxj")
    assert "No entries match" in page.get_by_role("status").inner_text()


def test_a_coordinator_edits_an_entry(page, live_server, viewport):  # type: ignore[no-untyped-def]
    name = f"language-guide-edit-{viewport['width']}"
    login_as(page, live_server, make_coordinator())
    page.goto(f"{live_server.url}/language/manage/?q=homeless")
    assert_accessible(page, f"{name}-list")
    assert_fits_width(page)
    page.get_by_role("link", name="Edit the homeless").click()
    page.wait_for_url(f"{live_server.url}/language/manage/entries/the-homeless/")
    assert_accessible(page, name)
    assert_fits_width(page)

    # A form another entry already checks is refused, with the reason by the field.
    page.get_by_label("Forms to check").fill("homeless\nblacklist")
    page.get_by_label("What changed").fill("Added blacklist by mistake")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert").inner_text()
    assert "the form 'blacklist' is already matched by" in alert
    assert GuideVersion.objects.count() == 0
    assert_accessible(page, f"{name}-errors")

    page.get_by_label("Forms to check").fill("homeless\nhouseless")
    page.get_by_label("What changed").fill("Added houseless")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_load_state()
    assert page.get_by_text("Saved “the homeless” as version 1.").is_visible()
    version = GuideVersion.objects.get()
    assert version.note == "Added houseless"
    findings = guide_store.current_checker().check("The houseless were turned away.")
    assert [f.entry for f in findings] == ["the-homeless"]

    page.get_by_role("link", name="Versions").first.click()
    page.wait_for_load_state()
    assert "Added houseless" in page.locator("table").inner_text()
    assert_accessible(page, f"{name}-versions")
    assert_fits_width(page)
