"""PARS validation lists every learner whose MOC completion cannot be reported, and why."""

from __future__ import annotations

from typing import Any

import pytest

from equitylens.catalog.models import CreditType
from equitylens.credentials.services.pars import validate_completions
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity() -> Any:
    return make_activity("Implicit Bias in Triage")


def _only(problems: list[Any]) -> Any:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_complete_consented_completion_has_no_problem(activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity)
    assert validate_completions() == []


def test_missing_board_id_is_listed_with_the_learner(activity: Any) -> None:
    learner = make_moc_learner(None, first_name="Ana", last_name="Lopez", email="ana@example.org")
    make_moc_completion(learner, activity)
    problem = _only(validate_completions())
    assert (problem.learner_name, problem.email) == ("Ana Lopez", "ana@example.org")
    assert problem.activity_title == "Implicit Bias in Triage"
    assert problem.field == "ABIM ID"
    assert problem.problem == "ABIM ID is missing."


def test_malformed_abim_id_names_the_format(activity: Any) -> None:
    make_moc_completion(make_moc_learner("12345"), activity)
    problem = _only(validate_completions())
    assert problem.field == "ABIM ID"
    assert "An ABIM ID is 6 digits" in problem.problem
    assert "“12345”" in problem.problem


def test_other_boards_accept_letters_and_digits(activity: Any) -> None:
    learner = make_moc_learner("AB12345", board="ABP")
    make_moc_completion(learner, activity, credit_type=CreditType.MOC_ABP)
    assert validate_completions() == []
    bad = make_moc_learner("AB-12", board="ABP")
    make_moc_completion(bad, activity, credit_type=CreditType.MOC_ABP)
    assert _only(validate_completions()).field == "ABP ID"


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ((None, None), "Birth month and day are missing."),
        ((None, 4), "Birth month is missing."),
        ((4, None), "Birth day is missing."),
        ((2, 30), "February has no day 30."),
        ((4, 31), "April has no day 31."),
    ],
)
def test_missing_or_impossible_birth_date(activity: Any, birth: Any, message: str) -> None:
    make_moc_completion(make_moc_learner(birth=birth), activity)
    problem = _only(validate_completions())
    assert (problem.field, problem.problem) == ("Birth month and day", message)


def test_29_february_is_a_birth_date(activity: Any) -> None:
    make_moc_completion(make_moc_learner(birth=(2, 29)), activity)
    assert validate_completions() == []


def test_no_consent_is_listed(activity: Any) -> None:
    make_moc_completion(make_moc_learner(), activity, consent=False)
    problem = _only(validate_completions())
    assert problem.field == "MOC consent"


def test_every_failed_rule_of_every_learner_is_listed(activity: Any) -> None:
    make_moc_completion(make_moc_learner(None, birth=(None, None)), activity, consent=False)
    make_moc_completion(make_moc_learner("1"), activity)
    make_moc_completion(make_moc_learner(), activity)
    fields = sorted(p.field for p in validate_completions())
    assert fields == ["ABIM ID", "ABIM ID", "Birth month and day", "MOC consent"]


def test_a_missing_name_is_listed(activity: Any) -> None:
    make_moc_completion(make_moc_learner(first_name=""), activity)
    assert _only(validate_completions()).field == "Name"


def test_non_moc_credit_is_not_validated(activity: Any) -> None:
    make_moc_completion(make_moc_learner(None), activity, credit_type=CreditType.MOC_ABIM)
    from equitylens.learning.models import ClaimedCredit

    ClaimedCredit.objects.update(credit_type=CreditType.AMA_PRA_1)
    assert validate_completions() == []
