"""Case intake as a service: the scan gate, confirmations, numbering, idempotency, e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from equitylens.casereview.models import Case, CaseStatus, CaseTransition, ReviewRole
from equitylens.casereview.services.cases import transition
from equitylens.casereview.services.intake import (
    NAME_WITHHELD,
    IntakeError,
    new_submission_token,
    scan_submission,
    status_history,
    submit_case,
    submitter_label,
)
from tests.casereview.factories import make_case, make_review_body, make_series, seat

pytestmark = pytest.mark.django_db

CLEAN_TITLE = "Interpreter not offered at discharge"
CLEAN_TEXT = (
    "A patient who prefers Spanish was discharged in 2024 without an interpreter; the "
    "discharge teaching was given in English only."
)
MRN_TEXT = "The patient (MRN 00123456) was discharged without an interpreter in 2024."


def submit(series: Any, by: Any, **overrides: Any) -> Case:
    values: dict[str, Any] = {
        "kind": "case",
        "title": CLEAN_TITLE,
        "summary": CLEAN_TEXT,
        "name_hidden": False,
        "confirmations": [],
        "token": new_submission_token(),
    }
    values.update(overrides)
    return submit_case(series, by, **values)


@pytest.fixture
def body() -> Any:
    return make_review_body()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run on-commit callbacks (the facilitators' e-mail) inside the test transaction."""
    return django_capture_on_commit_callbacks


def test_an_mrn_stops_the_submission_and_nothing_is_saved(body: Any) -> None:
    with pytest.raises(IntakeError) as caught:
        submit(body.series, body.org_member, summary=MRN_TEXT)

    error = caught.value
    assert error.errors["findings"].startswith("1 possible identifier found")
    assert [(f.finding.kind, f.finding.text) for f in error.unconfirmed] == [
        ("record_number", "MRN 00123456")
    ]
    assert not Case.objects.exists()
    assert not CaseTransition.objects.exists()
    body.series.refresh_from_db()
    assert body.series.framing_fixed_at is None


def test_confirming_the_finding_saves_kind_and_offsets_only(body: Any) -> None:
    [finding] = scan_submission(CLEAN_TITLE, MRN_TEXT)

    case = submit(body.series, body.org_member, summary=MRN_TEXT, confirmations=[finding.key])

    start = MRN_TEXT.index("MRN")
    assert case.confirmed_findings == [
        {"kind": "record_number", "field": "summary", "start": start, "end": start + 12}
    ]
    assert "00123456" not in str(case.confirmed_findings)
    assert case.summary == MRN_TEXT


def test_fixing_the_text_lets_it_through_without_confirmations(body: Any) -> None:
    fixed = MRN_TEXT.replace(" (MRN 00123456)", "")
    case = submit(body.series, body.org_member, summary=fixed)
    assert case.confirmed_findings == []
    assert case.status == CaseStatus.SUBMITTED


def test_a_confirmation_survives_edits_elsewhere_but_a_new_finding_needs_its_own(
    body: Any,
) -> None:
    [finding] = scan_submission(CLEAN_TITLE, MRN_TEXT)
    edited = "Earlier that week, a nurse noticed. " + MRN_TEXT + " Call 555-123-4567."

    with pytest.raises(IntakeError) as caught:
        submit(body.series, body.org_member, summary=edited, confirmations=[finding.key])

    # The MRN moved (new offsets) but stays confirmed; only the phone number is open.
    assert [f.finding.kind for f in caught.value.unconfirmed] == ["phone"]
    assert "(1 still to fix or confirm)" in caught.value.errors["findings"]
    assert not Case.objects.exists()


def test_a_confirmation_of_other_text_does_not_carry_over(body: Any) -> None:
    [finding] = scan_submission(CLEAN_TITLE, MRN_TEXT)
    other = MRN_TEXT.replace("00123456", "00999999")
    with pytest.raises(IntakeError):
        submit(body.series, body.org_member, summary=other, confirmations=[finding.key])


def test_a_repeated_identifier_needs_each_occurrence_confirmed(body: Any) -> None:
    text = "MRN 00123456 was written on the chart and MRN 00123456 on the wristband in 2024."
    first, second = scan_submission(CLEAN_TITLE, text)
    assert (first.occurrence, second.occurrence) == (0, 1)
    with pytest.raises(IntakeError):
        submit(body.series, body.org_member, summary=text, confirmations=[first.key])
    assert submit(body.series, body.org_member, summary=text, confirmations=[first.key, second.key])


def test_identifiers_in_the_title_are_found_too(body: Any) -> None:
    with pytest.raises(IntakeError) as caught:
        submit(body.series, body.org_member, title="Call from 555-123-4567 ignored")
    assert [(f.field, f.finding.kind) for f in caught.value.unconfirmed] == [("title", "phone")]


