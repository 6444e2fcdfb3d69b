"""The disclosure rules: 24-month window, 12-month reuse, ownership refusal, mitigation,
the learner statement and the opening gate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from equitylens.audit.services import entries_for
from equitylens.catalog.models import ActivityStatus
from equitylens.catalog.services.lifecycle import TransitionError, open_activity
from equitylens.disclosures.models import ContentRole, ContentRoleStatus, Disclosure
from equitylens.disclosures.services.requests import current_disclosure, invite
from equitylens.disclosures.services.review import Decision, ReviewError, review
from equitylens.disclosures.services.statements import (
    NONE_STATEMENT,
    disclosure_statement,
    opening_blockers,
)
from equitylens.disclosures.services.submission import (
    DisclosureError,
    lookback_start,
    submit_disclosure,
)
from tests.disclosures.factories_disclosures import (
    latest_request,
    make_cleared_planner,
    make_invited,
    make_mitigated_faculty,
    relationship,
)
from tests.factories import make_activity, make_coordinator, make_offering

pytestmark = pytest.mark.django_db


def draft():  # type: ignore[no-untyped-def]
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, title="Bias in Triage")
    make_offering(activity, amount="1.0")
    return activity


def problems_of(error: pytest.ExceptionInfo[DisclosureError]) -> dict[tuple[int | None, str], str]:
    return {(p.row, p.field): p.message for p in error.value.problems}


# The 24-month window


def test_a_relationship_that_ended_within_24_months_is_accepted() -> None:
    role = make_invited(draft())
    ended = lookback_start(timezone.localdate())
    disclosure = submit_disclosure(
        role.person,
        relationships=[relationship(status="ended", ended_on=ended)],
        none=False,
        attested=True,
    )
    [saved] = disclosure.relationships.all()
    assert saved.ended_on == ended


def test_a_relationship_that_ended_more_than_24_months_ago_is_refused_naming_the_row() -> None:
    role = make_invited(draft())
    too_old = lookback_start(timezone.localdate()) - timedelta(days=1)
    with pytest.raises(DisclosureError) as refused:
        submit_disclosure(
            role.person,
            relationships=[relationship(), relationship(status="ended", ended_on=too_old)],
            none=False,
            attested=True,
        )
    message = problems_of(refused)[(2, "ended_on")]
    assert "more than 24 months ago" in message and "remove this row" in message
    assert "Relationship 2, ended on:" in str(refused.value)
    assert not Disclosure.objects.exists()


def test_an_ended_relationship_needs_its_end_date_and_not_a_future_one() -> None:
    role = make_invited(draft())
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DisclosureError) as refused:
        submit_disclosure(
            role.person,
            relationships=[
                relationship(status="ended", ended_on=None),
                relationship(status="ended", ended_on=tomorrow),
                relationship(company=" ", nature="", status=""),
            ],
            none=False,
            attested=True,
        )
    problems = problems_of(refused)
    assert "enter the date it ended" in problems[(1, "ended_on")]
    assert "in the future" in problems[(2, "ended_on")]
    assert set(problems) >= {(3, "company"), (3, "nature"), (3, "status")}


def test_attestation_and_either_none_or_relationships_are_required() -> None:
    role = make_invited(draft())
    with pytest.raises(DisclosureError) as refused:
        submit_disclosure(role.person, relationships=[], none=False, attested=False)
    problems = problems_of(refused)
    assert "tick the box to attest" in problems[(None, "attested")]
    assert "I have no financial relationships" in problems[(None, "none")]
    with pytest.raises(DisclosureError) as both:
        submit_disclosure(role.person, relationships=[relationship()], none=True, attested=True)
    assert "untick “none”" in problems_of(both)[(None, "none")]


def test_a_disclosure_of_none_clears_the_role_and_is_valid_for_12_months() -> None:
    role = make_invited(draft())
    disclosure = submit_disclosure(role.person, relationships=[], none=True, attested=True)
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.CLEARED and role.disclosure == disclosure
    assert disclosure.attestation_text.startswith("I attest")
    assert 365 <= (disclosure.valid_until - disclosure.submitted_at).days <= 366
    assert entries_for(disclosure).filter(action="disclosure.submitted").exists()


# Reuse for 12 months, with an update prompt


def test_a_disclosure_within_12_months_is_reused_with_an_update_prompt(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_invited(draft(), role="planner", email="reuse@example.org")
    submit_disclosure(first.person, relationships=[relationship()], none=False, attested=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = invite(
            make_activity(status=ActivityStatus.IN_DEVELOPMENT, title="Second activity"),
            email="reuse@example.org",
            name="Re Use",
            role="faculty",
            by=None,
        )
    assert second.status == ContentRoleStatus.DISCLOSED
    assert second.disclosure == current_disclosure(first.person)
    [message] = mail.outbox
    assert message.subject.startswith("Is your disclosure still complete?")
    assert latest_request(second).token in message.body
    assert latest_request(second).is_update_prompt


def test_a_disclosure_older_than_12_months_is_not_reused(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_invited(draft(), email="old@example.org")
    disclosure = submit_disclosure(first.person, relationships=[], none=True, attested=True)
    Disclosure.objects.filter(pk=disclosure.pk).update(
        submitted_at=timezone.now() - timedelta(days=400),
        valid_until=timezone.now() - timedelta(days=35),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = invite(draft(), email="old@example.org", name="Old", role="planner", by=None)
    assert second.status == ContentRoleStatus.INVITED and second.disclosure is None
    assert mail.outbox[0].subject.startswith("Please disclose")


def test_inviting_the_same_person_twice_keeps_one_role_and_sends_one_mail(
    django_capture_on_commit_callbacks: Any,
) -> None:
    activity = draft()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        one = invite(activity, email="Twice@Example.org", name="Two Times", role="faculty",
                     by=None)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        two = invite(activity, email="twice@example.org", name="Two Times", role="faculty",
                     by=None)  # fmt: skip
    assert one.pk == two.pk and ContentRole.objects.count() == 1
    assert len(mail.outbox) == 1
    assert one.person.first_name == "Two" and not one.person.has_usable_password()


# Ownership refusal (Standard 3)


def test_an_owner_or_employee_of_an_ineligible_company_is_refused_with_a_clear_message() -> None:
    activity = draft()
    role = make_invited(activity, name="Dana Stone")
    submit_disclosure(
        role.person,
        relationships=[relationship(company="Acme Pharma", nature="employee",
                                    is_owner_or_employee=True)],
        none=False,
        attested=True,
    )  # fmt: skip
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.REFUSED
    assert role.refusal_reason.startswith(
        "Owners and employees of ineligible companies cannot control content of accredited "
        "education (ACCME Standard 3)."
    )
    assert "Dana Stone reported being an owner or employee of Acme Pharma" in role.refusal_reason
    [blocker] = opening_blockers(activity)
    assert "Dana Stone (faculty) is refused" in blocker and "remove them" in blocker


# Review: relevance and mitigation


def test_a_relevant_relationship_needs_a_mitigation_and_nothing_is_saved_without_it() -> None:
    role = make_invited(draft())
    disclosure = submit_disclosure(
        role.person, relationships=[relationship()], none=False, attested=True
    )
    [rel] = disclosure.relationships.all()
    with pytest.raises(ReviewError) as refused:
        review(role, [Decision(rel.pk, True, "  ")], make_coordinator())
    assert "must be mitigated" in refused.value.problems[rel.pk]
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.DISCLOSED and not role.reviews.exists()


def test_every_relationship_needs_a_decision() -> None:
    role = make_invited(draft())
    submit_disclosure(
        role.person,
        relationships=[relationship(), relationship(company="Contoso Labs")],
        none=False,
        attested=True,
    )
    with pytest.raises(ReviewError) as refused:
        review(role, [], None)
    assert len(refused.value.problems) == 2


def test_a_mitigated_review_clears_the_role_and_is_logged() -> None:
    coordinator = make_coordinator()
    role = make_mitigated_faculty(draft(), by=coordinator)
    assert role.status == ContentRoleStatus.CLEARED
    [decision] = role.reviews.all()
    assert decision.relevant and decision.reviewed_by == coordinator
    assert entries_for(role).filter(action="disclosure.reviewed").exists()


def test_an_invited_role_cannot_be_reviewed() -> None:
    with pytest.raises(ReviewError):
        review(make_invited(draft()), [], None)


# The learner statement


def test_the_statement_names_each_relevant_relationship_and_says_it_was_mitigated() -> None:
    activity = draft()
    make_cleared_planner(activity)
    role = make_mitigated_faculty(activity, company="Northwind Medical Devices")
    assert disclosure_statement(activity) == [
        f"{role.person.display_name} (faculty) has a relevant financial relationship with "
        "Northwind Medical Devices (advisory board). It has been mitigated."
    ]


def test_the_statement_says_none_when_no_one_has_relevant_relationships() -> None:
    activity = draft()
    make_cleared_planner(activity)
    role = make_invited(activity)
    disclosure = submit_disclosure(
        role.person, relationships=[relationship()], none=False, attested=True
    )
    review(role, [Decision(disclosure.relationships.get().pk, False)], None)
    assert disclosure_statement(activity) == [NONE_STATEMENT]
    assert NONE_STATEMENT == (
        "None of the planners, faculty or others in control of content for this activity "
        "have relevant financial relationships with ineligible companies."
    )


def test_the_statement_does_not_claim_none_while_someone_has_not_disclosed() -> None:
    activity = draft()
    make_invited(activity)
    assert disclosure_statement(activity) == []
    make_cleared_planner(activity)
    assert disclosure_statement(activity) == []


# The opening gate


def test_an_activity_without_content_roles_cannot_open() -> None:
    activity = draft()
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    assert any("add the planners and faculty" in p for p in refused.value.problems)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_DEVELOPMENT


def test_the_gate_lists_each_missing_disclosure_and_review_by_name() -> None:
    activity = draft()
    make_invited(activity, role="planner", name="Nia Waiting")
    reviewing = make_invited(activity, role="reviewer", name="Omar Pending")
    submit_disclosure(
        reviewing.person, relationships=[relationship(company="Contoso Labs")],
        none=False, attested=True,
    )  # fmt: skip
    blockers = opening_blockers(activity)
    assert blockers == [
        "Disclosures: Nia Waiting (planner) has not disclosed yet; wait for them or resend "
        "the request.",
        "Disclosures: Omar Pending (reviewer) — decide whether Contoso Labs is relevant and "
        "record mitigations.",
    ]
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    assert set(blockers) <= set(refused.value.problems)


def test_an_expired_disclosure_blocks_opening() -> None:
    activity = draft()
    role = make_cleared_planner(activity)
    Disclosure.objects.filter(pk=role.disclosure_id).update(
        valid_until=timezone.now() - timedelta(days=1)
    )
    [blocker] = opening_blockers(activity)
    assert "disclosure expired" in blocker


def test_the_activity_opens_once_every_role_is_cleared() -> None:
    activity = draft()
    make_cleared_planner(activity)
    make_mitigated_faculty(activity)
    assert opening_blockers(activity) == []
    open_activity(activity, None)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.OPEN


def test_updating_a_disclosure_sends_a_cleared_role_back_to_review() -> None:
    activity = draft()
    role = make_cleared_planner(activity)
    submit_disclosure(role.person, relationships=[relationship()], none=False, attested=True)
    role.refresh_from_db()
    assert role.status == ContentRoleStatus.DISCLOSED
    assert len(opening_blockers(activity)) == 1
