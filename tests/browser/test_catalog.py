"""Catalog → activity page in Chromium, as three kinds of visitor, at 1280 and 375 px."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.catalog.models import ActivityFormat, Audience
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import (
    make_activity,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def catalog_world(db: Any) -> dict[str, Any]:
    riverbend = make_organization("Riverbend Health")
    northside = make_organization("Northside Community Clinic")
    public = make_activity(
        "Advancing Health Equity: A Short Video Course",
        format=ActivityFormat.ENDURING,
        duration_minutes=15,
        slug="advancing-health-equity",
    )
    make_offering(public, amount="0.25")
    internal = make_activity(
        "Recognizing and Mitigating Unconscious Bias",
        format=ActivityFormat.ENDURING,
        audience=Audience.INTERNAL,
        internal_to=(riverbend,),
        slug="unconscious-bias",
    )
    make_offering(internal, amount="2.0")
    make_offering(internal, credit_type="moc_abim", amount="2.0", unit="points")
    member = make_learner()
    make_membership(member, riverbend)
    nurse = make_learner(profession="nurse")
    make_membership(nurse, northside)
    return {"member": member, "nurse": nurse, "internal": internal}


def visit_catalog(page: Any, base: str, name: str) -> list[str]:
    page.goto(f"{base}/activities/")
    assert page.get_by_role("heading", name="Activities", level=1).is_visible()
    assert_accessible(page, f"catalog-{name}")
    assert_fits_width(page)
    return page.locator(".card h3").all_inner_texts()


def open_activity(page: Any, base: str, title: str, name: str) -> None:
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    assert page.get_by_text("AMA PRA Category 1 Credit(s)™").first.is_visible()
    assert_accessible(page, f"activity-{name}")
    assert_fits_width(page)


def test_anonymous_visitor_sees_public_courses_only(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"anonymous-{viewport['width']}"
    titles = visit_catalog(page, live_server.url, name)
    assert titles == ["Advancing Health Equity: A Short Video Course"]
    open_activity(page, live_server.url, titles[0], name)
    response = page.goto(f"{live_server.url}/activities/unconscious-bias/")
    assert response.status == 404


def test_health_system_member_sees_the_internal_course(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"member-{viewport['width']}"
    login_as(page, live_server.url, catalog_world["member"])
    titles = visit_catalog(page, live_server.url, name)
    assert "Recognizing and Mitigating Unconscious Bias" in titles
    open_activity(page, live_server.url, "Recognizing and Mitigating Unconscious Bias", name)
    assert page.get_by_text("ABIM MOC").first.is_visible()


def test_clinic_member_does_not_see_it(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"clinic-{viewport['width']}"
    login_as(page, live_server.url, catalog_world["nurse"])
    titles = visit_catalog(page, live_server.url, name)
    assert "Recognizing and Mitigating Unconscious Bias" not in titles
    response = page.goto(f"{live_server.url}/activities/unconscious-bias/")
    assert response.status == 404


def test_search_works_from_the_keyboard(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/activities/")
    page.get_by_label("Search").focus()
    page.keyboard.type("no such thing")
    page.keyboard.press("Enter")
    page.get_by_text("No activities match").wait_for()
    page.get_by_label("Search").fill("video")
    page.keyboard.press("Enter")
    page.get_by_text("1 activity matches your search").wait_for()
    assert "q=video" in page.url
