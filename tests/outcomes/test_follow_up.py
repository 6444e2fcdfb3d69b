"""Commitment-to-change follow-up: due N days after the claim, e-mailed once, answered once."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import CreditType
from equitylens.outcomes.models import CommitmentFollowUp
from equitylens.outcomes.services.follow_ups import (
    FollowUpError,
    answer_follow_up,
    follow_up_results,
    schedule_follow_ups,
)
from tests.factories import make_learner, make_online_course
from tests.outcomes.factories_reports import make_completion

COMMITMENT = "Ask every patient which language they prefer & note it."
CREDIT = ((CreditType.AMA_PRA_1, "2.00", "credits"),)

# E-mails are queued when the transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def claimed(days_ago: int, commitment: str = COMMITMENT, course: Any = None) -> Any:
    when = timezone.now() - timedelta(days=days_ago)
    learner = make_learner(first_name="Maya", email=f"maya{days_ago}{len(commitment)}@example.org")
    return make_completion(
        learner,
        course or make_online_course(title="Advancing Health Equity"),
        commitment=commitment,
        credits=CREDIT,
        evaluated_at=when,
        claimed_at=when,
    )


def run_command() -> str:
    out = io.StringIO()
    call_command("send_follow_ups", stdout=out)
    return out.getvalue()


def test_a_follow_up_is_due_sixty_days_after_the_claim() -> None:
    enrollment = claimed(days_ago=10)

    result = schedule_follow_ups()

    follow_up = CommitmentFollowUp.objects.get()
    assert follow_up.due_at == enrollment.claim.claimed_at + timedelta(days=60)
    assert (result.created, result.queued) == (1, 0)
    assert follow_up.sent_at is None
    assert mail.outbox == []
    assert schedule_follow_ups(now=follow_up.due_at).queued == 1
    assert len(mail.outbox) == 1


def test_the_number_of_days_is_a_setting(settings: Any) -> None:
    settings.COMMITMENT_FOLLOW_UP_DAYS = 30
    enrollment = claimed(days_ago=31)

    run_command()

    follow_up = CommitmentFollowUp.objects.get()
    assert follow_up.due_at == enrollment.claim.claimed_at + timedelta(days=30)
    assert follow_up.sent_at is not None


def test_no_follow_up_without_a_commitment_or_without_a_claim() -> None:
    claimed(days_ago=90, commitment="   ")
    make_completion(make_learner(), make_online_course(), commitment="Change something.")

    assert schedule_follow_ups().created == 0
    assert not CommitmentFollowUp.objects.exists()


def test_the_email_holds_the_learners_own_commitment_and_the_answer_link() -> None:
    enrollment = claimed(days_ago=61)

    assert "1 follow-ups created, 1 e-mails queued." in run_command()

    (message,) = mail.outbox
    follow_up = CommitmentFollowUp.objects.get()
    assert message.to == [enrollment.user.email]
    assert "Advancing Health Equity" in message.subject
    assert COMMITMENT in message.body  # plain text: not HTML-escaped
    assert f"/outcomes/follow-up/{follow_up.token}/" in message.body
    assert LogEntry.objects.filter(action="follow_up.sent").count() == 1


def test_running_the_command_again_sends_nothing_more() -> None:
    claimed(days_ago=61)

    run_command()
    assert "0 follow-ups created, 0 e-mails queued." in run_command()

    assert len(mail.outbox) == 1


def test_queued_twice_before_the_worker_runs_it_is_still_sent_once(database_tasks: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    claimed(days_ago=61)
    run_command()
    run_command()
    assert DBTaskResult.objects.count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert len(mail.outbox) == 1
    assert CommitmentFollowUp.objects.get().sent_at is not None


def test_an_answer_is_recorded_once() -> None:
    claimed(days_ago=61)
    run_command()
    token = CommitmentFollowUp.objects.get().token

    answer_follow_up(token, "partly", "  No interpreter on nights.  ")
    with pytest.raises(FollowUpError, match="already answered"):
        answer_follow_up(token, "fully", "")

    follow_up = CommitmentFollowUp.objects.get()
    assert (follow_up.extent, follow_up.barriers) == ("partly", "No interpreter on nights.")
    assert follow_up.responded_at is not None


def test_a_bad_answer_changes_nothing() -> None:
    claimed(days_ago=61)
    token = CommitmentFollowUp.objects.get().token if schedule_follow_ups() else ""

    with pytest.raises(FollowUpError, match="Choose how far") as error:
        answer_follow_up(token, "maybe", "")
    assert error.value.field == "extent"
    with pytest.raises(FollowUpError, match="2,000 characters; you wrote 2,001"):
        answer_follow_up(token, "fully", "x" * 2001)
    with pytest.raises(FollowUpError, match="not valid"):
        answer_follow_up("no-such-token", "fully", "")
    assert CommitmentFollowUp.objects.get().responded_at is None


def test_the_learner_answers_through_the_link_without_signing_in(client: Client) -> None:
    claimed(days_ago=61)
    run_command()
    token = CommitmentFollowUp.objects.get().token
    url = reverse("outcomes:follow_up", args=[token])

    page = client.get(url)
    assert page.status_code == 200
    assert "Ask every patient which language they prefer &amp; note it." in page.text

    empty = client.post(url, {"barriers": ""})
    assert "Choose how far you made the change." in empty.text
    assert 'aria-describedby=" id_extent_error"' in empty.text
    assert '<a href="#id_extent_0">Choose how far' in empty.text  # the error summary
    assert CommitmentFollowUp.objects.get().responded_at is None

    done = client.post(url, {"extent": "fully", "barriers": "Time."}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("outcomes:follow_up_done", args=[token])
    assert "Thank you" in done.text

    again = client.post(url, {"extent": "not_yet", "barriers": ""})
    assert again.status_code == 302
    assert CommitmentFollowUp.objects.get().extent == "fully"


def test_an_unknown_token_is_not_found(client: Client) -> None:
    assert client.get(reverse("outcomes:follow_up", args=["nope"])).status_code == 404
    assert client.get(reverse("outcomes:follow_up_done", args=["nope"])).status_code == 404


def test_results_per_activity_count_sent_answered_extent_and_barriers() -> None:
    course = make_online_course(title="Advancing Health Equity")
    claimed(days_ago=61, course=course)
    claimed(days_ago=62, course=course, commitment="Use the teach-back method.")
    claimed(days_ago=5, course=course, commitment="Screen for social needs.")
    run_command()
    sent = CommitmentFollowUp.objects.filter(sent_at__isnull=False)
    answer_follow_up(sent[0].token, "partly", "Clinic schedule too tight.")

    results = follow_up_results(course)

    assert (results.scheduled, results.sent, results.responded) == (3, 2, 1)
    assert results.extents == [
        ("Fully", 0),
        ("Partly", 1),
        ("Not yet", 0),
        ("Not applicable any more", 0),
    ]
    assert results.barriers == ["Clinic schedule too tight."]
