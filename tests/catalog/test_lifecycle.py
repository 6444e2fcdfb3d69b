"""Activity statuses move only along allowed transitions, each with its rules, each logged."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from equitylens.audit.services import entries_for
from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from equitylens.catalog.services.lifecycle import (
    TransitionError,
    add_years,
    approval_period_problems,
    change_status,
    close_activity,
    expire_due_activities,
    open_activity,
    problems_before_opening,
    return_to_development,
)
from tests.disclosures.factories_disclosures import make_cleared_planner
from tests.factories import make_activity, make_coordinator, make_offering, make_organization

pytestmark = pytest.mark.django_db


def draft(**extra):  # type: ignore[no-untyped-def]
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, **extra)
    make_offering(activity, amount="1.0")
    make_cleared_planner(activity)  # disclosures must not block opening
    return activity


def test_a_complete_live_activity_opens_and_the_change_is_logged() -> None:
    coordinator = make_coordinator()
    activity = draft()
    open_activity(activity, coordinator)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.OPEN
    [entry] = entries_for(activity)
    assert entry.action == "activity.status_changed"
    assert entry.actor == coordinator
    assert entry.data["old"] == "in_development" and entry.data["new"] == "open"


def test_enduring_material_cannot_open_without_release_and_expiration_dates() -> None:
    activity = draft(format=ActivityFormat.ENDURING, starts_on=None, ends_on=None)
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    text = " ".join(refused.value.problems)
    assert "Release date" in text and "Expiration date" in text
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_DEVELOPMENT


def test_enduring_material_is_approved_for_at_most_three_years() -> None:
    release = timezone.localdate()
    exactly_three = draft(format=ActivityFormat.ENDURING, starts_on=release,
                          ends_on=add_years(release, 3))  # fmt: skip
    open_activity(exactly_three, None)
    one_day_more = draft(format=ActivityFormat.ENDURING, starts_on=release,
                         ends_on=add_years(release, 3) + timedelta(days=1))  # fmt: skip
    with pytest.raises(TransitionError) as refused:
        open_activity(one_day_more, None)
    assert "at most 3 years" in refused.value.problems[0]
    assert "latest expiration date is" in refused.value.problems[0]


def test_three_years_from_a_leap_day_ends_on_the_28th_of_february() -> None:
    assert add_years(date(2028, 2, 29), 3) == date(2031, 2, 28)


def test_opening_lists_every_missing_piece_at_once() -> None:
    activity = make_activity(
        status=ActivityStatus.IN_DEVELOPMENT, objectives=(), audience=Audience.INTERNAL
    )
    problems = problems_before_opening(activity)
    assert any(p.startswith("Learning objectives") for p in problems)
    assert any(p.startswith("Credit") for p in problems)
    assert any(p.startswith("Audience") for p in problems)


def test_internal_activity_opens_once_it_names_an_organization() -> None:
    activity = draft(audience=Audience.INTERNAL, internal_to=(make_organization(),))
    open_activity(activity, None)
    assert activity.status == ActivityStatus.OPEN


def test_invalid_credit_blocks_opening() -> None:
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, duration_minutes=60)
    make_offering(activity, amount="2.0")
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    assert "cannot designate more AMA PRA Category 1 credit than it lasts" in str(refused.value)


def test_transitions_that_are_not_allowed_are_refused() -> None:
    activity = draft()
    with pytest.raises(TransitionError, match="cannot become closed"):
        close_activity(activity, None)
    open_activity(activity, None)
    with pytest.raises(TransitionError, match="cannot become in development"):
        return_to_development(activity, None)


def test_open_close_reopen_expire_and_review_again() -> None:
    activity = draft()
    open_activity(activity, None)
    close_activity(activity, None, reason="Full")
    open_activity(activity, None)
    change_status(activity, ActivityStatus.EXPIRED, None)
    return_to_development(activity, None, reason="Annual review")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_DEVELOPMENT
    assert len(entries_for(activity)) == 5


def test_asking_for_the_current_status_again_changes_and_logs_nothing() -> None:
    activity = draft()
    open_activity(activity, None)
    open_activity(activity, None)
    assert len(entries_for(activity)) == 1


def test_enduring_material_expires_by_itself_after_its_expiration_date() -> None:
    today = timezone.localdate()
    past = make_activity(format=ActivityFormat.ENDURING, starts_on=today - timedelta(days=400),
                         ends_on=today - timedelta(days=1))  # fmt: skip
    current = make_activity(format=ActivityFormat.ENDURING)
    live_past = make_activity(format=ActivityFormat.LIVE_COURSE,
                              starts_on=today - timedelta(days=3), ends_on=today - timedelta(days=3))  # fmt: skip
    assert [a.pk for a in expire_due_activities()] == [past.pk]
    assert expire_due_activities() == []
    past.refresh_from_db()
    current.refresh_from_db()
    live_past.refresh_from_db()
    assert past.status == ActivityStatus.EXPIRED
    assert current.status == ActivityStatus.OPEN
    assert live_past.status == ActivityStatus.OPEN


def test_expire_activities_command_reports_what_it_expired() -> None:
    today = timezone.localdate()
    make_activity("Old course", format=ActivityFormat.ENDURING,
                  starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=2))  # fmt: skip
    out = StringIO()
    call_command("expire_activities", stdout=out)
    assert "Expired: Old course" in out.getvalue()
    assert "1 activity expired." in out.getvalue()
    again = StringIO()
    call_command("expire_activities", stdout=again)
    assert again.getvalue().strip() == "0 activities expired."


def test_expiry_is_logged_as_a_change_made_by_the_system() -> None:
    today = timezone.localdate()
    activity = make_activity(format=ActivityFormat.ENDURING,
                             starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=1))  # fmt: skip
    expire_due_activities()
    [entry] = entries_for(activity)
    assert entry.actor is None
    assert entry.data == {"old": "open", "new": "expired", "reason": "end date passed"}


def test_expiry_leaves_drafts_and_already_expired_material_alone() -> None:
    today = timezone.localdate()
    past = {"format": ActivityFormat.ENDURING, "starts_on": today - timedelta(days=400),
            "ends_on": today - timedelta(days=1)}  # fmt: skip
    draft_course = make_activity(status=ActivityStatus.IN_DEVELOPMENT, **past)
    make_activity(status=ActivityStatus.EXPIRED, **past)
    closed = make_activity(status=ActivityStatus.CLOSED, **past)
    assert [a.pk for a in expire_due_activities()] == [closed.pk]
    draft_course.refresh_from_db()
    assert draft_course.status == ActivityStatus.IN_DEVELOPMENT


def test_material_released_on_a_leap_day_may_expire_on_28_february_three_years_on() -> None:
    release = date(2028, 2, 29)
    on_the_28th = draft(
        format=ActivityFormat.ENDURING, starts_on=release, ends_on=date(2031, 2, 28)
    )
    assert approval_period_problems(on_the_28th) == []
    on_the_1st = draft(format=ActivityFormat.ENDURING, starts_on=release, ends_on=date(2031, 3, 1))
    [problem] = approval_period_problems(on_the_1st)
    assert "latest expiration date is Feb 28, 2031" in problem


def test_expiration_date_must_come_after_release() -> None:
    today = timezone.localdate()
    activity = draft(format=ActivityFormat.ENDURING, starts_on=today, ends_on=today)
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    assert "Expiration date: must be after the release date." in refused.value.problems


def test_a_one_day_live_activity_whose_day_has_passed_cannot_open() -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    activity = draft(starts_on=yesterday, ends_on=None)
    with pytest.raises(TransitionError) as refused:
        open_activity(activity, None)
    assert any(p.startswith("Start date:") and "has passed" in p for p in refused.value.problems)


def test_an_online_course_offering_moc_cannot_open_without_a_post_test() -> None:
    from equitylens.learning.models import ModuleKind
    from tests.factories import make_module, make_question

    course = draft(format=ActivityFormat.ENDURING, duration_minutes=60)
    make_offering(course, credit_type="moc_abim", amount="1.0", unit="points")
    make_module(course, ModuleKind.READING)
    with pytest.raises(TransitionError) as refused:
        open_activity(course, make_coordinator())
    assert any("offers MOC" in problem for problem in refused.value.problems)
    course.refresh_from_db()
    assert course.status == ActivityStatus.IN_DEVELOPMENT
    post_test = make_module(course, ModuleKind.POST_TEST, title="Post-test")
    assert any("“Post-test” has no questions" in p for p in problems_before_opening(course))
    make_question(post_test)
    assert problems_before_opening(course) == []
    open_activity(course, make_coordinator("other@example.org"))
    course.refresh_from_db()
    assert course.status == ActivityStatus.OPEN
