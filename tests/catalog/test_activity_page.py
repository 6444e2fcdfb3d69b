"""The activity page shows everything a learner needs, and only to those who may see it."""

from __future__ import annotations

import pytest

from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from tests.factories import (
    make_activity,
    make_coordinator,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
    make_topic,
)

pytestmark = pytest.mark.django_db


def test_shows_objectives_credits_and_statements(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(
        "Bias Workshop",
        objectives=("Explain implicit bias", "Apply two strategies"),
        target_audience="Onboarding clinicians",
    )
    activity.topics.add(make_topic("Implicit bias"))
    make_offering(activity, amount="2.0", eligible_professions=["physician"])
    make_offering(activity, credit_type="participation", amount="2.0", unit="hours")
    html = client.get(activity.get_absolute_url()).content.decode()
    assert html.index("Explain implicit bias") < html.index("Apply two strategies")
    assert "Onboarding clinicians" in html
    assert "designates this live activity for a maximum of 2.0 AMA PRA" in html
    assert "is accredited by the Accreditation Council for Continuing Medical Education" in html
    assert "Physician" in html and "Everyone" in html
    assert "Contact the coordinator" in html


def test_enduring_material_shows_release_and_expiration_dates(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(format=ActivityFormat.ENDURING)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Release date" in html and "Expiration date" in html
    assert f"{activity.ends_on:%b} {activity.ends_on.day}, {activity.ends_on.year}" in html


def test_internal_activity_is_404_for_anonymous_and_other_organizations(client) -> None:  # type: ignore[no-untyped-def]
    riverbend = make_organization("Riverbend Health")
    activity = make_activity(audience=Audience.INTERNAL, internal_to=(riverbend,))
    assert client.get(activity.get_absolute_url()).status_code == 404
    outsider = make_learner()
    make_membership(outsider, make_organization("Northside"))
    client.force_login(outsider)
    assert client.get(activity.get_absolute_url()).status_code == 404
    insider = make_learner()
    make_membership(insider, riverbend)
    client.force_login(insider)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "Participation is limited to people of Riverbend Health" in response.content.decode()


def test_draft_is_404_for_learners_but_coordinators_see_it_with_an_edit_link(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)
    assert client.get(activity.get_absolute_url()).status_code == 404
    client.force_login(make_coordinator())
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Edit in back office" in html
    assert "in development and not yet open" in html


def test_expired_activity_page_says_credit_can_no_longer_be_earned(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(status=ActivityStatus.EXPIRED)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "credit can no longer be earned" in html


def test_members_only_activity_says_who_may_take_part(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(audience=Audience.MEMBERS)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "limited to members of Lakeshore Medical Society" in html


def test_description_is_escaped(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(description="<script>alert(1)</script>")
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
