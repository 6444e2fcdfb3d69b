"""Series home, setup, review body and ground rules through the views."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.accounts.models import MembershipRole
from equitylens.casereview.models import (
    DEFAULT_FRAMING_QUESTIONS,
    AccessOutcome,
    ActionItem,
    ActionLevel,
    ActionStatus,
    CaseAccess,
    CaseSeries,
    ReviewBodyMember,
    ReviewRole,
)
from tests.casereview.factories import ReviewBody, make_case, make_review_body, make_series
from tests.factories import make_coordinator, make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body(make_organization("Riverbend Health", slug="riverbend"))


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_series_post(**changes: str) -> dict[str, str]:
    data = {
        "title": "Surgery equity conference",
        "goals": "Learn from surgical cases where inequity shaped care.",
        "ground_rules": "Assume good intent. No names. What is said here stays here.",
        "credit_activity": "",
        "retention_days": "730",
        "facilitator_email": "",
        "facilitator_qualifications": "Facilitation training 2024; chairs the QI committee.",
    }
    data.update(changes)
    return data


def setup_post(series: CaseSeries, **changes: str) -> dict[str, str]:
    data = {
        "title": series.title,
        "goals": series.goals,
        "ground_rules": series.ground_rules,
        "credit_activity": "",
        "retention_days": str(series.retention_days),
        "framing_questions": "\n".join(series.framing_questions),
    }
    data.update(changes)
    return data


def last_access() -> CaseAccess:
    entry = CaseAccess.objects.order_by("-pk").first()
    assert entry is not None
    return entry


# Home


def test_home_refuses_anonymous_and_logs_it() -> None:
    response = Client().get(reverse("casereview:home"))
    assert response.status_code == 403
    entry = last_access()
    assert (entry.outcome, entry.actor, entry.reason) == (
        AccessOutcome.DENIED,
        None,
        "not signed in",
    )


def test_home_shows_only_my_organizations_series(body: ReviewBody) -> None:
    elsewhere = make_series(title="Another hospital's conference")
    html = signed_in(body.org_admin).get(reverse("casereview:home")).content.decode()
    assert body.series.title in html
    assert elsewhere.title not in html
    assert reverse("casereview:series_new", args=["riverbend"]) in html
    assert reverse("casereview:readiness", args=["riverbend"]) in html
    assert reverse("casereview:submit", args=[body.series.pk]) in html
    assert reverse("casereview:my_submissions") in html
    # The admin has no seat: no link to the review body's overview.
    assert f'href="{reverse("casereview:series", args=[body.series.pk])}"' not in html


def test_home_asks_a_member_to_acknowledge_changed_rules(body: ReviewBody) -> None:
    client = signed_in(body.presenter)
    ack_url = reverse("casereview:ground_rules", args=[body.series.pk])
    assert ack_url not in client.get(reverse("casereview:home")).content.decode()
    CaseSeries.objects.filter(pk=body.series.pk).update(ground_rules_version=2)
    html = client.get(reverse("casereview:home")).content.decode()
    assert ack_url in html
    assert "Acknowledge the ground rules" in html
    assert reverse("casereview:series_new", args=["riverbend"]) not in html


# Creating a series


def new_url(slug: str = "riverbend") -> str:
    return reverse("casereview:series_new", args=[slug])


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "other_admin", "org_member"])
def test_only_the_organizations_admins_open_series_new(body: ReviewBody, who: str) -> None:
    client = Client()
    if who == "coordinator":
        client = signed_in(make_coordinator())
    elif who == "other_admin":
        other = make_user()
        make_membership(other, make_organization(), role=MembershipRole.ORG_ADMIN)
        client = signed_in(other)
    elif who == "org_member":
        client = signed_in(body.org_member)
    assert client.get(new_url()).status_code == 403
    assert last_access().outcome == AccessOutcome.DENIED
    post = new_series_post(facilitator_email=body.org_member.email)
    assert client.post(new_url(), post).status_code == 403
    assert CaseSeries.objects.count() == 1


def test_unknown_organization_is_not_found(body: ReviewBody) -> None:
    response = signed_in(body.org_admin).get(new_url("no-such-org"))
    assert response.status_code == 404
    assert last_access().reason == "no such organization"


def test_admin_creates_a_series_and_a_double_submit_makes_no_twin(body: ReviewBody) -> None:
    client = signed_in(body.org_admin)
    post = new_series_post(facilitator_email=body.org_member.email)
    response = client.post(new_url(), post)
    series = CaseSeries.objects.get(title="Surgery equity conference")
    assert response.status_code == 302
    assert response["Location"] == reverse("casereview:members", args=[series.pk])
    assert series.slug == "surgery-equity-conference"
    seat = ReviewBodyMember.objects.get(series=series)
    assert (seat.user, seat.role) == (body.org_member, ReviewRole.FACILITATOR)
    again = client.post(new_url(), post)
    assert again.status_code == 400
    html = again.content.decode()
    assert "A series with this title already exists" in html
    assert reverse("casereview:series_setup", args=[series.pk]) in html
    assert CaseSeries.objects.filter(title="Surgery equity conference").count() == 1


def test_series_new_shows_specific_errors_in_a_summary(body: ReviewBody) -> None:
    response = signed_in(body.org_admin).post(
        new_url(),
        new_series_post(
            title="",
            retention_days="5",
            facilitator_email=body.outsider.email,
            facilitator_qualifications="",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_title"' in html
    assert "Keep closed cases between 30 and 3650 days; you entered 5." in html
    assert f"{body.outsider.email} is not a member of Riverbend Health." in html
    assert "Note the facilitator&#x27;s training and experience." in html
    assert CaseSeries.objects.count() == 1


def test_retention_that_is_not_a_number_is_named(body: ReviewBody) -> None:
    response = signed_in(body.org_admin).post(
        new_url(), new_series_post(retention_days="two years", facilitator_email="x@y.z")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_retention_days"' in html
    assert "Enter the number of days as a whole number, e.g. 730." in html
    assert CaseSeries.objects.count() == 1


# Setup


def setup_url(series: CaseSeries) -> str:
    return reverse("casereview:series_setup", args=[series.pk])


def test_committee_member_and_coordinator_cannot_open_setup(body: ReviewBody) -> None:
    for user in (body.committee_member, make_coordinator()):
        assert signed_in(user).get(setup_url(body.series)).status_code == 403


def test_framing_questions_editable_then_fixed(body: ReviewBody) -> None:
    series = body.series
    client = signed_in(body.facilitator)
    questions = "Where did inequity show up in this case?\nWhat will we change on our unit?"
    response = client.post(setup_url(series), setup_post(series, framing_questions=questions))
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.framing_questions == questions.splitlines()

    fixed_on = timezone.now()
    CaseSeries.objects.filter(pk=series.pk).update(framing_fixed_at=fixed_on)
    html = client.get(setup_url(series)).content.decode()
    assert 'name="framing_questions"' not in html
    assert "so every case of the series is discussed with the same questions" in html

    series.refresh_from_db()
    refused = client.post(
        setup_url(series),
        setup_post(series, title="Renamed", framing_questions="Is this a brand new question?"),
    )
    assert refused.status_code == 400
    assert "The framing questions cannot change" in refused.content.decode()
    series.refresh_from_db()
    assert series.title != "Renamed"
    assert series.framing_questions == questions.splitlines()


def test_reset_to_the_default_questions(body: ReviewBody) -> None:
    series = body.series
    CaseSeries.objects.filter(pk=series.pk).update(framing_questions=["A single custom question?"])
    series.refresh_from_db()
    signed_in(body.org_admin).post(setup_url(series), setup_post(series, reset_framing="on"))
    series.refresh_from_db()
    assert series.framing_questions == DEFAULT_FRAMING_QUESTIONS


def test_too_short_question_is_refused_with_its_number(body: ReviewBody) -> None:
    series = body.series
    response = signed_in(body.facilitator).post(
        setup_url(series), setup_post(series, framing_questions="How did inequity show?\nWhy?")
    )
    assert response.status_code == 400
    assert "Question 2 has 4 characters; write at least 10." in response.content.decode()


def test_ground_rules_change_bumps_version_and_member_acknowledges_again(
    body: ReviewBody,
) -> None:
    series = body.series
    response = signed_in(body.facilitator).post(
        setup_url(series), setup_post(series, ground_rules="No names, no blame, no gossip.")
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.ground_rules_version == 2

    client = signed_in(body.presenter)
    page = client.get(reverse("casereview:series", args=[series.pk])).content.decode()
    assert "You have not acknowledged the current goals and ground rules (version 2)" in page
    ack = client.post(reverse("casereview:ground_rules", args=[series.pk]))
    assert ack.status_code == 302
    seat = ReviewBodyMember.objects.get(series=series, user=body.presenter)
    assert seat.ground_rules_acknowledged_version == 2
    page = client.get(reverse("casereview:series", args=[series.pk])).content.decode()
    assert "You have not acknowledged" not in page
    assert "You acknowledged this version." in page


# Review body


def members_url(series: CaseSeries) -> str:
    return reverse("casereview:members", args=[series.pk])


def test_add_member_errors_and_success(body: ReviewBody) -> None:
    client = signed_in(body.org_admin)
    url = members_url(body.series)
    refused = client.post(url, {"email": body.outsider.email, "role": "presenter"})
    assert refused.status_code == 400
    assert f"{body.outsider.email} is not a member of Riverbend Health." in refused.content.decode()
    duplicate = client.post(url, {"email": body.presenter.email, "role": "presenter"})
    assert "already has a seat (Presenter)" in duplicate.content.decode()
    no_quals = client.post(url, {"email": body.org_member.email, "role": "facilitator"})
    assert "Note the facilitator&#x27;s training and experience." in no_quals.content.decode()
    assert not ReviewBodyMember.objects.filter(user=body.org_member).exists()
    added = client.post(url, {"email": body.org_member.email, "role": "content_expert"})
    assert added.status_code == 302
    seat = ReviewBodyMember.objects.get(series=body.series, user=body.org_member)
    assert seat.role == ReviewRole.CONTENT_EXPERT
    table = client.get(url).content.decode()
    assert body.org_member.display_name in table
    assert "not yet" in table


def test_member_edit_of_another_series_seat_is_not_found(body: ReviewBody) -> None:
    other = make_review_body(body.series.organization)
    foreign = ReviewBodyMember.objects.filter(series=other.series).first()
    assert foreign is not None
    url = reverse("casereview:member_edit", args=[body.series.pk, foreign.pk])
    response = signed_in(body.facilitator).get(url)
    assert response.status_code == 404
    assert last_access().outcome == AccessOutcome.DENIED


def test_last_facilitator_cannot_be_removed_or_demoted(body: ReviewBody) -> None:
    only = ReviewBodyMember.objects.get(series=body.series, user=body.facilitator)
    url = reverse("casereview:member_edit", args=[body.series.pk, only.pk])
    client = signed_in(body.org_admin)
    removal = client.post(url, {"remove": "1"})
    assert removal.status_code == 400
    assert "is the only facilitator of this series" in removal.content.decode()
    demotion = client.post(url, {"role": "presenter", "qualifications": ""})
    assert demotion.status_code == 400
    only.refresh_from_db()
    assert (only.role, only.removed_at) == (ReviewRole.FACILITATOR, None)


def test_removed_member_loses_access_to_the_series_page(body: ReviewBody) -> None:
    seat = ReviewBodyMember.objects.get(series=body.series, user=body.presenter)
    series_url = reverse("casereview:series", args=[body.series.pk])
    presenter = signed_in(body.presenter)
    assert presenter.get(series_url).status_code == 200
    url = reverse("casereview:member_edit", args=[body.series.pk, seat.pk])
    assert signed_in(body.facilitator).post(url, {"remove": "1"}).status_code == 302
    seat.refresh_from_db()
    assert seat.removed_at is not None
    assert presenter.get(series_url).status_code == 403
    entry = last_access()
    assert (entry.outcome, entry.actor) == (AccessOutcome.DENIED, body.presenter)
    html = signed_in(body.facilitator).get(members_url(body.series)).content.decode()
    assert "Removed (1)" in html


# The series page


def test_series_page_lists_overdue_and_open_actions_not_done_ones(body: ReviewBody) -> None:
    case = make_case(body.series)
    today = timezone.localdate()
    for text, days, status in [
        ("Overdue interpreter audit", -2, ActionStatus.OPEN),
        ("Upcoming policy review", 7, ActionStatus.IN_PROGRESS),
        ("Finished signage fix", -9, ActionStatus.DONE),
        ("Dropped idea", -9, ActionStatus.DROPPED),
    ]:
        ActionItem.objects.create(
            case=case,
            description=text,
            level=ActionLevel.INSTITUTIONAL,
            owner=body.content_expert,
            due_on=today + timedelta(days=days),
            status=status,
        )
    html = (
        signed_in(body.committee_member)
        .get(reverse("casereview:series", args=[body.series.pk]))
        .content.decode()
    )
    overdue = html.split('id="actions-overdue"')[1].split('id="actions-open"')[0]
    assert "Overdue interpreter audit" in overdue
    assert "Upcoming policy review" not in overdue
    assert "Upcoming policy review" in html.split('id="actions-open"')[1]
    assert "Finished signage fix" not in html
    assert "Dropped idea" not in html
    assert "Confidential" in html
    assert reverse("casereview:case_list", args=[body.series.pk]) in html
    # Only facilitators see who has not acknowledged, and the "New session" link.
    assert "Not yet acknowledged the ground rules" not in html
    assert reverse("casereview:conference_new", args=[body.series.pk]) not in html


def test_facilitator_sees_who_has_not_acknowledged(body: ReviewBody) -> None:
    ReviewBodyMember.objects.filter(user=body.presenter).update(
        ground_rules_acknowledged_version=None
    )
    html = (
        signed_in(body.facilitator)
        .get(reverse("casereview:series", args=[body.series.pk]))
        .content.decode()
    )
    pending = html.split("Not yet acknowledged the ground rules")[1]
    assert body.presenter.display_name in pending
    assert body.committee_member.display_name not in pending
    assert reverse("casereview:conference_new", args=[body.series.pk]) in html


# Every view writes an ALLOWED entry


def test_each_view_logs_an_allowed_access(body: ReviewBody) -> None:
    series = body.series
    seat = ReviewBodyMember.objects.get(series=series, user=body.presenter)
    pages = [
        (body.org_admin, reverse("casereview:home")),
        (body.org_admin, new_url()),
        (body.presenter, reverse("casereview:series", args=[series.pk])),
        (body.facilitator, setup_url(series)),
        (body.facilitator, members_url(series)),
        (body.facilitator, reverse("casereview:member_edit", args=[series.pk, seat.pk])),
        (body.presenter, reverse("casereview:ground_rules", args=[series.pk])),
    ]
    for user, url in pages:
        response = signed_in(user).get(url)
        assert response.status_code == 200, url
        entry = last_access()
        assert (entry.outcome, entry.actor, entry.path, entry.action) == (
            AccessOutcome.ALLOWED,
            user,
            url,
            "view",
        ), url
