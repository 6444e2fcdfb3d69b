"""Health Equity M&M end to end in Chromium at 1280 and 375 px: a member submits a case
with an MRN in it (warned, nothing saved), fixes it and submits; the facilitator reviews,
writes the case file and the preparation, schedules and runs the session, records a theme
and an action, marks the action done and closes the case. axe-core on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from equitylens.casereview.models import (
    ActionItem,
    ActionStatus,
    Case,
    CaseAccess,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
    DiscussionTheme,
)
from equitylens.catalog.models import ActivityFormat
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as
from tests.casereview.factories import make_case, make_review_body
from tests.factories import make_activity, make_organization

pytestmark = pytest.mark.browser

TITLE = "Interpreter not offered at discharge"
WARNED_TEXT = (
    "The patient, MRN 00123456, asked for a Spanish interpreter at discharge on March 3. "
    "None was called and the discharge instructions were given in English only."
)
FIXED_TEXT = (
    "The patient asked for a Spanish interpreter at discharge in 2025. "
    "None was called and the discharge instructions were given in English only."
)


def check(page: Any, name: str) -> None:
    assert_accessible(page, name)
    assert_fits_width(page)


def go(page: Any, locator: Any) -> None:
    """Click a link or button that loads a new page and wait for it."""
    locator.click()
    page.wait_for_load_state()


def test_case_goes_from_submission_to_closed(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    body = make_review_body(make_organization("Riverbend Health", slug="riverbend-health"))
    series = body.series
    series.title = "Riverbend equity conference"
    series.credit_activity = make_activity(
        "Riverbend equity grand rounds", format=ActivityFormat.RSS
    )
    series.save()
    member, facilitator = body.org_member, body.facilitator

    # The member finds the series from Case review and submits a case with an MRN and a date.
    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/case-review/")
    go(page, page.get_by_role("link", name="Submit to Riverbend equity conference"))
    assert page.get_by_role("heading", name="Submit a case or a topic idea", level=1).is_visible()
    check(page, f"casereview-submit-{size}")
    page.get_by_label("A case", exact=True).check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What happened, de-identified").fill(WARNED_TEXT)
    go(page, page.get_by_role("button", name="Check and submit"))

    summary = page.locator("#error-summary")
    assert "Nothing was saved" in summary.inner_text()
    assert "fix it or confirm it" in summary.inner_text()
    marks = page.locator("#findings mark.scan-mark").all_inner_texts()
    assert any("MRN 00123456" in mark for mark in marks), marks
    assert any("March 3" in mark for mark in marks), marks
    assert page.get_by_label("What happened, de-identified").input_value() == WARNED_TEXT
    assert Case.objects.count() == 0
    check(page, f"casereview-submit-warned-{size}")

    # Fixed: the MRN removed, the date written as a year.
    page.get_by_label("What happened, de-identified").fill(FIXED_TEXT)
    go(page, page.get_by_role("button", name="Check again and submit"))
    assert page.get_by_role("heading", name="Status: Submitted").is_visible()
    assert page.get_by_text(FIXED_TEXT).is_visible()
    check(page, f"casereview-submitted-{size}")
    case = Case.objects.get()
    assert "MRN" not in case.summary and case.submitted_by == member

    # The facilitator opens the case from the series' case list and moves it along.
    login_as(page, live_server, facilitator)
    page.goto(f"{live_server.url}/case-review/series/{series.pk}/")
    go(page, page.get_by_role("link", name="All cases of the series"))
    check(page, f"casereview-case-list-{size}")
    go(page, page.get_by_role("link", name=TITLE))
    assert page.get_by_role("heading", name=f"Case 1: {TITLE}", level=1).is_visible()
    check(page, f"casereview-case-submitted-{size}")
    go(page, page.get_by_role("button", name="Start review"))
    assert page.get_by_text("Case 1 is now under review.").is_visible()
    go(page, page.get_by_role("button", name="Select for a session"))
    assert page.get_by_text("Case 1 is now selected for a session.").is_visible()
    check(page, f"casereview-case-selected-{size}")

    # The case file: narratives, one factor at its level, a tag and a source reference.
    go(page, page.get_by_role("link", name="Edit the case file"))
    check(page, f"casereview-case-file-{size}")
    page.get_by_label("Clinical narrative").fill(
        "An adult patient who prefers Spanish was discharged with instructions in English."
    )
    page.get_by_label("Counter-narrative: social and structural drivers").fill(
        "Interpreters are booked by phone and the evening discharge rush leaves no time."
    )
    page.get_by_label("Equity-framed root-cause analysis").fill(
        "Discharge checklists do not ask for the preferred language."
    )
    factor = page.get_by_role("group", name="Factor 1 (new)")
    factor.get_by_label("Description").fill("No interpreter check on the discharge checklist")
    factor.get_by_label("Level").select_option("institutional")
    page.get_by_label("Language and interpreter access").check()
    page.get_by_label("References to source systems").fill("EHR encounter 48213")
    go(page, page.get_by_role("button", name="Save the case file"))
    assert page.get_by_text("The file of case 1 is saved.").is_visible()
    assert page.get_by_text("EHR encounter 48213").is_visible()

    # The preparation, marking the case prepared.
    go(page, page.get_by_role("link", name="Prepare for discussion"))
    check(page, f"casereview-prepare-{size}")
    page.get_by_label("Key health-equity issues").fill("Language access at discharge.")
    page.get_by_label("Questions for discussion").fill(
        "Who checks the preferred language before discharge?"
    )
    page.get_by_label("Concerns").fill("The night team may feel blamed; keep to systems.")
    page.get_by_label("Mark the case prepared").check()
    go(page, page.get_by_role("button", name="Save the preparation"))
    assert page.get_by_text("The preparation of case 1 is saved and marked prepared.").is_visible()

    # Schedule a session with the case on its agenda.
    page.goto(f"{live_server.url}/case-review/series/{series.pk}/")
    go(page, page.get_by_role("link", name="New session"))
    check(page, f"casereview-session-new-{size}")
    # The agenda table fits its box: the position field is not hidden off to the side.
    agenda = page.locator(".table-scroll:has(.agenda-pick)")
    assert agenda.evaluate("box => box.scrollWidth <= box.clientWidth")
    page.get_by_label("Title").fill("Case conference, spring")
    page.get_by_label("Date").fill("2030-03-05")
    page.get_by_label("Start time").fill("12:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Location (in person)").fill("Main building, room 4")
    page.get_by_label(f"Case 1: {TITLE}").check()
    go(page, page.get_by_role("button", name="Schedule the session"))
    assert page.get_by_role("heading", name="Case conference, spring", level=1).is_visible()
    check(page, f"casereview-session-{size}")
    conference = ConferenceSession.objects.get()
    assert conference.live_session is not None
    assert conference.live_session.private_to == series.organization

    # Run it: ground rules, start, the case, a theme, presented.
    go(page, page.get_by_role("link", name="Open the run screen"))
    assert page.get_by_role(
        "heading", name="Before we begin: goals and ground rules", level=1
    ).is_visible()
    check(page, f"casereview-run-rules-{size}")
    go(page, page.get_by_role("button", name="Start the session"))
    assert page.get_by_text("In progress", exact=True).is_visible()
    go(page, page.get_by_role("link", name="Next: case 1 of 1"))
    assert page.get_by_role("heading", name=f"Case 1: {TITLE}", level=1).is_visible()
    check(page, f"casereview-run-case-{size}")
    page.get_by_label("Record a theme for question 1").fill(
        "Nobody owns the language check at discharge."
    )
    go(page, page.locator("#question-1").get_by_role("button", name="Record theme"))
    assert page.locator("#question-1 .run-themes").inner_text() == (
        "Nobody owns the language check at discharge."
    )
    go(page, page.get_by_role("button", name="Mark this case presented"))
    assert page.locator(".run-status").inner_text().startswith("Case status: Presented")
    check(page, f"casereview-run-presented-{size}")

    # Back to the case: an action item, then done, then close.
    go(page, page.get_by_role("link", name="Case conference, spring"))
    go(page, page.get_by_role("link", name=f"Case 1: {TITLE}"))
    go(page, page.get_by_role("link", name="Record an action item"))
    check(page, f"casereview-action-new-{size}")
    page.get_by_label("Description").fill("Add the preferred language to the discharge checklist.")
    page.get_by_label("Institutional").check()
    page.get_by_label("Owner").select_option(str(facilitator.pk))
    due = date.today() + timedelta(days=30)
    page.get_by_label("Due date").fill(due.isoformat())
    go(page, page.get_by_role("button", name="Add the action"))
    assert page.get_by_text("Action added to case 1.").is_visible()
    assert page.locator(".case-facts").get_by_text("Actions open").is_visible()
    check(page, f"casereview-case-actions-open-{size}")

    go(page, page.get_by_role("link", name=re.compile("^Add the preferred language")))
    check(page, f"casereview-action-edit-{size}")
    page.get_by_label("Done", exact=True).check()
    go(page, page.get_by_role("button", name="Save the action"))
    assert page.get_by_text("Action saved on case 1.").is_visible()
    go(page, page.get_by_role("button", name="Close the case"))
    assert page.get_by_text("Case 1 is now closed.").is_visible()
    assert page.get_by_text("This case is closed; its file cannot be changed").is_visible()
    check(page, f"casereview-case-closed-{size}")

    # The record: each move in order, one theme, the action done, both people's access.
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    moves = list(
        CaseTransition.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("from_status", "to_status", "actor")
    )
    assert moves == [
        ("", CaseStatus.SUBMITTED, member.pk),
        (CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW, facilitator.pk),
        (CaseStatus.UNDER_REVIEW, CaseStatus.SELECTED, facilitator.pk),
        (CaseStatus.SELECTED, CaseStatus.PREPARED, facilitator.pk),
        (CaseStatus.PREPARED, CaseStatus.PRESENTED, facilitator.pk),
        (CaseStatus.PRESENTED, CaseStatus.ACTIONS_OPEN, facilitator.pk),
        (CaseStatus.ACTIONS_OPEN, CaseStatus.CLOSED, facilitator.pk),
    ]
    theme = DiscussionTheme.objects.get()
    assert theme.agenda_item.case == case and theme.question_index == 0
    action = ActionItem.objects.get()
    assert action.case == case and action.status == ActionStatus.DONE
    assert action.owner == facilitator and action.due_on == due
    assert action.completed_at is not None
    allowed = CaseAccess.objects.filter(case_id=case.pk, outcome="allowed")
    assert allowed.filter(actor=facilitator).exists()
    assert allowed.filter(actor=member).exists()
    assert not CaseAccess.objects.filter(outcome="denied").exists()


def test_submitter_sees_only_the_status_of_their_closed_case(page, live_server, viewport):  # type: ignore[no-untyped-def]
    size = f"{viewport['width']}px"
    body = make_review_body()
    member = body.org_member
    case = make_case(
        body.series,
        submitted_by=member,
        status=CaseStatus.CLOSED,
        title=TITLE,
        summary=FIXED_TEXT,
        clinical_narrative="An adult patient was discharged with instructions in English.",
        source_references="EHR encounter 48213",
    )
    CaseTransition.objects.create(case=case, from_status="", to_status=CaseStatus.SUBMITTED)
    CaseTransition.objects.create(
        case=case, from_status=CaseStatus.ACTIONS_OPEN, to_status=CaseStatus.CLOSED
    )

    login_as(page, live_server, member)
    page.goto(f"{live_server.url}/case-review/")
    go(page, page.get_by_role("link", name="Your submissions and their status"))
    assert page.get_by_role("row", name=re.compile("Case 1.*Closed")).is_visible()
    check(page, f"casereview-my-submissions-{size}")
    go(page, page.get_by_role("link", name="Case 1", exact=True))
    assert page.get_by_role("heading", name="Status: Closed").is_visible()
    check(page, f"casereview-my-submission-closed-{size}")
    content = page.locator("main").inner_text()
    assert "EHR encounter 48213" not in content and "instructions in English" not in content

    # The case itself is the review body's: refused, and the refusal is logged.
    response = page.goto(f"{live_server.url}/case-review/series/{body.series.pk}/cases/1/")
    assert response.status == 403
    assert "EHR encounter 48213" not in page.content()
    check(page, f"casereview-case-refused-{size}")
    assert CaseAccess.objects.filter(actor=member, outcome="denied").count() == 1
