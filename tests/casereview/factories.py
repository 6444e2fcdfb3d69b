"""Factories for Health Equity M&M series, review bodies and cases."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.casereview.models import (
    Case,
    CaseSeries,
    CaseStatus,
    ReviewBodyMember,
    ReviewRole,
    SubmissionKind,
)
from tests.factories import make_membership, make_organization, make_user

_seq = itertools.count(1)


def make_series(organization: Organization | None = None, **extra: Any) -> CaseSeries:
    """A series with goals and ground rules written (framing questions: the defaults)."""
    organization = organization or make_organization()
    n = next(_seq)
    extra.setdefault("title", f"Equity case conference {n}")
    extra.setdefault("slug", f"series-{n}")
    extra.setdefault("goals", "Learn from cases where inequity shaped care.")
    extra.setdefault("ground_rules", "Assume good intent. What is said here stays here.")
    return CaseSeries.objects.create(organization=organization, **extra)


def seat(
    series: CaseSeries,
    user: User | None = None,
    role: str = ReviewRole.COMMITTEE_MEMBER,
    *,
    acknowledged: bool = True,
    **extra: Any,
) -> ReviewBodyMember:
    """Give `user` (a new org member when None) a seat in the series' review body."""
    if user is None:
        user = make_user()
        make_membership(user, series.organization)
    return ReviewBodyMember.objects.create(
        series=series,
        user=user,
        role=role,
        ground_rules_acknowledged_version=series.ground_rules_version if acknowledged else None,
        ground_rules_acknowledged_at=timezone.now() if acknowledged else None,
        **extra,
    )


def make_case(
    series: CaseSeries,
    submitted_by: User | None = None,
    status: str = CaseStatus.SUBMITTED,
    **extra: Any,
) -> Case:
    """A case stored directly in `status` (use the services to test transitions)."""
    number = (series.cases.aggregate(top=Max("number"))["top"] or 0) + 1
    extra.setdefault("kind", SubmissionKind.CASE)
    extra.setdefault("title", f"Interpreter not offered ({number})")
    extra.setdefault(
        "summary", "A patient who prefers Spanish was discharged without an interpreter."
    )
    return Case.objects.create(
        series=series, number=number, submitted_by=submitted_by, status=status, **extra
    )


@dataclass
class ReviewBody:
    """A series with one person in each role, an org admin, a plain org member and an
    outsider (member of another organization)."""

    series: CaseSeries
    facilitator: User
    presenter: User
    content_expert: User
    committee_member: User
    org_admin: User
    org_member: User
    outsider: User


def make_review_body(organization: Organization | None = None) -> ReviewBody:
    series = make_series(organization)
    org = series.organization
    people = {}
    for role in ReviewRole:
        people[role.value] = seat(series, None, role.value).user
    admin = make_user()
    make_membership(admin, org, role=MembershipRole.ORG_ADMIN)
    member = make_user()
    make_membership(member, org)
    outsider = make_user()
    make_membership(outsider, make_organization())
    return ReviewBody(
        series=series,
        facilitator=people[ReviewRole.FACILITATOR],
        presenter=people[ReviewRole.PRESENTER],
        content_expert=people[ReviewRole.CONTENT_EXPERT],
        committee_member=people[ReviewRole.COMMITTEE_MEMBER],
        org_admin=admin,
        org_member=member,
        outsider=outsider,
    )
