"""Scheduling a case conference: the agenda, the linked RSS session, double submits, rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.casereview.models import AgendaItem, CaseStatus, ConferenceSession
from equitylens.casereview.services.conference import (
    ConferenceDraft,
    ConferenceError,
    schedule_conference,
)
from equitylens.catalog.models import ActivityFormat
from equitylens.live.models import Session, SessionMode
from equitylens.live.services.sessions import can_see_session
from tests.casereview.factories import ReviewBody, make_case, make_review_body, seat
from tests.factories import make_activity, make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db

DAY = date.today() + timedelta(days=10)


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_url(body: ReviewBody) -> str:
    return reverse("casereview:conference_new", args=[body.series.pk])


def post_data(**extra: Any) -> dict[str, Any]:
    data = {
        "title": "Case conference, spring",
        "date": DAY.isoformat(),
        "start_time": "12:00",
        "end_time": "13:00",
        "time_zone": "America/Chicago",
        "mode": "in_person",
        "location": "Room 4",
    }
    data.update(extra)
    return data


def with_credit(body: ReviewBody) -> None:
    body.series.credit_activity = make_activity(format=ActivityFormat.RSS)
    body.series.save()


def test_facilitator_schedules_without_credit_and_agenda_keeps_position_order(
    body: ReviewBody,
) -> None:
    first = make_case(body.series, status=CaseStatus.PREPARED)
    second = make_case(body.series, status=CaseStatus.SELECTED)
    data = post_data(cases=[str(first.number), str(second.number)])
    data[f"position_{second.number}"] = "1"
    data[f"position_{first.number}"] = "2"

    response = signed_in(body.facilitator).post(new_url(body), data)

    conference = ConferenceSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "casereview:conference", args=[body.series.pk, conference.pk]
    )
    assert conference.live_session is None
    assert conference.starts_at == datetime(
        DAY.year, DAY.month, DAY.day, 12, tzinfo=ZoneInfo("America/Chicago")
    )
    assert conference.time_zone == "America/Chicago"
    assert [item.case for item in conference.agenda.order_by("position")] == [second, first]
    page = signed_in(body.facilitator).get(response["Location"])
    assert b"no RSS activity linked" in page.content
    assert b"Must be prepared" not in page.content  # the note is on the form only


def test_form_lists_only_selected_and_prepared_cases_with_a_note_for_selected(
    body: ReviewBody,
) -> None:
    make_case(body.series, status=CaseStatus.SUBMITTED, title="Still submitted")
    make_case(body.series, status=CaseStatus.SELECTED, title="Only selected")
    make_case(body.series, status=CaseStatus.PREPARED, title="Ready to present")

    page = signed_in(body.facilitator).get(new_url(body)).content.decode()

    assert "Still submitted" not in page
    assert "Ready to present" in page
    assert "Only selected" in page and "Must be prepared before it is presented" in page
    assert "No credit:" in page


def test_with_a_credit_activity_the_live_session_is_private_and_run_by_the_facilitators(
    body: ReviewBody,
) -> None:
    with_credit(body)
    second_facilitator = seat(body.series, role="facilitator").user
    seat(body.series, role="facilitator", removed_at=datetime.now(ZoneInfo("UTC")))
    case = make_case(body.series, status=CaseStatus.PREPARED)
    data = post_data(
        cases=[str(case.number)], mode=SessionMode.IN_PERSON, location="Main building, room 4"
    )

    response = signed_in(body.facilitator).post(new_url(body), data)

    assert response.status_code == 302
    conference = ConferenceSession.objects.get()
    live = conference.live_session
    assert live is not None
    assert live.activity == body.series.credit_activity
    assert live.private_to == body.series.organization
    assert set(live.facilitators.all()) == {body.facilitator, second_facilitator}
    assert live.starts_at == conference.starts_at and live.ends_at == conference.ends_at
    assert live.location == "Main building, room 4"
    # Private: the organization's members see it, people elsewhere do not.
    assert can_see_session(body.org_member, live)
    assert not can_see_session(body.outsider, live)
    page = signed_in(body.facilitator).get(response["Location"]).content.decode()
    assert reverse("live:facilitate_session", args=[live.pk]) in page


def test_live_session_rules_are_reported_against_the_form_fields(body: ReviewBody) -> None:
    with_credit(body)
    case = make_case(body.series, status=CaseStatus.PREPARED)

    response = signed_in(body.facilitator).post(
        new_url(body), post_data(cases=[str(case.number)], mode=SessionMode.VIRTUAL)
    )

    assert response.status_code == 400
    assert "meeting link starting with https://" in response.content.decode()
    assert not ConferenceSession.objects.exists()
    assert not Session.objects.exists()


def test_service_turns_a_live_session_rule_error_into_a_conference_error(
    body: ReviewBody, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equitylens.live.services import sessions

    with_credit(body)
    case = make_case(body.series, status=CaseStatus.PREPARED)

    def refuse(*args: Any) -> None:
        raise sessions.SessionRuleError({"capacity": "Capacity must be at least 1."})

    monkeypatch.setattr("equitylens.casereview.services.conference.save_session", refuse)
    draft = ConferenceDraft(
        title="Spring",
        starts_local=datetime(2030, 3, 3, 12),
        ends_local=datetime(2030, 3, 3, 13),
        mode=SessionMode.VIRTUAL,
        meeting_url="https://meet.example.org/x",
    )
    with pytest.raises(ConferenceError) as error:
        schedule_conference(body.series, body.facilitator, draft, [case.number])
    assert error.value.errors == {"__all__": "Capacity must be at least 1."}
    assert not ConferenceSession.objects.exists()


def test_double_submit_makes_one_conference_and_one_live_session(body: ReviewBody) -> None:
    with_credit(body)
    case = make_case(body.series, status=CaseStatus.PREPARED)
    data = post_data(
        cases=[str(case.number)], mode=SessionMode.VIRTUAL, meeting_url="https://meet.example.org/e"
    )
    client = signed_in(body.facilitator)

    first = client.post(new_url(body), data)
    second = client.post(new_url(body), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ConferenceSession.objects.count() == 1
    assert Session.objects.count() == 1
    assert AgendaItem.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "is not a time zone we know"),
        ({"end_time": "11:00"}, "must end after it starts"),
        ({"title": "  "}, "Give the session a title"),
        ({"cases": []}, "Tick at least one prepared case"),
        ({"cases": ["99"]}, "Case 99 is not ready for a session"),
        ({"date": ""}, "Enter the date of the session"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    body: ReviewBody, extra: dict[str, Any], message: str
) -> None:
    case = make_case(body.series, status=CaseStatus.PREPARED)
    data = post_data(cases=[str(case.number)])
    data.update(extra)

    response = signed_in(body.facilitator).post(new_url(body), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert not ConferenceSession.objects.exists()


def test_service_refuses_a_case_of_another_series_or_not_prepared(body: ReviewBody) -> None:
    elsewhere = make_review_body()
    foreign = make_case(elsewhere.series, status=CaseStatus.PREPARED)
    submitted = make_case(body.series, status=CaseStatus.SUBMITTED)
    draft = ConferenceDraft(
        mode="in_person",
        location="Room 4",
        title="Spring",
        starts_local=datetime(2030, 3, 3, 12),
        ends_local=datetime(2030, 3, 3, 13),
    )
    for number in (foreign.number + 100, submitted.number):
        with pytest.raises(ConferenceError) as error:
            schedule_conference(body.series, body.facilitator, draft, [number])
        assert "not prepared or selected in this series" in error.value.errors["cases"]
    assert not ConferenceSession.objects.exists()


@pytest.mark.parametrize("who", ["committee_member", "presenter", "org_admin", "outsider"])
def test_only_facilitators_open_the_schedule_form(body: ReviewBody, who: str) -> None:
    case = make_case(body.series, status=CaseStatus.PREPARED)
    client = signed_in(getattr(body, who))

    assert client.get(new_url(body)).status_code == 403
    assert client.post(new_url(body), post_data(cases=[str(case.number)])).status_code == 403
    assert not ConferenceSession.objects.exists()


def test_a_coordinator_outside_the_review_body_is_refused(body: ReviewBody) -> None:
    from tests.factories import make_coordinator

    assert signed_in(make_coordinator()).get(new_url(body)).status_code == 403


def test_detail_of_another_series_session_is_404(body: ReviewBody) -> None:
    other = make_review_body()
    draft = ConferenceDraft(
        mode="in_person",
        location="Room 4",
        title="Elsewhere",
        starts_local=datetime(2030, 3, 3, 12),
        ends_local=datetime(2030, 3, 3, 13),
    )
    conference = schedule_conference(
        other.series,
        other.facilitator,
        draft,
        [make_case(other.series, status=CaseStatus.PREPARED).number],
    )
    url = reverse("casereview:conference", args=[body.series.pk, conference.pk])

    response = signed_in(body.facilitator).get(url)

    assert response.status_code == 404
    assert b"Elsewhere" not in response.content


def test_detail_shows_time_in_its_zone_and_the_agenda_to_members(body: ReviewBody) -> None:
    case = make_case(body.series, status=CaseStatus.PREPARED, title="Interpreter never came")
    draft = ConferenceDraft(
        mode="in_person",
        location="Room 4",
        title="Spring",
        starts_local=datetime(2030, 3, 5, 12),
        ends_local=datetime(2030, 3, 5, 13),
        time_zone="America/Chicago",
    )
    conference = schedule_conference(body.series, body.facilitator, draft, [case.number])
    url = reverse("casereview:conference", args=[body.series.pk, conference.pk])

    page = signed_in(body.committee_member).get(url).content.decode()

    assert "Tue, Mar 5, 2030, 12:00 PM CST to 1:00 PM CST" in page
    assert f"Case {case.number}: Interpreter never came" in page
    assert "Confidential" in page
    assert "Open the run screen" not in page  # committee members do not run sessions
    stranger = make_user()
    make_membership(stranger, make_organization())
    assert signed_in(stranger).get(url).status_code == 403
