"""The post-session survey: once per member, opens at the start, results only from 3 answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import ConferenceSession, SurveyResponse
from equitylens.casereview.services.survey import SurveyAnswers, submit_survey, survey_results
from tests.casereview.factories import ReviewBody, make_review_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def conference(body: ReviewBody, status: str = "held") -> ConferenceSession:
    now = timezone.now()
    return ConferenceSession.objects.create(
        series=body.series,
        title="Spring",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        status=status,
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def survey_url(conf: ConferenceSession) -> str:
    return reverse("casereview:conference_survey", args=[conf.series_id, conf.pk])


def detail_url(conf: ConferenceSession) -> str:
    return reverse("casereview:conference", args=[conf.series_id, conf.pk])


ANSWER = {"felt_safe": "4", "useful": "5", "will_change_practice": "yes", "comment": ""}


def test_a_member_answers_once(body: ReviewBody) -> None:
    conf = conference(body)
    client = signed_in(body.committee_member)

    first = client.post(survey_url(conf), ANSWER)
    second = client.post(survey_url(conf), {**ANSWER, "felt_safe": "1"})

    assert "Thank you — your answers are saved." in first.content.decode()
    assert "You already answered — thank you" in second.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.felt_safe, response.useful, response.will_change_practice) == (4, 5, True)
    assert "You already answered" in client.get(survey_url(conf)).content.decode()


def test_the_service_keeps_one_answer_per_member(body: ReviewBody) -> None:
    conf = conference(body)
    answers = SurveyAnswers(felt_safe=3, useful=3, will_change_practice=False)

    assert submit_survey(conf, body.presenter, answers, confirmed=False)[1] is True
    assert submit_survey(conf, body.presenter, answers, confirmed=False) == (None, False)
    assert SurveyResponse.objects.count() == 1


def test_the_survey_opens_when_the_session_starts(body: ReviewBody) -> None:
    conf = conference(body, status="planned")

    page = signed_in(body.presenter).get(survey_url(conf))
    post = signed_in(body.presenter).post(survey_url(conf), ANSWER)

    assert "opens when the session has started" in page.content.decode()
    assert post.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_missing_answers_are_named(body: ReviewBody) -> None:
    conf = conference(body)

    response = signed_in(body.presenter).post(survey_url(conf), {"felt_safe": "9"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose how safe you felt to speak, from 1 to 5." in page
    assert "Choose how useful the discussion was, from 1 to 5." in page
    assert "Answer yes or no." in page
    assert 'href="#id_felt_safe_0"' in page
    assert not SurveyResponse.objects.exists()


def test_a_comment_with_an_identifier_is_warned_until_confirmed(body: ReviewBody) -> None:
    conf = conference(body)
    client = signed_in(body.presenter)
    data = {**ANSWER, "comment": "Thanks to Dr. Maria Gonzalez for presenting"}

    warned = client.post(survey_url(conf), data)

    assert warned.status_code == 400
    assert "<mark>" in warned.content.decode()
    assert not SurveyResponse.objects.exists()
    client.post(survey_url(conf), {**data, "confirm": "yes"})
    assert SurveyResponse.objects.get().comment == data["comment"]


def answer(conf: ConferenceSession, user: Any, safe: int, comment: str = "") -> None:
    submit_survey(
        conf,
        user,
        SurveyAnswers(felt_safe=safe, useful=4, will_change_practice=safe > 2, comment=comment),
        confirmed=True,
    )


def test_results_are_hidden_under_three_responses(body: ReviewBody) -> None:
    conf = conference(body)
    answer(conf, body.presenter, 2, "Too rushed at the end")
    answer(conf, body.content_expert, 5)

    page = signed_in(body.facilitator).get(detail_url(conf)).content.decode()

    assert "2 responses so far — results appear at 3" in page
    assert "Too rushed at the end" not in page
    assert not survey_results(conf).shown


def test_results_at_three_show_aggregates_and_comments_without_names(body: ReviewBody) -> None:
    conf = conference(body)
    answer(conf, body.presenter, 2, "Too rushed at the end")
    answer(conf, body.content_expert, 5, "A safe room")
    answer(conf, body.committee_member, 5)

    results = survey_results(conf)
    page = signed_in(body.facilitator).get(detail_url(conf)).content.decode()

    assert results.shown and results.count == 3
    assert results.felt_safe_average == 4.0 and results.useful_average == 4.0
    assert dict(results.felt_safe_counts) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 2}
    assert (results.will_change_yes, results.will_change_no) == (2, 1)
    assert results.comments == ["A safe room", "Too rushed at the end"]  # not by time
    assert "Too rushed at the end" in page and "Results (3 responses)" in page
    assert body.presenter.display_name not in page.split("Post-session survey")[1]


def test_only_facilitators_see_results(body: ReviewBody) -> None:
    conf = conference(body)
    for user in (body.presenter, body.content_expert, body.committee_member):
        answer(conf, user, 4, "Useful")

    page = signed_in(body.committee_member).get(detail_url(conf)).content.decode()

    assert "You answered the survey" in page
    assert "Results (" not in page and "Useful" not in page


def test_people_outside_the_review_body_cannot_answer(body: ReviewBody) -> None:
    conf = conference(body)
    for user in (body.org_member, body.org_admin, body.outsider):
        assert signed_in(user).post(survey_url(conf), ANSWER).status_code == 403
    assert not SurveyResponse.objects.exists()
