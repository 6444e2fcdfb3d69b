"""The review body's case pages through the views: list, detail, moves and preparation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import (
    AccessAction,
    AccessOutcome,
    ActionItem,
    ActionLevel,
    AgendaItem,
    Case,
    CaseAccess,
    CaseStatus,
    ConferenceSession,
    SubmissionKind,
)
from equitylens.casereview.services.cases import record_submission, transition
from tests.casereview.factories import ReviewBody, make_case, make_review_body

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def case_url(name: str, case: Case) -> str:
    return reverse(f"casereview:{name}", args=[case.series_id, case.number])


def last_access(case: Case) -> CaseAccess:
    return CaseAccess.objects.filter(case_id=case.pk).order_by("-pk").first()  # type: ignore[return-value]


# --- List -------------------------------------------------------------------------------------


def test_list_shows_cases_with_counts_and_withheld_names(body: ReviewBody) -> None:
    shown = make_case(body.series, submitted_by=body.org_member, title="Interpreter not offered")
    hidden = make_case(
        body.series,
        submitted_by=body.org_admin,
        name_hidden=True,
        status=S.UNDER_REVIEW,
        title="Wheelchair scale missing",
    )
    response = signed_in(body.committee_member).get(
        reverse("casereview:case_list", args=[body.series.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Interpreter not offered" in html and "Wheelchair scale missing" in html
    assert body.org_member.display_name in html
    assert body.org_admin.display_name not in html
    assert "Name withheld at the submitter&#x27;s request" in html
    assert "Confidential" in html
    assert "no-store" in response["Cache-Control"]
    counts = dict((v, n) for v, _label, n in response.context["counts"])
    assert counts[S.SUBMITTED] == 1 and counts[S.UNDER_REVIEW] == 1 and counts[S.CLOSED] == 0
    assert shown.number != hidden.number
    entry = CaseAccess.objects.filter(series_id=body.series.pk).latest("pk")
    assert (entry.action, entry.outcome, entry.case_id) == (
        AccessAction.VIEW,
        AccessOutcome.ALLOWED,
        None,
    )


def test_list_filters_by_status_and_kind(body: ReviewBody) -> None:
    make_case(body.series, title="Still submitted")
    make_case(body.series, status=S.UNDER_REVIEW, title="Being reviewed")
    make_case(body.series, status=S.UNDER_REVIEW, kind=SubmissionKind.TOPIC, title="A topic")
    client = signed_in(body.committee_member)
    url = reverse("casereview:case_list", args=[body.series.pk])
    titles = [c.title for c, _ in client.get(url, {"status": S.UNDER_REVIEW}).context["rows"]]
    assert sorted(titles) == ["A topic", "Being reviewed"]
    both = client.get(url, {"status": S.UNDER_REVIEW, "kind": SubmissionKind.CASE})
    assert [c.title for c, _ in both.context["rows"]] == ["Being reviewed"]


def test_list_rejects_an_unknown_status_with_a_message(body: ReviewBody) -> None:
    make_case(body.series)
    response = signed_in(body.committee_member).get(
        reverse("casereview:case_list", args=[body.series.pk]), {"status": "lost"}
    )
    assert response.status_code == 400
    assert "“lost” is not a case status" in response.content.decode()
    assert len(response.context["rows"]) == 1


def test_list_is_refused_to_the_org_admin_without_a_seat(body: ReviewBody) -> None:
    make_case(body.series, title="Interpreter not offered")
    response = signed_in(body.org_admin).get(reverse("casereview:case_list", args=[body.series.pk]))
    assert response.status_code == 403
    assert "Interpreter not offered" not in response.content.decode()


# --- Detail -----------------------------------------------------------------------------------


def test_detail_shows_the_case_and_logs_a_view(body: ReviewBody) -> None:
    case = make_case(
        body.series,
        clinical_narrative="Discharged at night without an interpreter.",
        key_issues="Language access is treated as optional.",
        source_references="EHR encounter 48213",
        equity_tags=["language"],
    )
    response = signed_in(body.committee_member).get(case_url("case", case))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Discharged at night without an interpreter.",
        "Language access is treated as optional.",
        "EHR encounter 48213",
        "Language and interpreter access",
        "Confidential",
    ):
        assert text in html
    assert "no-store" in response["Cache-Control"]
    # A committee member reads: no moves, no edit or prepare links.
    assert "Move the case" not in html
    assert case_url("case_file", case) not in html
    assert case_url("case_prepare", case) not in html
    entry = last_access(case)
    assert (entry.action, entry.outcome, entry.actor_id) == (
        AccessAction.VIEW,
        AccessOutcome.ALLOWED,
        body.committee_member.pk,
    )


def test_facilitator_sees_the_allowed_moves_and_links(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    other = make_case(body.series, title="Other open case")
    make_case(body.series, status=S.CLOSED, title="Closed one")
    response = signed_in(body.facilitator).get(case_url("case", case))
    html = response.content.decode()
    for label in ("Select for a session", "Decline", "Merge into another case"):
        assert label in html
    assert 'name="reason"' in html
    assert list(response.context["merge_candidates"]) == [other]
    assert case_url("case_file", case) in html and case_url("case_prepare", case) in html


# --- Transitions ------------------------------------------------------------------------------


def test_facilitator_moves_a_case_by_post(body: ReviewBody) -> None:
    case = make_case(body.series)
    client = signed_in(body.facilitator)
    response = client.post(case_url("case_transition", case), {"to_status": S.UNDER_REVIEW})
    assert response.status_code == 302
    assert response["Location"] == case_url("case", case)
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW
    assert case.transitions.get().actor == body.facilitator
    entry = last_access(case)
    assert (entry.action, entry.outcome) == (AccessAction.EDIT, AccessOutcome.ALLOWED)
    page = client.get(case_url("case", case)).content.decode()
    assert f"Case {case.number} is now under review." in page


def test_double_submitted_move_changes_nothing_the_second_time(body: ReviewBody) -> None:
    case = make_case(body.series)
    client = signed_in(body.facilitator)
    client.post(case_url("case_transition", case), {"to_status": S.UNDER_REVIEW})
    response = client.post(case_url("case_transition", case), {"to_status": S.UNDER_REVIEW})
    assert response.status_code == 302
    assert case.transitions.count() == 1


def test_refused_move_is_shown_with_400_and_changes_nothing(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    response = signed_in(body.facilitator).post(
        case_url("case_transition", case), {"to_status": S.DECLINED, "reason": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html and "Give a reason to decline." in html
    assert 'href="#reason-declined"' in html
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW and not case.transitions.exists()


def test_merge_by_post_uses_a_case_number_of_the_same_series(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    target = make_case(body.series)
    client = signed_in(body.facilitator)
    missing = client.post(
        case_url("case_transition", case), {"to_status": S.MERGED, "merged_into": "99"}
    )
    assert missing.status_code == 400
    assert "There is no case 99 in this series" in missing.content.decode()
    done = client.post(
        case_url("case_transition", case),
        {"to_status": S.MERGED, "merged_into": str(target.number)},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == S.MERGED and case.merged_into == target


def test_unknown_target_status_is_refused(body: ReviewBody) -> None:
    case = make_case(body.series)
    response = signed_in(body.facilitator).post(
        case_url("case_transition", case), {"to_status": "vanished"}
    )
    assert response.status_code == 400
    assert "Choose one of the moves" in response.content.decode()


def test_transition_by_get_is_405_for_the_facilitator(body: ReviewBody) -> None:
    case = make_case(body.series)
    assert signed_in(body.facilitator).get(case_url("case_transition", case)).status_code == 405


@pytest.mark.parametrize("role", ["committee_member", "presenter", "content_expert"])
def test_only_facilitators_move_cases(body: ReviewBody, role: str) -> None:
    case = make_case(body.series)
    response = signed_in(getattr(body, role)).post(
        case_url("case_transition", case), {"to_status": S.UNDER_REVIEW}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == S.SUBMITTED
    denied = CaseAccess.objects.filter(series_id=body.series.pk).order_by("-pk").first()
    assert denied is not None and denied.outcome == AccessOutcome.DENIED
    assert denied.action == AccessAction.EDIT


# --- Preparation ------------------------------------------------------------------------------


def test_facilitator_prepares_and_marks_a_selected_case_prepared(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.SELECTED)
    client = signed_in(body.facilitator)
    page = client.get(case_url("case_prepare", case))
    assert page.status_code == 200 and "Mark the case prepared" in page.content.decode()
    response = client.post(
        case_url("case_prepare", case),
        {
            "key_issues": "Interpreter use depends on who is on shift.",
            "discussion_questions": "What makes staff skip the interpreter?",
            "concerns": "",
            "mark_prepared": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.PREPARED
    assert case.prepared_by == body.facilitator
    assert case.key_issues == "Interpreter use depends on who is on shift."
    assert last_access(case).action == AccessAction.EDIT


def test_marking_prepared_without_questions_saves_nothing(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.SELECTED)
    response = signed_in(body.facilitator).post(
        case_url("case_prepare", case),
        {"key_issues": "Language access.", "discussion_questions": "", "mark_prepared": "on"},
    )
    assert response.status_code == 400
    assert "Write the facilitator preparation first" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.SELECTED
    assert case.key_issues == "" and case.prepared_by is None


def test_preparation_with_an_identifier_needs_save_anyway(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.SELECTED)
    client = signed_in(body.facilitator)
    data = {"key_issues": "Patient MRN 00482913 was not offered an interpreter."}
    response = client.post(case_url("case_prepare", case), data)
    assert response.status_code == 400
    assert "scan-warnings__hit" in response.content.decode()
    case.refresh_from_db()
    assert case.key_issues == ""
    assert (
        client.post(case_url("case_prepare", case), {**data, "save_anyway": "on"}).status_code
        == 302
    )


@pytest.mark.parametrize("role", ["committee_member", "presenter"])
def test_only_facilitators_prepare(body: ReviewBody, role: str) -> None:
    case = make_case(body.series, status=S.SELECTED)
    client = signed_in(getattr(body, role))
    assert client.get(case_url("case_prepare", case)).status_code == 403
    response = client.post(case_url("case_prepare", case), {"key_issues": "x"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.key_issues == ""


def test_detail_shows_history_sessions_and_actions_without_a_withheld_name(
    body: ReviewBody,
) -> None:
    case = make_case(body.series, submitted_by=body.org_member, name_hidden=True)
    record_submission(case, body.org_member)
    transition(case, S.UNDER_REVIEW, body.facilitator)
    start = timezone.now() + timedelta(days=3)
    conference = ConferenceSession.objects.create(
        series=body.series,
        title="April conference",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    AgendaItem.objects.create(conference=conference, case=case)
    action = ActionItem.objects.create(
        case=case,
        description="Audit interpreter use monthly.",
        level=ActionLevel.INSTITUTIONAL,
        owner=body.presenter,
        due_on=date.today() + timedelta(days=30),
    )
    html = signed_in(body.presenter).get(case_url("case", case)).content.decode()
    assert "Submitted → Under review" in html
    assert body.facilitator.display_name in html
    assert body.org_member.display_name not in html
    assert reverse("casereview:conference", args=[body.series.pk, conference.pk]) in html
    assert "April conference" in html
    assert reverse("casereview:action_edit", args=[body.series.pk, case.number, action.pk]) in html
    assert reverse("casereview:action_new", args=[body.series.pk, case.number]) in html
