"""The facilitator's run screen: steps, start and finish, marking presented, themes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import (
    AgendaItem,
    Case,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
    ConferenceStatus,
    DiscussionTheme,
)
from equitylens.casereview.services.conference import (
    ConferenceDraft,
    ConferenceError,
    IdentifierWarning,
    record_theme,
    schedule_conference,
)
from tests.casereview.factories import ReviewBody, make_case, make_review_body, seat

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def prepared(body: ReviewBody, title: str = "Discharge without an interpreter") -> Case:
    return make_case(
        body.series,
        status=CaseStatus.PREPARED,
        title=title,
        key_issues="Language access was treated as optional.",
        discussion_questions="Who decides when an interpreter is needed?",
        concerns="Staff shortage at night.",
    )


def conference_with(body: ReviewBody, *cases: Case, status: str = "planned") -> ConferenceSession:
    draft = ConferenceDraft(
        mode="in_person",
        location="Room 4",
        title="Spring conference",
        starts_local=datetime(2030, 3, 5, 12),
        ends_local=datetime(2030, 3, 5, 13),
    )
    conference = schedule_conference(
        body.series, body.facilitator, draft, [case.number for case in cases]
    )
    if status != "planned":
        conference.status = status
        conference.started_at = timezone.now()
        conference.save()
    return conference


def run_url(conference: ConferenceSession) -> str:
    return reverse("casereview:conference_run", args=[conference.series_id, conference.pk])


def theme_url(conference: ConferenceSession) -> str:
    return reverse("casereview:conference_theme", args=[conference.series_id, conference.pk])


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def test_step_zero_shows_goals_rules_and_who_has_not_acknowledged(body: ReviewBody) -> None:
    late = seat(body.series, role="committee_member", acknowledged=False).user
    late.first_name, late.last_name = "Noor", "Haddad"
    late.save()
    body.series.ground_rules_version = 2
    body.series.save()
    conference = conference_with(body, prepared(body))

    page = signed_in(body.facilitator).get(run_url(conference)).content.decode()

    assert "Assume good intent" in page and "Learn from cases" in page
    assert "Noor Haddad" in page
    # Everyone acknowledged version 1 only, so all are listed after the change to 2.
    assert "5 members have not acknowledged" in page
    assert "Start the session" in page
    assert "Confidential" in page


def test_case_step_shows_preparation_framing_questions_and_themes(body: ReviewBody) -> None:
    case = prepared(body)
    conference = conference_with(body, prepared(body, "Another case"), case, status="in_progress")
    item = conference.agenda.get(case=case)
    DiscussionTheme.objects.create(agenda_item=item, question_index=1, text="Policy gaps at night")

    page = signed_in(body.facilitator).get(run_url(conference) + "?step=2").content.decode()

    assert f"Case {case.number}: Discharge without an interpreter" in page
    assert "Language access was treated as optional." in page
    assert "Who decides when an interpreter is needed?" in page
    assert "Staff shortage at night." in page
    for question in body.series.framing_questions:
        assert question in page
    assert "Policy gaps at night" in page
    assert "?step=1" in page and "?step=3" not in page  # previous link only: last step
    assert "Mark this case presented" in page


@pytest.mark.parametrize(("step", "status"), [("abc", 400), ("-1", 400), ("2", 404), ("99", 404)])
def test_a_bad_step_is_refused(body: ReviewBody, step: str, status: int) -> None:
    conference = conference_with(body, prepared(body))

    response = signed_in(body.facilitator).get(run_url(conference) + f"?step={step}")

    assert response.status_code == status
    assert b"Discharge without an interpreter" not in response.content


def test_start_then_finish_the_session(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body))
    client = signed_in(body.facilitator)

    finish_early = client.post(run_url(conference), {"command": "finish", "step": "0"})
    assert finish_early.status_code == 400
    assert "Start the session before finishing it." in finish_early.content.decode()

    assert client.post(run_url(conference), {"command": "start", "step": "0"}).status_code == 302
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.IN_PROGRESS
    started = conference.started_at
    assert started is not None
    client.post(run_url(conference), {"command": "start", "step": "0"})  # double click
    conference.refresh_from_db()
    assert conference.started_at == started

    response = client.post(run_url(conference), {"command": "finish", "step": "1"})
    assert response["Location"].endswith("?step=1")
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    assert conference.held_at is not None


def test_mark_presented_moves_the_case_and_stamps_the_agenda_item(body: ReviewBody) -> None:
    case = prepared(body)
    conference = conference_with(body, case, status="in_progress")
    client = signed_in(body.facilitator)

    response = client.post(run_url(conference), {"command": "present", "step": "1"})
    client.post(run_url(conference), {"command": "present", "step": "1"})  # double click

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.PRESENTED
    assert AgendaItem.objects.get(case=case).presented_at is not None
    assert CaseTransition.objects.filter(case=case, to_status=CaseStatus.PRESENTED).count() == 1


def test_mark_presented_shows_the_transition_error_for_a_case_not_prepared(
    body: ReviewBody,
) -> None:
    case = make_case(body.series, status=CaseStatus.SELECTED)
    conference = conference_with(body, case, status="in_progress")

    response = signed_in(body.facilitator).post(
        run_url(conference), {"command": "present", "step": "1"}
    )

    assert response.status_code == 400
    assert "cannot be moved to" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SELECTED
    assert AgendaItem.objects.get(case=case).presented_at is None


def test_mark_presented_waits_for_the_session_to_start(body: ReviewBody) -> None:
    case = prepared(body)
    conference = conference_with(body, case)

    response = signed_in(body.facilitator).post(
        run_url(conference), {"command": "present", "step": "1"}
    )

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.PREPARED


def theme_post(conference: ConferenceSession, text: str, **extra: str) -> dict[str, str]:
    item = conference.agenda.get()
    return {"agenda_item": str(item.pk), "question": "0", "text": text, **extra}


def test_a_theme_is_recorded_and_a_double_submit_keeps_one(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body), status="in_progress")
    client = signed_in(body.facilitator)
    data = theme_post(conference, "Interpreter access depends on who is on shift")

    first = client.post(theme_url(conference), data)
    client.post(theme_url(conference), data)

    assert first.status_code == 302
    assert first["Location"].endswith("?step=1#question-1")
    theme = DiscussionTheme.objects.get()
    assert theme.question_index == 0
    assert theme.recorded_by == body.facilitator


def test_a_theme_with_an_identifier_is_warned_and_saved_only_when_confirmed(
    body: ReviewBody,
) -> None:
    conference = conference_with(body, prepared(body), status="in_progress")
    client = signed_in(body.facilitator)
    text = "The note for MRN 4482913 was never translated"

    warned = client.post(theme_url(conference), theme_post(conference, text))

    assert warned.status_code == 400
    page = warned.content.decode()
    assert "<mark>" in page and "4482913" in page
    assert "Save anyway — these are not identifiers" in page
    assert not DiscussionTheme.objects.exists()

    confirmed = client.post(theme_url(conference), theme_post(conference, text, confirm="yes"))
    assert confirmed.status_code == 302
    assert DiscussionTheme.objects.get().text == text


def test_themes_are_refused_while_the_session_is_planned(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body))

    response = signed_in(body.facilitator).post(
        theme_url(conference), theme_post(conference, "A theme")
    )

    assert response.status_code == 400
    assert "once the session has started" in response.content.decode()
    assert not DiscussionTheme.objects.exists()


@pytest.mark.parametrize(
    ("question", "text", "message"),
    [(0, "ab", "at least 3 characters"), (0, "x" * 2001, "2,000"), (9, "Fine", "framing")],
)
def test_theme_rules(body: ReviewBody, question: int, text: str, message: str) -> None:
    conference = conference_with(body, prepared(body), status="held")
    item = conference.agenda.get()

    with pytest.raises(ConferenceError) as error:
        record_theme(item, question, text, body.facilitator)

    assert message in str(error.value)
    assert not DiscussionTheme.objects.exists()


def test_same_theme_after_a_minute_is_a_new_theme(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body), status="held")
    item = conference.agenda.get()
    first = record_theme(item, 0, "Night staffing", body.facilitator)
    DiscussionTheme.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )

    second = record_theme(item, 0, "Night staffing", body.facilitator)

    assert second.pk != first.pk


def test_service_warns_before_saving_identifiers(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body), status="held")

    with pytest.raises(IdentifierWarning) as warning:
        record_theme(conference.agenda.get(), 0, "Call 617-555-0123 for details", body.facilitator)

    assert any(f.text == "617-555-0123" for f in warning.value.findings)


def test_an_agenda_item_of_another_session_is_404(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body), status="in_progress")
    other = make_review_body()
    foreign = conference_with(other, prepared(other), status="in_progress")

    response = signed_in(body.facilitator).post(
        theme_url(conference),
        {"agenda_item": str(foreign.agenda.get().pk), "question": "0", "text": "Theme"},
    )

    assert response.status_code == 404
    assert not DiscussionTheme.objects.exists()


def test_theme_is_post_only(body: ReviewBody) -> None:
    conference = conference_with(body, prepared(body), status="in_progress")
    assert signed_in(body.facilitator).get(theme_url(conference)).status_code == 405


@pytest.mark.parametrize("who", ["committee_member", "presenter", "content_expert"])
def test_other_members_cannot_run_or_record(body: ReviewBody, who: str) -> None:
    case = prepared(body)
    conference = conference_with(body, case, status="in_progress")
    client = signed_in(getattr(body, who))

    assert client.get(run_url(conference)).status_code == 403
    assert client.post(run_url(conference), {"command": "present", "step": "1"}).status_code == 403
    assert client.post(theme_url(conference), theme_post(conference, "A theme")).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.PREPARED
    assert not DiscussionTheme.objects.exists()
