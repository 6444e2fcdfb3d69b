"""The activity page shows everything a learner needs, and only to those who may see it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import NoReverseMatch
from django.utils import timezone

from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from equitylens.catalog.services.lifecycle import add_years
from tests.factories import (
    make_activity,
    make_coordinator,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
    make_provider,
    make_topic,
)

pytestmark = pytest.mark.django_db


def get_page(client, activity) -> str:  # type: ignore[no-untyped-def]
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page as words: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_shows_summary_audience_and_objectives_in_order(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(
        "Bias Workshop",
        summary="Two hours on implicit bias.",
        objectives=("Explain implicit bias", "Apply two strategies", "Reflect on practice"),
        target_audience="Onboarding clinicians",
    )
    html = get_page(client, activity)
    assert '<h1 id="activity-title">Bias Workshop</h1>' in html
    assert "Two hours on implicit bias." in html
    assert "Onboarding clinicians" in html
    objectives = re.search(r'<ol class="objectives-list">(.*?)</ol>', html, re.S)
    assert objectives is not None
    assert re.findall(r"<li>([^<]+)</li>", objectives.group(1)) == [
        "Explain implicit bias",
        "Apply two strategies",
        "Reflect on practice",
    ]


def test_credit_table_gives_type_maximum_unit_who_may_claim_and_self_assessment(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(duration_minutes=120)
    make_offering(activity, credit_type="moc_abs", amount="2.0", self_assessment=True,
                  eligible_professions=["physician"])  # fmt: skip
    make_offering(activity, credit_type="participation", amount="2.0", unit="hours",
                  eligible_professions=["nurse", "other_clinician"])  # fmt: skip
    make_offering(activity, amount="2.0", eligible_professions=[])
    table = re.search(r'<table class="credit-table".*?</table>', get_page(client, activity), re.S)
    assert table is not None
    rows = [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]]
    assert rows == [
        "AMA PRA Category 1 Credit™ 2.0 credits All professions",
        "Attendance / participation 2.0 hours Nurses, other clinicians",
        "ABS Continuous Certification Self-assessment 2.0 credits Physicians",
    ]


def test_statements_are_rendered_from_the_data(client) -> None:  # type: ignore[no-untyped-def]
    partner = make_organization("Northside Community Clinic")
    activity = make_activity(joint_provider=partner)
    make_offering(activity, amount="1.75")
    html = get_page(client, activity)
    assert (
        "through the joint providership of Lakeshore Medical Society and Northside Community "
        "Clinic. Lakeshore Medical Society is accredited by the Accreditation Council"
    ) in html
    assert (
        "Lakeshore Medical Society designates this live activity for a maximum of 1.75 "
        "AMA PRA Category 1 Credit(s)™. Physicians should claim only the credit commensurate"
    ) in html
    assert "<dt>Joint provider</dt><dd>Northside Community Clinic</dd>" in html


def test_provider_topics_and_contact_person_are_in_the_details(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(contact_name="Sam Rivera", contact_email="sam@lakeshore.example")
    activity.topics.add(make_topic("Health equity"))
    html = get_page(client, activity)
    assert "<dt>Provider</dt><dd>Lakeshore Medical Society</dd>" in html
    assert 'href="/activities/?topic=health-equity">Health equity</a>' in html
    assert "Sam Rivera" in html and 'href="mailto:sam@lakeshore.example"' in html


def test_live_activity_dates_are_labelled_as_dates(client) -> None:  # type: ignore[no-untyped-def]
    one_day = make_activity(starts_on=date(2031, 3, 4), ends_on=None)
    two_days = make_activity(starts_on=date(2031, 3, 4), ends_on=date(2031, 3, 5))
    assert "<dt>Date</dt><dd>Mar 4, 2031</dd>" in get_page(client, one_day)
    assert "<dt>Dates</dt><dd>Mar 4, 2031 – Mar 5, 2031</dd>" in get_page(client, two_days)


def test_enduring_material_shows_release_expiration_and_approval_period(client) -> None:  # type: ignore[no-untyped-def]
    release = timezone.localdate() - timedelta(days=10)
    activity = make_activity(
        format=ActivityFormat.ENDURING, starts_on=release, ends_on=add_years(release, 3)
    )
    html = get_page(client, activity)
    expires = add_years(release, 3)
    assert f"<dt>Release date</dt><dd>{release:%b} {release.day}, {release.year}</dd>" in html
    assert f"<dt>Expiration date</dt><dd>{expires:%b} {expires.day}, {expires.year}</dd>" in html
    assert (
        f"approved for credit from {release:%b} {release.day}, {release.year} "
        f"to {expires:%b} {expires.day}, {expires.year}"
    ) in html


def test_description_is_escaped_and_keeps_its_paragraphs(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(description="<script>alert(1)</script>\n\nSecond paragraph")
    html = get_page(client, activity)
    assert "<script>alert(1)" not in html
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<p>Second paragraph</p>" in html


def test_internal_activity_is_404_for_anonymous_and_other_organizations(client) -> None:  # type: ignore[no-untyped-def]
    riverbend = make_organization("Riverbend Health")
    activity = make_activity(audience=Audience.INTERNAL, internal_to=(riverbend,))
    hidden = client.get(activity.get_absolute_url())
    missing = client.get(f"/activities/{activity.slug}x/")
    assert hidden.status_code == missing.status_code == 404
    # Nothing tells an outsider that the activity exists.
    assert hidden.content.decode() == missing.content.decode().replace(
        f"{activity.slug}x", activity.slug
    )
    assert "sign in with your organization's login" in hidden.content.decode()
    outsider = make_learner()
    make_membership(outsider, make_organization("Northside"))
    client.force_login(outsider)
    assert client.get(activity.get_absolute_url()).status_code == 404
    insider = make_learner()
    make_membership(insider, riverbend)
    client.force_login(insider)
    html = get_page(client, activity)
    assert "Internal to Riverbend Health: only people of Riverbend Health may take part" in html
    assert "You may take part in this activity." in html


def test_members_only_activity_says_who_may_take_part(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(audience=Audience.MEMBERS)
    html = get_page(client, activity)
    assert "Members only: participation is limited to members of Lakeshore Medical Society." in html
    assert "Members take part after signing in." in html
    assert f'href="/accounts/login/?next={activity.get_absolute_url()}">Sign in</a>' in html
    client.force_login(make_learner())
    assert "not recorded as a member of Lakeshore Medical Society" in get_page(client, activity)
    member = make_learner()
    make_membership(member, make_provider())
    client.force_login(member)
    assert "You may take part in this activity." in get_page(client, activity)


def test_open_activity_shows_a_status_message_and_no_button_that_does_nothing(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(starts_on=date(2031, 3, 4), ends_on=None)
    html = get_page(client, activity)
    assert "Open for registration: Mar 4, 2031." in html
    assert not re.search(r"<button[^>]*>\s*(Register|Start)", html)


def test_closed_activity_says_registration_is_closed(client) -> None:  # type: ignore[no-untyped-def]
    html = get_page(client, make_activity(status=ActivityStatus.CLOSED))
    assert "Registration is closed." in html
    assert "take part after signing in" not in html


def test_expired_activity_page_says_credit_can_no_longer_be_earned(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(
        format=ActivityFormat.ENDURING,
        status=ActivityStatus.EXPIRED,
        starts_on=date(2020, 1, 1),
        ends_on=date(2022, 12, 31),
    )
    html = get_page(client, activity)
    assert "This activity expired on Dec 31, 2022: credit can no longer be earned." in html


def test_past_live_activity_says_it_took_place(client) -> None:  # type: ignore[no-untyped-def]
    past = timezone.localdate() - timedelta(days=3)
    html = get_page(client, make_activity(starts_on=past, ends_on=None))
    assert "This activity took place on" in html


def test_bookable_workshop_in_development_invites_a_booking_request(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(
        status=ActivityStatus.IN_DEVELOPMENT, bookable_privately=True, starts_on=None, ends_on=None
    )
    html = get_page(client, activity)
    assert "Offered as a private session" in html
    assert "<dt>Date</dt><dd>Scheduled on request</dd>" in html


def test_draft_is_404_for_learners_but_coordinators_see_it_with_an_edit_link(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)
    client.force_login(make_learner())
    assert client.get(activity.get_absolute_url()).status_code == 404
    client.force_login(make_coordinator())
    html = get_page(client, activity)
    assert f'href="/coordinator/activities/{activity.slug}/">Edit in back office</a>' in html
    assert "In development: this activity is not open yet" in html


def test_learners_get_no_edit_link(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_learner())
    assert "Edit in back office" not in get_page(client, make_activity())


def test_edit_link_is_left_out_while_the_back_office_has_no_editor(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_editor(*args: object, **kwargs: object) -> str:
        raise NoReverseMatch("coordinator:activity_edit")

    monkeypatch.setattr("equitylens.catalog.views.reverse", no_editor)
    client.force_login(make_coordinator())
    assert "Edit in back office" not in get_page(client, make_activity())
