"""The public catalog page: cards, search and filters through the view, htmx, visibility."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from tests.factories import (
    make_activity,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
    make_topic,
)

pytestmark = pytest.mark.django_db
URL = reverse("catalog:list")
HTMX = {"HX-Request": "true", "HX-Target": "results"}


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/activities/[^"]+/">([^<]+)</a></h3>', html)


def page(client, **params: object) -> str:  # type: ignore[no-untyped-def]
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_shows_dates_length_credit_and_badges(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(
        "Seeing Patients",
        format=ActivityFormat.ENDURING,
        duration_minutes=90,
        starts_on=date(2026, 1, 5),
        ends_on=date(2028, 12, 31),
        audience=Audience.MEMBERS,
        bookable_privately=True,
    )
    make_offering(activity, amount="1.5")
    make_offering(activity, credit_type="participation", amount="1.5", unit="hours")
    make_offering(activity, credit_type="moc_abim", amount="1.5", unit="points")
    html = page(client)
    assert "Available Jan 5, 2026 – Dec 31, 2028" in html
    assert "1 hour 30 minutes" in html
    assert (
        "1.5 AMA PRA Category 1 Credit(s)™ · 1.5 participation hours · MOC: ABIM 1.5 points" in html
    )
    assert ">Open for registration<" in html
    assert ">Members only<" in html
    assert ">Bookable for your organization<" in html


def test_a_live_card_shows_its_day(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Workshop", starts_on=date(2031, 3, 4), ends_on=None)
    assert "Mar 4, 2031 · " in page(client)


def test_search_words_filter_the_list(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Implicit bias workshop")
    make_activity("Dialogue series", objectives=("Discuss structural racism",))
    assert card_titles(page(client, q="racism")) == ["Dialogue series"]
    assert card_titles(page(client, q="implicit workshop")) == ["Implicit bias workshop"]


def test_format_filter_really_filters(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    make_activity("Online one", format=ActivityFormat.ENDURING)
    html = page(client, format="enduring")
    assert card_titles(html) == ["Online one"]
    assert "1 activity matches your search" in html


def test_credit_type_filter_really_filters(client) -> None:  # type: ignore[no-untyped-def]
    make_offering(make_activity("Nursing course"), credit_type="nursing", amount="1.0")
    make_offering(make_activity("Physician course"), amount="1.0")
    assert card_titles(page(client, credit="nursing")) == ["Nursing course"]


def test_topic_filter_really_filters(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("On bias").topics.add(make_topic("Implicit bias"))
    make_activity("On racism").topics.add(make_topic("Anti-racism"))
    html = page(client, topic="anti-racism")
    assert card_titles(html) == ["On racism"]
    assert '<option value="anti-racism" selected>Anti-racism</option>' in html


def test_open_now_leaves_out_closed_and_finished_activities(client) -> None:  # type: ignore[no-untyped-def]
    yesterday = timezone.localdate() - timedelta(days=1)
    make_activity("Open course")
    make_activity("Closed course", status=ActivityStatus.CLOSED)
    make_activity("Yesterday's workshop", starts_on=yesterday, ends_on=None)
    assert card_titles(page(client, open_now="on")) == ["Open course"]
    assert len(card_titles(page(client))) == 3


def test_filters_combine(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Racism online", format=ActivityFormat.ENDURING)
    make_activity("Racism live")
    make_activity("Equity online", format=ActivityFormat.ENDURING)
    assert card_titles(page(client, q="racism", format="enduring")) == ["Racism online"]


def test_an_unknown_filter_value_drops_only_that_filter(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    make_activity("Other one")
    html = page(client, format="bogus", q="live", page="99")
    assert card_titles(html) == ["Live one"]


def test_the_form_keeps_what_was_asked(client) -> None:  # type: ignore[no-untyped-def]
    html = page(client, q="bias", format="enduring", open_now="on")
    assert 'value="bias"' in html
    assert '<option value="enduring" selected>' in html
    assert re.search(r'<input type="checkbox" name="open_now"[^>]*checked', html)


def test_htmx_request_gets_only_the_results_and_the_new_count(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    make_activity("Other")
    response = client.get(URL, {"q": "live"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "Find activities" not in html
    assert card_titles(html) == ["Live one"]
    assert re.search(
        r'<p id="result-count" hx-swap-oob="innerHTML">\s*1 activity matches your search', html
    )


def test_htmx_history_restore_gets_the_whole_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_page_and_fragment_are_cached_apart(client) -> None:  # type: ignore[no-untyped-def]
    assert "HX-Request" in client.get(URL)["Vary"]


def test_result_count_is_announced_politely(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    html = page(client)
    assert re.search(
        r'<p id="result-count" class="result-count" role="status" aria-live="polite"'
        r' aria-atomic="true">\s*1 activity\s*</p>',
        html,
    )


def test_the_form_swaps_only_the_results_when_javascript_runs(client) -> None:  # type: ignore[no-untyped-def]
    html = page(client)
    form = re.search(r'<form id="catalog-filters"[^>]*>', html)
    assert form is not None
    assert 'method="get"' in form.group(0) and 'action="/activities/"' in form.group(0)
    assert 'hx-get="/activities/"' in form.group(0) and 'hx-target="#results"' in form.group(0)


def test_no_match_says_so_and_offers_to_clear_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    html = page(client, q="zzzz")
    assert "No activities match your search." in html
    assert f'<a href="{URL}">Clear all filters</a>' in html
    assert "0 activities match your search" in html


def test_internal_course_is_listed_only_for_its_organizations_members(client) -> None:  # type: ignore[no-untyped-def]
    riverbend = make_organization("Riverbend Health")
    make_activity("Onboarding course", audience=Audience.INTERNAL, internal_to=(riverbend,))
    assert "Onboarding course" not in page(client)
    outsider = make_learner()
    make_membership(outsider, make_organization("Northside Clinic"))
    client.force_login(outsider)
    assert "Onboarding course" not in page(client)
    insider = make_learner()
    make_membership(insider, riverbend)
    client.force_login(insider)
    html = page(client)
    assert "Onboarding course" in card_titles(html)
    assert "Internal to Riverbend Health" in html


def test_more_than_twenty_results_are_paginated_keeping_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(23):
        make_activity(f"Course {n:02d}", format=ActivityFormat.ENDURING)
    make_activity("Live course")
    html = page(client, format="enduring")
    assert len(card_titles(html)) == 20
    assert "Page 1 of 2" in html
    assert "23 activities match your search · showing 1–20" in html
    assert "format=enduring&amp;page=2" in html
    second = page(client, format="enduring", page=2)
    assert card_titles(second) == ["Course 20", "Course 21", "Course 22"]
    assert "format=enduring&amp;page=1" in second
