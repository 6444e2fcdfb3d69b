"""Action items: the rules for adding and changing them, the case move, the list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    AgendaItem,
    Case,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
)
from equitylens.casereview.services.actions import (
    ActionDraft,
    ActionError,
    add_action,
    update_action,
)
from tests.casereview.factories import ReviewBody, make_case, make_review_body

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def presented(body: ReviewBody) -> Case:
    """A case presented at a session (on an agenda, as the transitions require)."""
    case = make_case(body.series, status=CaseStatus.PRESENTED, title="Night discharge")
    now = timezone.now()
    conference = ConferenceSession.objects.create(
        series=body.series, title="Spring", starts_at=now, ends_at=now + timedelta(hours=1)
    )
    AgendaItem.objects.create(conference=conference, case=case, presented_at=now)
    return case


def form(owner: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "description": "Offer an interpreter at every discharge, day or night",
        "level": ActionLevel.INSTITUTIONAL,
        "owner": str(owner.pk),
        "due_on": (TODAY + timedelta(days=30)).isoformat(),
        "status": ActionStatus.OPEN,
        "status_note": "",
    }
    data.update(extra)
    return data


def draft(owner: Any, **extra: Any) -> ActionDraft:
    values: dict[str, Any] = {
        "description": "Offer an interpreter at every discharge",
        "level": ActionLevel.INSTITUTIONAL,
        "owner_id": owner.pk,
        "due_on": TODAY + timedelta(days=30),
        "status": ActionStatus.OPEN,
    }
    values.update(extra)
    return ActionDraft(**values)


def new_url(case: Case) -> str:
    return reverse("casereview:action_new", args=[case.series_id, case.number])


def edit_url(action: ActionItem) -> str:
    return reverse(
        "casereview:action_edit", args=[action.case.series_id, action.case.number, action.pk]
    )


def test_first_action_moves_a_presented_case_to_actions_open(body: ReviewBody) -> None:
    case = presented(body)

    response = signed_in(body.committee_member).post(new_url(case), form(body.org_member))

    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.owner == body.org_member
    assert action.created_by == body.committee_member
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIONS_OPEN
    assert CaseTransition.objects.filter(case=case, to_status=CaseStatus.ACTIONS_OPEN).count() == 1


def test_a_second_action_keeps_the_case_in_actions_open(body: ReviewBody) -> None:
    case = presented(body)
    add_action(case, draft(body.presenter), body.facilitator)
    case.refresh_from_db()

    add_action(case, draft(body.presenter, description="Audit night discharges"), body.facilitator)

    assert case.actions.count() == 2
    assert CaseTransition.objects.filter(case=case, to_status=CaseStatus.ACTIONS_OPEN).count() == 1


def test_double_submit_saves_one_action(body: ReviewBody) -> None:
    case = presented(body)
    client = signed_in(body.facilitator)

    client.post(new_url(case), form(body.presenter))
    client.post(new_url(case), form(body.presenter))

    assert ActionItem.objects.count() == 1


@pytest.mark.parametrize(
    "status", [CaseStatus.SUBMITTED, CaseStatus.SELECTED, CaseStatus.PREPARED, CaseStatus.CLOSED]
)
def test_actions_wait_until_the_case_is_presented(body: ReviewBody, status: str) -> None:
    case = make_case(body.series, status=status)

    page = signed_in(body.facilitator).get(new_url(case))
    response = signed_in(body.facilitator).post(new_url(case), form(body.presenter))

    assert "once a case has been presented" in page.content.decode()
    assert response.status_code == 400
    assert "once a case has been presented" in response.content.decode()
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"due_on": TODAY - timedelta(days=1)}, "due_on", "cannot be in the past"),
        ({"due_on": None}, "due_on", "Enter the due date"),
        ({"status": ""}, "status", "Choose the status"),
        ({"level": "cosmic"}, "level", "Choose the level"),
        ({"description": "  "}, "description", "at least 3 characters"),
        ({"owner_id": None}, "owner", "Choose who owns"),
        ({"status": ActionStatus.DROPPED}, "status_note", "Say why"),
    ],
)
def test_action_rules(body: ReviewBody, extra: dict[str, Any], field: str, message: str) -> None:
    case = presented(body)

    with pytest.raises(ActionError) as error:
        add_action(case, draft(body.presenter, **extra), body.facilitator, today=TODAY)

    assert message in error.value.errors[field]
    assert not ActionItem.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.PRESENTED


def test_owner_must_belong_to_the_organization_or_review_body(body: ReviewBody) -> None:
    with pytest.raises(ActionError) as error:
        add_action(presented(body), draft(body.outsider), body.facilitator)
    assert "organization's members" in error.value.errors["owner"]


def test_past_due_date_through_the_form_names_the_field(body: ReviewBody) -> None:
    case = presented(body)
    data = form(body.presenter, due_on=(TODAY - timedelta(days=2)).isoformat())

    response = signed_in(body.facilitator).post(new_url(case), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "The due date cannot be in the past" in page
    assert 'href="#id_due_on"' in page


def test_done_and_dropped_set_completed_at_and_reopening_clears_it(body: ReviewBody) -> None:
    case = presented(body)
    action = add_action(case, draft(body.presenter), body.facilitator)

    done = update_action(action, draft(body.presenter, status=ActionStatus.DONE), body.facilitator)
    assert done.completed_at is not None

    with pytest.raises(ActionError) as error:
        update_action(done, draft(body.presenter, status=ActionStatus.DROPPED), body.facilitator)
    assert "Say why" in error.value.errors["status_note"]

    dropped = update_action(
        done,
        draft(body.presenter, status=ActionStatus.DROPPED, status_note="Replaced by policy"),
        body.facilitator,
    )
    assert dropped.status_note == "Replaced by policy" and dropped.completed_at is not None

    reopened = update_action(
        dropped, draft(body.presenter, status=ActionStatus.IN_PROGRESS), body.facilitator
    )
    assert reopened.completed_at is None


def test_an_overdue_date_may_be_kept_but_not_newly_set(body: ReviewBody) -> None:
    case = presented(body)
    action = add_action(case, draft(body.presenter), body.facilitator)
    ActionItem.objects.filter(pk=action.pk).update(due_on=TODAY - timedelta(days=5))
    action.refresh_from_db()

    kept = update_action(
        action,
        draft(body.presenter, due_on=TODAY - timedelta(days=5), status="in_progress"),
        body.facilitator,
    )
    assert kept.status == ActionStatus.IN_PROGRESS
    with pytest.raises(ActionError):
        update_action(action, draft(body.presenter, due_on=TODAY - timedelta(days=1)), None)


def test_new_due_date_or_owner_resets_the_reminders(body: ReviewBody) -> None:
    case = presented(body)
    action = add_action(case, draft(body.presenter), body.facilitator)
    ActionItem.objects.filter(pk=action.pk).update(
        reminder_before_sent_at=timezone.now(), reminder_after_sent_at=timezone.now()
    )
    action.refresh_from_db()

    same = update_action(action, draft(body.presenter, status="in_progress"), body.facilitator)
    assert same.reminder_before_sent_at is not None

    moved = update_action(
        same, draft(body.presenter, due_on=TODAY + timedelta(days=60)), body.facilitator
    )
    assert moved.reminder_before_sent_at is None and moved.reminder_after_sent_at is None


def test_edit_through_the_form(body: ReviewBody) -> None:
    case = presented(body)
    action = add_action(case, draft(body.presenter), body.facilitator)
    client = signed_in(body.content_expert)

    page = client.get(edit_url(action)).content.decode()
    response = client.post(
        edit_url(action), form(body.org_member, status=ActionStatus.DONE, description="Done it")
    )

    assert "Offer an interpreter at every discharge" in page
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.owner, action.description) == (
        ActionStatus.DONE,
        body.org_member,
        "Done it",
    )


def test_an_action_of_another_case_is_404(body: ReviewBody) -> None:
    case = presented(body)
    other_case = presented(body)
    action = add_action(other_case, draft(body.presenter), body.facilitator)
    url = reverse("casereview:action_edit", args=[body.series.pk, case.number, action.pk])

    get = signed_in(body.facilitator).get(url)
    post = signed_in(body.facilitator).post(url, form(body.presenter, description="Hijacked"))

    assert get.status_code == post.status_code == 404
    action.refresh_from_db()
    assert action.description != "Hijacked"


def test_actions_of_a_closed_case_are_not_changed(body: ReviewBody) -> None:
    case = presented(body)
    action = add_action(case, draft(body.presenter, status="done"), body.facilitator)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    action.refresh_from_db()

    response = signed_in(body.facilitator).post(edit_url(action), form(body.presenter))

    assert response.status_code == 400
    assert "reopen it to change its actions" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_people_outside_the_review_body_cannot_add_actions(body: ReviewBody) -> None:
    case = presented(body)
    for who in (body.org_member, body.org_admin, body.outsider):
        assert signed_in(who).post(new_url(case), form(body.presenter)).status_code == 403
    assert not ActionItem.objects.exists()


def list_page(body: ReviewBody, show: str = "") -> Any:
    url = reverse("casereview:action_list", args=[body.series.pk])
    return signed_in(body.committee_member).get(url + (f"?show={show}" if show else ""))


def test_list_filters_and_marks_overdue_in_words(body: ReviewBody) -> None:
    case = presented(body)
    late = add_action(case, draft(body.presenter, description="Late one"), body.facilitator)
    ActionItem.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=3))
    add_action(case, draft(body.presenter, description="Upcoming one"), body.facilitator)
    add_action(
        case, draft(body.presenter, description="Finished one", status="done"), body.facilitator
    )

    open_page = list_page(body).content.decode()
    overdue_page = list_page(body, "overdue").content.decode()
    done_page = list_page(body, "done").content.decode()
    all_page = list_page(body, "all").content.decode()

    assert "Late one" in open_page and "Upcoming one" in open_page
    assert "Finished one" not in open_page
    assert "Overdue</strong>" in open_page and open_page.count("overdue-label") == 1
    assert "Late one" in overdue_page and "Upcoming one" not in overdue_page
    assert "Finished one" in done_page and "Late one" not in done_page
    assert all(text in all_page for text in ("Late one", "Upcoming one", "Finished one"))
    assert f"Case {case.number}" in all_page and "Institutional" in all_page


def test_list_names_an_unknown_filter(body: ReviewBody) -> None:
    response = list_page(body, "someday")
    assert response.status_code == 400
    assert "is not a filter" in response.content.decode()


def test_list_is_for_the_review_body_only(body: ReviewBody) -> None:
    url = reverse("casereview:action_list", args=[body.series.pk])
    assert signed_in(body.org_member).get(url).status_code == 403


def test_audit_entries_hold_no_case_title_or_description(body: ReviewBody) -> None:
    from equitylens.audit.models import LogEntry

    case = presented(body)
    action = add_action(case, draft(body.presenter), body.facilitator)
    update_action(action, draft(body.presenter, status=ActionStatus.DONE), body.facilitator)

    entries = list(LogEntry.objects.filter(action__startswith="casereview.action"))
    assert len(entries) == 2
    for entry in entries:
        text = f"{entry.object_repr} {entry.data}"
        assert "Night discharge" not in text and "interpreter" not in text.lower()
