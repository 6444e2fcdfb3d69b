"""Every URL of Health Equity M&M, tried by everyone who must not get in.

For each pattern in equitylens.casereview.urls we build a real URL from fixtures and send
GET and an empty POST (the test client does not enforce CSRF, so the POST reaches the
view) as four people who must be refused:

- anonymous: not signed in;
- outsider: a member of another organization;
- coordinator: a platform coordinator (with two-factor) who holds no seat;
- plain_member: a member of the series' organization who submitted a different case.

Each must get 403 or 404 — never 200 or a redirect — and each attempt must leave a
CaseAccess row. The few documented exceptions are in ALLOWED below (see
docs/decisions/0011-case-review-confidentiality.md). As a check that the test can fail
the other way, the right insider gets 200 on every GET page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from equitylens.casereview.models import (
    AccessOutcome,
    ActionItem,
    ActionLevel,
    AgendaItem,
    Case,
    CaseAccess,
    CaseStatus,
    ConferenceSession,
    ReadinessAssessment,
    ReadinessLevel,
    ReviewBodyMember,
)
from equitylens.casereview.urls import urlpatterns
from tests.casereview.factories import ReviewBody, make_case, make_review_body
from tests.factories import make_coordinator, make_membership, make_user

pytestmark = pytest.mark.django_db

PROBES = ("anonymous", "outsider", "coordinator", "plain_member")

# Who of PROBES may open a page, and why. Everything else is refused to all four.
ALLOWED: dict[str, set[str]] = {
    # Signed-in people see their own series and submissions (never others' cases).
    "home": {"outsider", "coordinator", "plain_member"},
    "my_submissions": {"outsider", "coordinator", "plain_member"},
    # Any member of the series' organization may submit a case or a topic idea.
    "submit": {"plain_member"},
    # Coordinators help organizations with the readiness check (not with series).
    "readiness": {"coordinator"},
    "readiness_result": {"coordinator"},
    # De-identified counts may leave the module: coordinators see them.
    "aggregates": {"coordinator"},
    "aggregates_csv": {"coordinator"},
}

# Every URL name of the module and the insider who must get 200 on GET.
INSIDER: dict[str, str] = {
    "home": "facilitator",
    "readiness": "org_admin",
    "readiness_result": "org_admin",
    "series_new": "org_admin",
    "series": "facilitator",
    "series_setup": "facilitator",
    "members": "facilitator",
    "member_edit": "facilitator",
    "ground_rules": "facilitator",
    "submit": "facilitator",
    "my_submissions": "other_submitter",
    "my_submission": "other_submitter",
    "case_list": "facilitator",
    "case": "facilitator",
    "case_transition": "facilitator",
    "case_file": "facilitator",
    "case_prepare": "facilitator",
    "case_print": "facilitator",
    "case_pdf": "facilitator",
    "action_new": "facilitator",
    "action_edit": "facilitator",
    "action_list": "facilitator",
    "conference_new": "facilitator",
    "conference": "facilitator",
    "conference_run": "facilitator",
    "conference_theme": "facilitator",
    "conference_survey": "facilitator",
    "access_log": "facilitator",
    "aggregates": "facilitator",
    "aggregates_csv": "facilitator",
}

# Pages that only take a POST: a GET may answer 405 or send the insider back (302).
POST_ONLY = {"case_transition", "conference_theme"}


@dataclass
class World:
    body: ReviewBody
    target: Case  # submitted by someone other than every probe
    own: Case  # the plain member's own submission
    other_submitter: Any
    coordinator: Any
    kwargs: dict[str, Any]

    def user(self, who: str) -> Any:
        if who == "anonymous":
            return None
        if who in ("coordinator", "other_submitter"):
            return getattr(self, who)
        if who == "plain_member":
            return self.body.org_member
        return getattr(self.body, who)


def build_world() -> World:
    body = make_review_body()
    series = body.series
    other_submitter = make_user()
    make_membership(other_submitter, series.organization)
    target = make_case(
        series,
        submitted_by=other_submitter,
        status=CaseStatus.PREPARED,
        title="Wheelchair user left in the hallway overnight",
        summary="The accessible room was given to a later admission.",
        key_issues="Disability access",
        discussion_questions="Who decides room assignment?",
    )
    own = make_case(series, submitted_by=body.org_member, title="My own idea about signage")
    now = timezone.now()
    conference = ConferenceSession.objects.create(
        series=series,
        title="March conference",
        starts_at=now + timezone.timedelta(days=7),
        ends_at=now + timezone.timedelta(days=7, hours=1),
    )
    AgendaItem.objects.create(conference=conference, case=target)
    action = ActionItem.objects.create(
        case=target,
        description="Review the accessible-room policy",
        level=ActionLevel.INSTITUTIONAL,
        owner=body.facilitator,
        due_on=now.date(),
    )
    assessment = ReadinessAssessment.objects.create(
        organization=series.organization,
        completed_by=body.org_admin,
        answers={},
        level=ReadinessLevel.READY,
        summary="Ready.",
        next_steps=[],
    )
    seat = ReviewBodyMember.objects.get(series=series, user=body.presenter)
    kwargs = {
        "slug": series.organization.slug,
        "series_id": series.pk,
        "number": target.number,
        "case_id": target.pk,
        "member_id": seat.pk,
        "action_id": action.pk,
        "conference_id": conference.pk,
        "pk": assessment.pk,
    }
    return World(body, target, own, other_submitter, make_coordinator(), kwargs)


def url_for(pattern: URLPattern, kwargs: dict[str, Any]) -> str:
    names = list(pattern.pattern.converters)  # type: ignore[attr-defined]
    missing = [name for name in names if name not in kwargs]
    assert not missing, f"{pattern.name}: no fixture for URL kwargs {missing}"
    return reverse(f"casereview:{pattern.name}", kwargs={name: kwargs[name] for name in names})


def client_for(user: Any) -> Client:
    client = Client()  # enforce_csrf_checks=False: an empty POST reaches the view
    if user is not None:
        client.force_login(user)
    return client


def test_every_pattern_is_named_and_listed_here() -> None:
    names = [p.name for p in urlpatterns]
    assert all(names), "every case-review URL needs a name"
    assert sorted(names) == sorted(INSIDER), (
        "A case-review URL was added or removed: list it in INSIDER (and ALLOWED if an "
        "outsider may open it) so this test covers it."
    )
    assert set(ALLOWED) <= set(INSIDER)


@pytest.mark.parametrize("pattern", urlpatterns, ids=[p.name or "" for p in urlpatterns])
def test_outsiders_are_refused_and_every_attempt_is_logged(pattern: URLPattern) -> None:
    world = build_world()
    url = url_for(pattern, world.kwargs)
    name = pattern.name or ""
    for who in PROBES:
        user = world.user(who)
        for method in ("get", "post"):
            before = CaseAccess.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = getattr(client_for(user), method)(url)
            what = f"{method.upper()} {url} as {who}: {response.status_code}"
            rows = list(CaseAccess.objects.filter(pk__gt=before))
            assert rows, f"{what} left no access-log row"
            assert all(row.actor_id == (user.pk if user else None) for row in rows), what
            assert all(row.path == url for row in rows), what
            body = response.content.decode(errors="replace")
            if who in ALLOWED.get(name, set()):
                assert response.status_code not in (403, 404), what
                assert response.status_code < 500, what
                if method == "get":  # a POST may be refused as 405 and logged denied
                    assert any(row.outcome == AccessOutcome.ALLOWED for row in rows), what
                if name in ("home", "my_submissions"):
                    assert world.target.title not in body, f"{what} shows another's case"
            else:
                assert response.status_code in (403, 404), what
                assert all(row.outcome == AccessOutcome.DENIED for row in rows), what
                assert world.target.title not in body, f"{what} leaks the case title"
                assert world.target.summary not in body, f"{what} leaks the case summary"


@pytest.mark.parametrize("pattern", urlpatterns, ids=[p.name or "" for p in urlpatterns])
def test_the_right_insider_gets_in(pattern: URLPattern) -> None:
    world = build_world()
    name = pattern.name or ""
    who = INSIDER[name]
    response = client_for(world.user(who)).get(url_for(pattern, world.kwargs))
    expected = {200, 302, 405} if name in POST_ONLY else {200}
    assert response.status_code in expected, f"GET {name} as {who}: {response.status_code}"
    row = CaseAccess.objects.order_by("-pk").first()
    assert row is not None and row.outcome == AccessOutcome.ALLOWED


def test_a_submitter_sees_only_their_own_submission_in_my_submissions() -> None:
    world = build_world()
    client = client_for(world.body.org_member)
    html = client.get(reverse("casereview:my_submissions")).content.decode()
    assert reverse("casereview:my_submission", args=[world.own.pk]) in html
    assert reverse("casereview:my_submission", args=[world.target.pk]) not in html
    assert world.target.title not in html
    own_page = client.get(reverse("casereview:my_submission", args=[world.own.pk]))
    assert own_page.status_code == 200
    assert client.get(reverse("casereview:my_submission", args=[world.target.pk])).status_code in (
        403,
        404,
    )
