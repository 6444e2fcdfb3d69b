"""The rules of setting up a series and its review body (services.series)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.accounts.models import MembershipRole
from equitylens.audit.models import LogEntry
from equitylens.casereview.models import (
    DEFAULT_FRAMING_QUESTIONS,
    ActionItem,
    ActionLevel,
    ActionStatus,
    CaseSeries,
    ReviewBodyMember,
    ReviewRole,
)
from equitylens.casereview.services.series import (
    SeriesDetails,
    SeriesError,
    acknowledge_ground_rules,
    add_member,
    change_member,
    create_series,
    has_acknowledged,
    members_pending_acknowledgment,
    my_series,
    remove_member,
    series_overview,
    update_series,
)
from equitylens.catalog.models import ActivityFormat
from tests.casereview.factories import make_case, make_review_body, make_series, seat
from tests.factories import (
    make_activity,
    make_coordinator,
    make_membership,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db

DETAILS = SeriesDetails(
    title="Medicine equity case conference",
    goals="Learn together from cases where inequity shaped care.",
    ground_rules="Assume good intent. What is said here stays here.",
)


@pytest.fixture
def org() -> Any:
    return make_organization("Riverbend Health", slug="riverbend")


@pytest.fixture
def admin(org: Any) -> Any:
    user = make_user("admin@riverbend.example")
    make_membership(user, org, role=MembershipRole.ORG_ADMIN)
    return user


def create(org: Any, admin: Any, details: SeriesDetails = DETAILS, **extra: Any) -> CaseSeries:
    extra.setdefault("facilitator_email", admin.email)
    extra.setdefault("facilitator_qualifications", "Trained facilitator, 5 years of QI work.")
    return create_series(org, admin, details, **extra)


def errors_of(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(SeriesError) as caught:
        call(*args, **kwargs)
    return caught.value.errors


def details(**changes: Any) -> SeriesDetails:
    values = {**DETAILS.__dict__, **changes}
    return SeriesDetails(**values)


# Creating a series


def test_admin_creates_series_with_default_questions_and_a_facilitator_seat(
    org: Any, admin: Any
) -> None:
    series = create(org, admin)
    assert series.slug == "medicine-equity-case-conference"
    assert series.framing_questions == DEFAULT_FRAMING_QUESTIONS
    assert series.retention_days == 730
    facilitator = ReviewBodyMember.objects.get(series=series)
    assert (facilitator.user, facilitator.role) == (admin, ReviewRole.FACILITATOR)
    assert facilitator.qualifications.startswith("Trained facilitator")
    assert LogEntry.objects.filter(action="casereview.series.created").count() == 1


def test_coordinator_and_other_organizations_admin_cannot_create(org: Any, admin: Any) -> None:
    other_admin = make_user()
    make_membership(other_admin, make_organization(), role=MembershipRole.ORG_ADMIN)
    for outsider in (make_coordinator(), other_admin):
        found = errors_of(create, org, outsider, facilitator_email=admin.email)
        assert "Only admins of Riverbend Health" in found["__all__"]
    assert not CaseSeries.objects.exists()


def test_same_title_twice_is_refused_and_makes_no_second_series(org: Any, admin: Any) -> None:
    create(org, admin)
    found = errors_of(create, org, admin, details(title="MEDICINE equity case conference"))
    assert found["title"].startswith("A series with this title already exists")
    assert CaseSeries.objects.count() == 1
    assert ReviewBodyMember.objects.count() == 1


def test_slug_is_unique_per_organization_when_titles_differ_only_in_punctuation(
    org: Any, admin: Any
) -> None:
    first = create(org, admin)
    second = create(org, admin, details(title="Medicine: equity case conference!"))
    assert (first.slug, second.slug) == (
        "medicine-equity-case-conference",
        "medicine-equity-case-conference-2",
    )
    other_admin = make_user()
    other = make_organization()
    make_membership(other_admin, other, role=MembershipRole.ORG_ADMIN)
    elsewhere = create(other, other_admin)
    assert elsewhere.slug == "medicine-equity-case-conference"


def test_every_problem_is_named_and_nothing_saved(org: Any, admin: Any) -> None:
    live = make_activity(format=ActivityFormat.LIVE_COURSE, title="Bias workshop")
    found = errors_of(
        create,
        org,
        admin,
        details(title=" ", goals="", ground_rules="", credit_activity=live, retention_days=5),
        facilitator_email="nobody@nowhere.example",
        facilitator_qualifications="",
    )
    assert set(found) == {
        "title",
        "goals",
        "ground_rules",
        "credit_activity",
        "retention_days",
        "facilitator_email",
        "facilitator_qualifications",
    }
    assert "“Bias workshop”" in found["credit_activity"]
    assert "you entered 5" in found["retention_days"]
    assert "nobody@nowhere.example" in found["facilitator_email"]
    assert found["facilitator_qualifications"] == "Note the facilitator's training and experience."
    assert not CaseSeries.objects.exists()


def test_facilitator_must_belong_to_the_organization(org: Any, admin: Any) -> None:
    stranger = make_user("stranger@elsewhere.example")
    make_membership(stranger, make_organization())
    found = errors_of(create, org, admin, facilitator_email="stranger@elsewhere.example")
    assert found["facilitator_email"] == (
        "stranger@elsewhere.example is not a member of Riverbend Health."
    )


def test_rss_activity_is_accepted(org: Any, admin: Any) -> None:
    rss = make_activity(format=ActivityFormat.RSS)
    assert create(org, admin, details(credit_activity=rss)).credit_activity == rss


# Updating: framing questions and the ground-rules version


def test_framing_questions_editable_until_fixed(org: Any, admin: Any) -> None:
    series = create(org, admin)
    questions = ["What happened to whom, and why?", "What will we change on our unit?"]
    series = update_series(series, admin, DETAILS, questions)
    assert series.framing_questions == questions
    series.framing_fixed_at = timezone.now()
    series.save()
    found = errors_of(update_series, series, admin, details(title="Renamed"), ["A new question?!"])
    assert "fixed since" in found["framing_questions"]
    series.refresh_from_db()
    assert (series.title, series.framing_questions) == (DETAILS.title, questions)
    # The same questions (or None) are not a change: the rest still saves.
    assert update_series(series, admin, details(title="Renamed"), questions).title == "Renamed"


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([], "between 1 and 8 framing questions, one per line; there are 0"),
        (["Is this a fair question?"] * 1 + [f"Question number {n}?" for n in range(8)], "are 9"),
        (["Why?", "How did inequity play out here?"], "Question 1 has 4 characters"),
        (["x" * 301], "Question 1 has 301 characters; shorten it to 300"),
        (["How did inequity play out?", "how did inequity play out?"], "repeats question 1"),
    ],
)
def test_framing_question_errors_are_specific(
    org: Any, admin: Any, questions: list[str], expected: str
) -> None:
    series = create(org, admin)
    assert (
        expected in errors_of(update_series, series, admin, DETAILS, questions)["framing_questions"]
    )
    series.refresh_from_db()
    assert series.framing_questions == DEFAULT_FRAMING_QUESTIONS


def test_changing_ground_rules_raises_version_and_asks_again(org: Any, admin: Any) -> None:
    series = create(org, admin)
    acknowledge_ground_rules(series, admin)
    assert has_acknowledged(admin, series)
    series = update_series(series, admin, details(title="Same rules, new title"), None)
    assert series.ground_rules_version == 1
    series = update_series(series, admin, details(ground_rules="No names. No blame."), None)
    assert series.ground_rules_version == 2
    assert not has_acknowledged(admin, series)
    assert [s.user for s in members_pending_acknowledgment(series)] == [admin]
    # Saving the same again is no change (a double submit does not bump twice).
    series = update_series(series, admin, details(ground_rules="No names. No blame."), None)
    assert series.ground_rules_version == 2
    acknowledge_ground_rules(series, admin)
    assert has_acknowledged(admin, series)
    assert members_pending_acknowledgment(series) == []


def test_acknowledging_twice_keeps_the_first_time(org: Any, admin: Any) -> None:
    series = create(org, admin)
    first = acknowledge_ground_rules(series, admin)
    again = acknowledge_ground_rules(series, admin)
    assert again.ground_rules_acknowledged_at == first.ground_rules_acknowledged_at
    assert LogEntry.objects.filter(action="casereview.ground_rules.acknowledged").count() == 1


def test_non_member_cannot_acknowledge(org: Any, admin: Any) -> None:
    series = create(org, admin)
    assert "__all__" in errors_of(acknowledge_ground_rules, series, make_user())


# The review body


def test_add_member_errors_name_the_email() -> None:
    body = make_review_body()
    series = body.series
    outsider_email = body.outsider.email
    assert (
        "No one with the e-mail address ghost@example.org"
        in errors_of(
            add_member, series, body.org_admin, email="ghost@example.org", role=ReviewRole.PRESENTER
        )["email"]
    )
    assert errors_of(
        add_member, series, body.org_admin, email=outsider_email, role=ReviewRole.PRESENTER
    )["email"] == (f"{outsider_email} is not a member of {series.organization.name}.")
    duplicate = errors_of(
        add_member, series, body.org_admin, email=body.presenter.email, role=ReviewRole.PRESENTER
    )["email"]
    assert duplicate == f"{body.presenter.email} already has a seat (Presenter)."


def test_facilitator_needs_qualifications() -> None:
    body = make_review_body()
    found = errors_of(
        add_member, body.series, body.org_admin, email=body.org_member.email, role="facilitator"
    )
    assert found == {"qualifications": "Note the facilitator's training and experience."}
    assert not ReviewBodyMember.objects.filter(user=body.org_member).exists()


def test_add_member_double_submit_returns_the_same_seat() -> None:
    body = make_review_body()
    args = {"email": body.org_member.email, "role": ReviewRole.CONTENT_EXPERT}
    first = add_member(body.series, body.org_admin, **args)
    second = add_member(body.series, body.org_admin, **args)
    assert first.pk == second.pk
    assert ReviewBodyMember.objects.filter(user=body.org_member).count() == 1


def test_removed_member_is_restored_and_acknowledges_again() -> None:
    body = make_review_body()
    seat_ = ReviewBodyMember.objects.get(series=body.series, user=body.presenter)
    remove_member(body.series, body.facilitator, seat_)
    seat_.refresh_from_db()
    assert seat_.removed_at is not None
    restored = add_member(
        body.series, body.facilitator, email=body.presenter.email, role=ReviewRole.PRESENTER
    )
    assert restored.pk == seat_.pk
    assert restored.removed_at is None
    assert restored.ground_rules_acknowledged_version is None


def test_last_facilitator_cannot_be_demoted_or_removed() -> None:
    body = make_review_body()
    only = ReviewBodyMember.objects.get(series=body.series, user=body.facilitator)
    found = errors_of(
        change_member,
        body.series,
        body.org_admin,
        only,
        role=ReviewRole.COMMITTEE_MEMBER,
        qualifications="",
    )
    assert "is the only facilitator of this series" in found["role"]
    assert (
        "is the only facilitator"
        in errors_of(remove_member, body.series, body.org_admin, only)["role"]
    )
    only.refresh_from_db()
    assert (only.role, only.removed_at) == (ReviewRole.FACILITATOR, None)
    # With a second facilitator, the first may step down.
    seat(body.series, role=ReviewRole.FACILITATOR, qualifications="Trained.")
    remove_member(body.series, body.org_admin, only)
    only.refresh_from_db()
    assert only.removed_at is not None


def test_change_member_role() -> None:
    body = make_review_body()
    expert = ReviewBodyMember.objects.get(series=body.series, user=body.content_expert)
    changed = change_member(
        body.series,
        body.facilitator,
        expert,
        role=ReviewRole.FACILITATOR,
        qualifications="Co-facilitated 12 sessions.",
    )
    assert changed.role == ReviewRole.FACILITATOR


# Overview and home


def test_overview_lists_overdue_and_open_actions_only() -> None:
    body = make_review_body()
    case = make_case(body.series)
    today = timezone.localdate()

    def action(days: int, status: str) -> ActionItem:
        return ActionItem.objects.create(
            case=case,
            description=f"Action due in {days} days ({status})",
            level=ActionLevel.INSTITUTIONAL,
            owner=body.facilitator,
            due_on=today + timedelta(days=days),
            status=status,
        )

    overdue = action(-3, ActionStatus.IN_PROGRESS)
    due_today = action(0, ActionStatus.OPEN)
    later = action(10, ActionStatus.OPEN)
    action(-5, ActionStatus.DONE)
    action(-5, ActionStatus.DROPPED)
    action(5, ActionStatus.DONE)
    other_series_case = make_case(make_series())
    ActionItem.objects.create(
        case=other_series_case,
        description="Elsewhere",
        level=ActionLevel.SOCIETAL,
        owner=body.facilitator,
        due_on=today - timedelta(days=1),
    )
    overview = series_overview(body.series, today=today)
    assert overview.overdue_actions == [overdue]
    assert overview.open_actions == [due_today, later]
    assert overview.total_cases == 1
    assert ("submitted", "Submitted", 1) in overview.status_counts


def test_home_shows_only_my_organizations_series() -> None:
    body = make_review_body()
    elsewhere = make_series()
    mine = my_series(body.org_admin)
    assert mine.seats == []
    assert mine.can_submit_to == [body.series]
    assert mine.administered == [(body.series.organization, [body.series])]
    presenter = my_series(body.presenter)
    assert [(s.series, needs) for s, needs in presenter.seats] == [(body.series, False)]
    assert elsewhere not in presenter.can_submit_to
    assert presenter.administered == []
