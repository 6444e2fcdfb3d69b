"""Membership rules: apply, approve, decline, re-apply, leave — and the e-mails they send."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.community.models import ApplicationStatus, CommunityMembership
from equitylens.community.services.membership import (
    CommunityRuleError,
    apply,
    approve,
    decline,
    is_community_member,
    leave,
)
from tests.community.factories_community import make_application, make_member
from tests.factories import make_coordinator, make_learner

pytestmark = pytest.mark.django_db

ANSWERS = {
    "organization_name": "Northside Community Clinic",
    "role": "Nurse educator",
    "statement": "I run our equity huddles.",
    "interests": "language access, maternal health",
}


def test_applying_creates_one_pending_application_and_logs_it() -> None:
    learner = make_learner()
    membership = apply(learner, **ANSWERS, by=learner)
    assert membership.status == ApplicationStatus.PENDING
    assert membership.organization_name == "Northside Community Clinic"
    assert LogEntry.objects.filter(
        action="community.applied", object_id=str(membership.pk)
    ).exists()
    assert not is_community_member(learner)


@pytest.mark.parametrize("field", ["organization_name", "role", "statement"])
def test_an_application_needs_organization_role_and_statement(field: str) -> None:
    learner = make_learner()
    with pytest.raises(CommunityRuleError) as refused:
        apply(learner, **{**ANSWERS, field: "  "}, by=learner)
    assert refused.value.field == field
    assert not CommunityMembership.objects.exists()


def test_a_second_application_while_pending_is_refused_and_changes_nothing() -> None:
    learner = make_learner()
    apply(learner, **ANSWERS, by=learner)
    with pytest.raises(CommunityRuleError, match="already waiting for review"):
        apply(learner, **{**ANSWERS, "role": "Changed"}, by=learner)
    assert CommunityMembership.objects.get(user=learner).role == "Nurse educator"


def test_a_member_cannot_apply_again() -> None:
    member = make_member()
    with pytest.raises(CommunityRuleError, match="already a member"):
        apply(member.user, **ANSWERS, by=member.user)


def test_approving_makes_a_member_and_emails_them(django_capture_on_commit_callbacks: Any) -> None:
    coordinator = make_coordinator()
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        approved = approve(application, by=coordinator)
    assert approved.status == ApplicationStatus.APPROVED
    assert approved.decided_by == coordinator and approved.decided_at is not None
    assert is_community_member(application.user)
    assert CommunityMembership.objects.get(pk=application.pk).status == "approved"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.user.email]
    assert mail.outbox[0].subject == "Welcome to the community of practice"
    assert "/community/" in mail.outbox[0].body
    assert LogEntry.objects.filter(action="community.approved").count() == 1


def test_approving_twice_changes_nothing_and_sends_one_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator = make_coordinator()
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        approve(application, by=coordinator)
        approve(application, by=coordinator)
    assert len(mail.outbox) == 1
    assert LogEntry.objects.filter(action="community.approved").count() == 1


def test_declining_needs_a_reason() -> None:
    application = make_application()
    with pytest.raises(CommunityRuleError) as refused:
        decline(application, "   ", by=make_coordinator())
    assert refused.value.field == "reason"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert mail.outbox == []


def test_declining_records_the_reason_and_emails_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        declined = decline(
            application, "Please add your current equity role.", by=make_coordinator()
        )
    assert declined.status == ApplicationStatus.DECLINED
    assert declined.decline_reason == "Please add your current equity role."
    assert mail.outbox[0].subject == "Your community of practice application"
    assert "Please add your current equity role." in mail.outbox[0].body


def test_only_pending_applications_can_be_decided() -> None:
    coordinator = make_coordinator()
    declined = make_application(status=ApplicationStatus.DECLINED, decline_reason="x")
    with pytest.raises(CommunityRuleError, match="Only applications waiting"):
        approve(declined, by=coordinator)
    member = make_member()
    with pytest.raises(CommunityRuleError, match="Only applications waiting"):
        decline(member, "No", by=coordinator)


def test_reapplying_after_a_decline_reopens_the_same_application() -> None:
    application = make_application()
    decline(application, "Tell us more.", by=make_coordinator())
    reopened = apply(application.user, **ANSWERS, by=application.user)
    assert reopened.pk == application.pk
    assert reopened.status == ApplicationStatus.PENDING
    assert reopened.decline_reason == "" and reopened.decided_by is None
    assert reopened.role == "Nurse educator"
    assert CommunityMembership.objects.count() == 1


def test_leaving_removes_the_member_from_the_directory() -> None:
    member = make_member(listed=True)
    left = leave(member, by=member.user)
    assert left.status == ApplicationStatus.LEFT
    assert left.listed_in_directory is False
    assert not is_community_member(type(member.user).objects.get(pk=member.user.pk))
    assert leave(left, by=member.user).status == ApplicationStatus.LEFT  # twice: no change
    with pytest.raises(CommunityRuleError):
        leave(make_application(), by=None)


@pytest.mark.django_db(transaction=True)
def test_decision_emails_wait_for_the_background_worker(database_tasks: None) -> None:
    application = make_application()
    approve(application, by=make_coordinator())
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[application.user.email]]


@pytest.mark.django_db(transaction=True)
def test_two_first_applications_at_once_keep_one(shared_database: None) -> None:
    from tests.learning.concurrency import post_at_once, signed_in_clients

    learner = make_learner()
    clients = signed_in_clients(learner, 2)
    responses = post_at_once(clients, reverse("community:apply"), ANSWERS)
    assert sorted(response.status_code for response in responses) == [302, 302]
    assert CommunityMembership.objects.filter(user=learner).count() == 1
