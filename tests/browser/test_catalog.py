"""Catalog → activity page in Chromium, as three kinds of visitor, at 1280 and 375 px.

Every page visited is checked with axe-core and must not scroll sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from equitylens.catalog.models import ActivityFormat, Audience, ContactMessage
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.factories import (
    make_activity,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
    make_topic,
)

pytestmark = pytest.mark.browser

PUBLIC = "Advancing Health Equity: A Short Video Course"
INTERNAL = "Recognizing and Mitigating Unconscious Bias"
WORKSHOP = "Interactive Implicit Bias Workshop"
MEMBERS = "Seeing Patients: A Video-Series Workshop"


@pytest.fixture
def catalog_world(db: Any) -> dict[str, Any]:
    riverbend = make_organization("Riverbend Health", short_name="Riverbend")
    northside = make_organization("Northside Community Clinic")
    public = make_activity(
        PUBLIC,
        format=ActivityFormat.ENDURING,
        duration_minutes=15,
        slug="advancing-health-equity",
        summary="Fifteen minutes on what health equity means in practice.",
    )
    public.topics.add(make_topic("Health equity"))
    make_offering(public, amount="0.25")
    make_offering(public, credit_type="participation", amount="0.25", unit="hours")
    internal = make_activity(
        INTERNAL,
        format=ActivityFormat.ENDURING,
        audience=Audience.INTERNAL,
        internal_to=(riverbend,),
        slug="unconscious-bias",
        contact_email="sam.rivera@lakeshoremedicalsociety.example",
    )
    make_offering(internal, amount="2.0", eligible_professions=["physician"])
    make_offering(internal, credit_type="moc_abim", amount="2.0", unit="points")
    make_offering(internal, credit_type="moc_abs", amount="2.0", self_assessment=True)
    workshop = make_activity(WORKSHOP, slug="implicit-bias-workshop", duration_minutes=120)
    make_offering(workshop, amount="2.0")
    members = make_activity(
        MEMBERS, audience=Audience.MEMBERS, bookable_privately=True, duration_minutes=90
    )
    make_offering(members, amount="1.5")
    member = make_learner()
    make_membership(member, riverbend)
    nurse = make_learner(profession="nurse")
    make_membership(nurse, northside)
    return {"member": member, "nurse": nurse, "internal": internal}


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def visit_catalog(page: Any, base: str, name: str) -> list[str]:
    page.goto(f"{base}/activities/")
    assert page.get_by_role("heading", name="Activities", level=1).is_visible()
    check(page, f"catalog-{name}")
    return page.locator(".card h3").all_inner_texts()


def open_activity(page: Any, title: str, name: str) -> None:
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    assert page.get_by_role("heading", name="Taking part").is_visible()
    assert page.get_by_text("AMA PRA Category 1 Credit(s)™").first.is_visible()
    check(page, f"activity-{name}")


def expect_not_found(page: Any, url: str, name: str) -> None:
    response = page.goto(url)
    assert response.status == 404
    assert page.get_by_role("heading", name="Activity not found").is_visible()
    check(page, f"not-found-{name}")


def test_anonymous_visitor_sees_public_courses_only(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"anonymous-{viewport['width']}"
    titles = visit_catalog(page, live_server.url, name)
    assert sorted(titles) == [PUBLIC, WORKSHOP, MEMBERS]
    assert page.get_by_text("Bookable for your organization").is_visible()
    open_activity(page, PUBLIC, name)
    assert page.get_by_text("You take part after signing in.").is_visible()
    page.get_by_role("link", name="All activities").click()
    open_activity(page, MEMBERS, f"members-only-{name}")
    assert page.get_by_text("Members take part after signing in.").is_visible()
    expect_not_found(page, f"{live_server.url}/activities/unconscious-bias/", name)


def test_health_system_member_sees_the_internal_course(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"member-{viewport['width']}"
    login_as(page, live_server, catalog_world["member"])
    titles = visit_catalog(page, live_server.url, name)
    assert INTERNAL in titles
    assert page.get_by_text("Internal to Riverbend").is_visible()
    open_activity(page, INTERNAL, name)
    assert page.get_by_role("cell", name="2.0 points").is_visible()
    assert page.get_by_text("You may take part in this activity.").is_visible()


def test_clinic_member_does_not_see_it(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    name = f"clinic-{viewport['width']}"
    login_as(page, live_server, catalog_world["nurse"])
    titles = visit_catalog(page, live_server.url, name)
    assert INTERNAL not in titles
    expect_not_found(page, f"{live_server.url}/activities/unconscious-bias/", name)


def tab_to(page: Any, selector: str, presses: int = 30) -> None:
    """Press Tab until the element matching `selector` has the keyboard focus."""
    for _ in range(presses):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_search_and_filters_work_from_the_keyboard(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/activities/")
    page.evaluate("window.notReloaded = true")
    tab_to(page, "#id_q")
    page.keyboard.type("no such thing")
    page.keyboard.press("Enter")
    page.get_by_text("No activities match your search.").wait_for()
    check(page, f"catalog-no-match-{viewport['width']}")
    tab_to(page, "#id_q")
    page.keyboard.press("Control+A")
    page.keyboard.type("interactive")
    page.keyboard.press("Enter")
    page.locator("#result-count", has_text="1 activity matches your search").wait_for()
    assert page.locator(".card h3").all_inner_texts() == [WORKSHOP]
    assert "q=interactive" in page.url
    # The enhanced form swapped the results in place: the page was never reloaded.
    assert page.evaluate("window.notReloaded") is True
    tab_to(page, "#catalog-filters button[type=submit]")
    tab_to(page, "#catalog-filters a[href='/activities/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/activities/")
    page.locator("#result-count", has_text="3 activities").wait_for()


def test_changing_a_filter_updates_the_results_at_once(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/activities/")
    page.get_by_label("Topic").select_option("health-equity")
    page.locator("#result-count", has_text="1 activity matches your search").wait_for()
    assert page.locator(".card h3").all_inner_texts() == [PUBLIC]
    page.get_by_label("Format").select_option("live_course")
    page.get_by_text("No activities match your search.").wait_for()
    assert "topic=health-equity" in page.url and "format=live_course" in page.url
    page.go_back()
    page.locator("#result-count", has_text="1 activity matches your search").wait_for()
    check(page, f"catalog-filtered-{viewport['width']}")


@pytest.fixture
def no_js_page(browser: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_search_works_without_javascript(no_js_page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page = no_js_page
    page.goto(f"{live_server.url}/activities/")
    page.get_by_label("Search").fill("equity")
    page.get_by_role("button", name="Show activities").click()
    page.wait_for_url("**/activities/?q=equity*")
    assert page.locator(".card h3").all_inner_texts() == [PUBLIC]


def test_contact_form_with_javascript(page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/activities/advancing-health-equity/")
    form = page.locator("#contact-form")
    form.get_by_label("Your name").fill("Dr. Lee")
    form.get_by_label("Your e-mail").fill("not an address")
    form.get_by_label("Your question").fill("Is there a transcript?")
    form.get_by_role("button", name="Send message").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.get_by_role("link", name="Your e-mail: Enter your e-mail address").is_visible()
    check(page, f"contact-error-{viewport['width']}")
    form.get_by_label("Your e-mail").fill("lee@example.org")
    form.get_by_role("button", name="Send message").click()
    page.get_by_text("Your message was sent to Casey Coordinator.").wait_for()
    check(page, f"contact-sent-{viewport['width']}")
    assert ContactMessage.objects.get().email == "lee@example.org"


def test_contact_form_without_javascript(no_js_page, live_server, catalog_world, viewport):  # type: ignore[no-untyped-def]
    page = no_js_page
    page.goto(f"{live_server.url}/activities/advancing-health-equity/")
    form = page.locator("#contact-form")
    form.get_by_label("Your name").fill("Dr. Lee")
    form.get_by_label("Your e-mail").fill("lee@example.org")
    form.get_by_label("Your question").fill("Is there a transcript?")
    form.get_by_role("button", name="Send message").click()
    page.wait_for_url(f"{live_server.url}/activities/advancing-health-equity/")
    assert page.get_by_text("Your message was sent to Casey Coordinator.").is_visible()
    assert ContactMessage.objects.count() == 1
