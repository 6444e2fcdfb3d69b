"""Readiness check rules: levels, next steps per answer, validation, history, audit."""

from __future__ import annotations

import pytest

from equitylens.audit.models import LogEntry
from equitylens.casereview.models import ReadinessAssessment, ReadinessLevel
from equitylens.casereview.services.readiness import (
    QUESTIONS,
    ReadinessError,
    assess,
    evaluate,
    history,
)
from tests.casereview.factories_readiness import all_answers
from tests.factories import make_organization, make_user

STEPS = {q.key: (q.step_if_no, q.step_if_partly) for q in QUESTIONS}


def test_all_yes_is_ready_with_no_next_steps() -> None:
    result = evaluate(all_answers("yes"))
    assert result.level == ReadinessLevel.READY
    assert result.next_steps == []
    assert "foundations in place" in result.summary


def test_one_no_is_ready_with_support_and_names_the_gap_count() -> None:
    result = evaluate(all_answers("yes", facilitator="no", training="partly"))
    assert result.level == ReadinessLevel.READY_WITH_SUPPORT
    assert "close 2 gaps" in result.summary


def test_two_noes_is_not_yet() -> None:
    result = evaluate(all_answers("yes", equity_data="no", disparities="no"))
    assert result.level == ReadinessLevel.NOT_YET
    assert "2 foundations are missing" in result.summary


def test_no_peer_review_protection_is_not_yet_even_if_all_else_is_yes() -> None:
    result = evaluate(all_answers("yes", protection="no"))
    assert result.level == ReadinessLevel.NOT_YET
    assert "peer-review protection" in result.summary
    assert result.next_steps[0].startswith("Confirm with your legal/quality office")


def test_partly_protection_is_ready_with_support_and_its_step_comes_first() -> None:
    result = evaluate(all_answers("yes", protection="partly", equity_data="partly"))
    assert result.level == ReadinessLevel.READY_WITH_SUPPORT
    assert result.next_steps == [STEPS["protection"][1], STEPS["equity_data"][1]]


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_each_no_answer_gives_its_own_specific_step(key: str) -> None:
    assert evaluate(all_answers("yes", **{key: "no"})).next_steps == [STEPS[key][0]]


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_each_partly_answer_gives_its_own_specific_step(key: str) -> None:
    assert evaluate(all_answers("yes", **{key: "partly"})).next_steps == [STEPS[key][1]]


def test_step_wording_is_specific() -> None:
    steps = evaluate(all_answers("no")).next_steps
    assert any("(REaL) data" in step for step in steps)
    assert any("book it from Workshop bookings" in step for step in steps)
    assert len(steps) == 6


@pytest.mark.django_db
def test_assess_saves_answers_notes_level_and_logs() -> None:
    org, admin = make_organization(), make_user()
    assessment = assess(
        org, all_answers("yes", training="partly"), admin, notes={"training": "  Half done. "}
    )
    assessment.refresh_from_db()
    assert assessment.level == ReadinessLevel.READY_WITH_SUPPORT
    assert assessment.answers["training"] == {"answer": "partly", "note": "Half done."}
    assert assessment.answers["equity_data"] == {"answer": "yes", "note": ""}
    assert assessment.next_steps == [STEPS["training"][1]]
    assert assessment.completed_by == admin
    entry = LogEntry.objects.get(action="casereview.readiness_assessed")
    assert entry.actor == admin and entry.object_id == str(assessment.pk)
    assert entry.data == {"organization": org.slug, "level": "ready_with_support"}


@pytest.mark.django_db
def test_missing_and_invalid_answers_are_named_and_nothing_is_saved() -> None:
    answers = all_answers("yes", disparities="maybe")
    del answers["equity_data"]
    with pytest.raises(ReadinessError) as caught:
        assess(make_organization(), answers, make_user())
    assert caught.value.errors == {
        "equity_data": "Answer question 1: choose yes, partly or no.",
        "disparities": "Answer question 2: choose yes, partly or no.",
    }
    assert not ReadinessAssessment.objects.exists()
    assert not LogEntry.objects.filter(action="casereview.readiness_assessed").exists()


@pytest.mark.django_db
def test_a_too_long_note_is_refused_with_its_length() -> None:
    with pytest.raises(ReadinessError) as caught:
        assess(make_organization(), all_answers(), make_user(), notes={"protection": "x" * 1001})
    assert caught.value.errors == {
        "protection_note": "Shorten the note for question 6 to 1000 characters or fewer; it has 1001."
    }


@pytest.mark.django_db
def test_identical_double_submit_saves_once_but_changed_answers_save_again() -> None:
    org, admin = make_organization(), make_user()
    first = assess(org, all_answers("yes"), admin)
    again = assess(org, all_answers("yes"), admin)
    assert again.pk == first.pk
    changed = assess(org, all_answers("yes", facilitator="no"), admin)
    assert changed.pk != first.pk
    assert ReadinessAssessment.objects.count() == 2
    assert LogEntry.objects.filter(action="casereview.readiness_assessed").count() == 2


@pytest.mark.django_db
def test_history_keeps_every_check_newest_first_and_only_of_that_organization() -> None:
    org, other, admin = make_organization(), make_organization(), make_user()
    older = assess(org, all_answers("no"), admin)
    newer = assess(org, all_answers("yes"), admin)
    assess(other, all_answers("yes"), admin)
    assert list(history(org)) == [newer, older]


@pytest.mark.django_db
def test_demo_loader_creates_riverbends_mixed_check_once() -> None:
    from equitylens.demo.casereview import load_casereview

    riverbend = make_organization("Riverbend Health", slug="riverbend-health")
    priya = make_user("priya.patel@riverbendhealth.example")
    people = {priya.email: priya}
    load_casereview({}, people)
    load_casereview({}, people)
    assessment = ReadinessAssessment.objects.get(organization=riverbend)
    assert assessment.level == ReadinessLevel.READY_WITH_SUPPORT
    assert assessment.completed_by == priya
    assert len(assessment.next_steps) == 4
