"""The public catalog page: search and filters through the view, htmx partial, visibility."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.catalog.models import ActivityFormat, Audience
from tests.factories import (
    make_activity,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
)

pytestmark = pytest.mark.django_db
URL = reverse("catalog:list")


def test_lists_cards_with_credit_summary(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity("Implicit Bias Workshop")
    make_offering(activity, amount="2.0")
    make_offering(activity, credit_type="moc_abim", amount="2.0", unit="points")
    html = client.get(URL).content.decode()
    assert "Implicit Bias Workshop" in html
    assert "2.0 AMA PRA Category 1 Credit(s)™" in html
    assert "MOC: ABIM" in html
    assert "1 activity</p>" in html.replace("\n", "")


def test_format_filter_really_filters(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    make_activity("Online one", format=ActivityFormat.ENDURING)
    html = client.get(URL, {"format": "enduring"}).content.decode()
    assert "Online one" in html and "Live one" not in html
    assert "1 activity matches your search" in html


def test_htmx_request_gets_only_the_results_fragment(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    response = client.get(URL, {"q": "live"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "Live one" in html


def test_no_match_says_so_and_offers_to_clear(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    html = client.get(URL, {"q": "zzzz"}).content.decode()
    assert "No activities match" in html
    assert "Clear all filters" in html


def test_unknown_filter_values_are_ignored_not_errors(client) -> None:  # type: ignore[no-untyped-def]
    make_activity("Live one")
    response = client.get(URL, {"format": "bogus", "page": "99"})
    assert response.status_code == 200
    assert "Live one" in response.content.decode()


def test_internal_course_is_listed_only_for_its_organizations_members(client) -> None:  # type: ignore[no-untyped-def]
    riverbend = make_organization("Riverbend Health")
    make_activity("Onboarding course", audience=Audience.INTERNAL, internal_to=(riverbend,))
    assert "Onboarding course" not in client.get(URL).content.decode()
    outsider = make_learner()
    make_membership(outsider, make_organization("Northside Clinic"))
    client.force_login(outsider)
    assert "Onboarding course" not in client.get(URL).content.decode()
    insider = make_learner()
    make_membership(insider, riverbend)
    client.force_login(insider)
    html = client.get(URL).content.decode()
    assert "Onboarding course" in html
    assert "Internal to Riverbend Health" in html


def test_more_than_twenty_results_are_paginated_keeping_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(23):
        make_activity(f"Course {n:02d}", format=ActivityFormat.ENDURING)
    html = client.get(URL, {"format": "enduring"}).content.decode()
    assert "Page 1 of 2" in html
    assert "format=enduring&amp;page=2" in html
    assert "Course 22" in client.get(URL, {"format": "enduring", "page": 2}).content.decode()