def test_combination_finding_is_reported_as_its_own_group() -> None:
    text = (
        "A Hmong woman with sickle cell disease on 4 West in March was not offered an interpreter."
    )
    findings = scan_submission(CLEAN_TITLE, text)
    combos = [f for f in findings if f.is_combination]
    assert len(combos) == 1
    assert "Hmong" in combos[0].finding.text and combos[0].label.endswith("details together]")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Oops", "Give a title of 5 to 200 characters; it has 4."),
        ("title", "x" * 201, "Give a title of 5 to 200 characters; it has 201."),
        ("summary", "Too short.", "Describe what happened in 20 to 20,000 characters; it has 10."),
        ("kind", "rumour", "Choose whether you are submitting a case or a topic idea."),
    ],
)
def test_invalid_fields_are_named_and_nothing_is_saved(
    body: Any, field: str, value: str, message: str
) -> None:
    with pytest.raises(IntakeError) as caught:
        submit(body.series, body.org_member, **{field: value})
    assert caught.value.errors[field] == message
    assert not Case.objects.exists()


def test_a_malformed_token_is_refused(body: Any) -> None:
    with pytest.raises(IntakeError) as caught:
        submit(body.series, body.org_member, token="short")
    assert "expired" in caught.value.errors
    assert not Case.objects.exists()


def test_the_same_token_twice_makes_one_case(body: Any, on_commit: Any) -> None:
    token = new_submission_token()
    with on_commit(execute=True):
        first = submit(body.series, body.org_member, token=token)
    with on_commit(execute=True):
        again = submit(body.series, body.org_member, token=token, title="A different title")
    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert CaseTransition.objects.count() == 1
    assert len(mail.outbox) == 1


def test_numbers_follow_each_other_per_series(body: Any) -> None:
    other_series = make_series(body.series.organization)
    numbers = [submit(body.series, body.org_member).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert submit(other_series, body.org_member).number == 1


def test_a_purged_top_number_is_not_reused(body: Any, rf: Any) -> None:
    from equitylens.casereview.services.access import record_access

    first = submit(body.series, body.org_member)
    second = submit(body.series, body.org_member)
    request = rf.get("/")
    request.user = body.org_member
    record_access(request, action="view", outcome="allowed", series=body.series, case=second)
    Case.objects.filter(pk=second.pk).delete()  # as the retention purge does
    assert first.number == 1
    assert submit(body.series, body.org_member).number == 3


def test_the_first_case_fixes_the_framing_questions(body: Any) -> None:
    assert body.series.framing_fixed_at is None
    submit(body.series, body.org_member)
    body.series.refresh_from_db()
    fixed_at = body.series.framing_fixed_at
    assert fixed_at is not None
    submit(body.series, body.org_member)
    body.series.refresh_from_db()
    assert body.series.framing_fixed_at == fixed_at


def test_the_case_starts_submitted_with_its_first_log_line(body: Any) -> None:
    case = submit(body.series, body.org_member, kind="topic", name_hidden=True)
    assert (case.kind, case.status, case.name_hidden) == ("topic", "submitted", True)
    assert case.submitted_by == body.org_member
    [line] = case.transitions.all()
    assert (line.from_status, line.to_status, line.actor) == ("", "submitted", body.org_member)


def test_facilitators_get_an_email_without_title_or_text(body: Any, on_commit: Any) -> None:
    second = seat(body.series, role=ReviewRole.FACILITATOR).user
    gone = seat(body.series, role=ReviewRole.FACILITATOR).user
    body.series.members.filter(user=gone).update(removed_at="2026-01-01T00:00:00Z")

    with on_commit(execute=True):
        case = submit(body.series, body.org_member)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([body.facilitator.email, second.email])
    for message in mail.outbox:
        assert message.subject == f"A new case was submitted to {body.series.title}"
        assert f"/case-review/series/{body.series.pk}/cases/{case.number}/" in message.body
        for secret in (CLEAN_TITLE, "Spanish", "interpreter", body.org_member.email):
            assert secret not in message.subject + message.body
            assert secret.lower() not in (message.subject + message.body).lower()


def test_no_email_when_nothing_is_saved(body: Any, on_commit: Any) -> None:
    with on_commit(execute=True), pytest.raises(IntakeError):
        submit(body.series, body.org_member, summary=MRN_TEXT)
    assert mail.outbox == []


def test_submitter_label_respects_the_wish_to_stay_unnamed(body: Any) -> None:
    named = make_case(body.series, submitted_by=body.org_member)
    hidden = make_case(body.series, submitted_by=body.org_member, name_hidden=True)
    assert submitter_label(named) == body.org_member.display_name
    assert submitter_label(hidden) == NAME_WITHHELD
    assert body.org_member.display_name not in submitter_label(hidden)


def test_status_history_shows_only_the_decline_reason(body: Any) -> None:
    case = submit(body.series, body.org_member)
    transition(case, CaseStatus.UNDER_REVIEW, body.facilitator, reason="internal note")
    transition(case, CaseStatus.DECLINED, body.facilitator, reason="Outside our scope")
    history = status_history(case)
    assert [(h.status, h.reason) for h in history] == [
        ("submitted", ""),
        ("under_review", ""),
        ("declined", "Outside our scope"),
    ]
