"""The short post-session survey: one answer per member per session, results only in aggregate.

Questions: "I felt safe to speak" (1–5), "The discussion was useful for my practice" (1–5),
"I will change something in my practice or our systems" (yes/no) and an optional comment,
scanned for identifiers like every free text in the module. Results are shown only once
MIN_RESPONSES answers exist, so no single respondent can be picked out; comments are
listed without names, in alphabetical order (not by time, which could tell who wrote it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Avg

from equitylens.casereview.models import ConferenceSession, ConferenceStatus, SurveyResponse
from equitylens.casereview.services.conference import ConferenceError, IdentifierWarning
from equitylens.casereview.services.identifiers import scan_text

MIN_RESPONSES = 3
COMMENT_MAX = 2000
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class SurveyAnswers:
    felt_safe: int | None
    useful: int | None
    will_change_practice: bool | None
    comment: str = ""


def survey_open(conference: ConferenceSession) -> bool:
    """The survey opens when the session has started."""
    return conference.status != ConferenceStatus.PLANNED


def has_answered(conference: ConferenceSession, user: Any) -> bool:
    return SurveyResponse.objects.filter(conference=conference, respondent=user).exists()


def check_answers(answers: SurveyAnswers) -> dict[str, str]:
    """What is missing or out of range, per field (empty when the answers are complete)."""
    errors: dict[str, str] = {}
    if answers.felt_safe not in SCALE:
        errors["felt_safe"] = "Choose how safe you felt to speak, from 1 to 5."
    if answers.useful not in SCALE:
        errors["useful"] = "Choose how useful the discussion was, from 1 to 5."
    if answers.will_change_practice is None:
        errors["will_change_practice"] = "Answer yes or no."
    comment = answers.comment.strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"The comment can be 2,000 characters; it has {len(comment):,}."
    return errors


def submit_survey(
    conference: ConferenceSession, respondent: Any, answers: SurveyAnswers, *, confirmed: bool
) -> tuple[SurveyResponse | None, bool]:
    """Save `respondent`'s answer once; returns (response, created).

    A second answer from the same person returns (None, False) and changes nothing.
    Raises ConferenceError (per field) for a missing or out-of-range answer or a survey
    not open yet, and IdentifierWarning when the comment may hold identifiers and the
    respondent has not confirmed them.
    """
    if not survey_open(conference):
        raise ConferenceError({"__all__": "The survey opens when the session has started."})
    errors = check_answers(answers)
    if errors:
        raise ConferenceError(errors)
    comment = answers.comment.strip()
    assert answers.felt_safe is not None and answers.useful is not None
    if has_answered(conference, respondent):
        return None, False
    if comment and not confirmed:
        findings = scan_text(comment)
        if findings:
            raise IdentifierWarning(findings)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                conference=conference,
                respondent=respondent,
                felt_safe=answers.felt_safe,
                useful=answers.useful,
                will_change_practice=bool(answers.will_change_practice),
                comment=comment,
            )
    except IntegrityError:  # the same person, a moment earlier in another tab
        return None, False
    return response, True


@dataclass
class SurveyResults:
    count: int
    shown: bool
    felt_safe_average: float | None = None
    useful_average: float | None = None
    felt_safe_counts: list[tuple[int, int]] = field(default_factory=list)
    useful_counts: list[tuple[int, int]] = field(default_factory=list)
    will_change_yes: int = 0
    will_change_no: int = 0
    comments: list[str] = field(default_factory=list)


def survey_results(conference: ConferenceSession) -> SurveyResults:
    """Counts and averages, and the comments without names — only from MIN_RESPONSES on."""
    responses = SurveyResponse.objects.filter(conference=conference)
    count = responses.count()
    if count < MIN_RESPONSES:
        return SurveyResults(count=count, shown=False)
    averages = responses.aggregate(felt_safe=Avg("felt_safe"), useful=Avg("useful"))
    rows = list(responses.values_list("felt_safe", "useful", "will_change_practice", "comment"))
    yes = sum(1 for row in rows if row[2])
    return SurveyResults(
        count=count,
        shown=True,
        felt_safe_average=round(float(averages["felt_safe"]), 1),
        useful_average=round(float(averages["useful"]), 1),
        felt_safe_counts=[(n, sum(1 for row in rows if row[0] == n)) for n in SCALE],
        useful_counts=[(n, sum(1 for row in rows if row[1] == n)) for n in SCALE],
        will_change_yes=yes,
        will_change_no=count - yes,
        comments=sorted((row[3] for row in rows if row[3]), key=str.lower),
    )
