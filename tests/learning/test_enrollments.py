"""Rules of the enrollment's states (learning.services.enrollments)."""

from __future__ import annotations

import pytest
from django.core import mail

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityStatus, Audience
from equitylens.learning.models import Enrollment, EnrollmentStatus, ModuleProgress
from equitylens.learning.services.enrollments import (
    LearningRuleError,
    can_start,
    completion_date,
    evaluation_blocker,
    lock_enrollment,
    missing_required_modules,
    record_claimed,
    record_code_verified,
    record_evaluated,
    record_modules_completed,
    start_enrollment,
)
from tests.factories import (
    make_activity,
    make_enrollment,
    make_learner,
    make_membership,
    make_module,
    make_online_course,
    make_organization,
    make_verified_enrollment,
)

pytestmark = pytest.mark.django_db


def complete_all(enrollment: Enrollment) -> None:
    from django.utils import timezone

    for module in enrollment.activity.modules.all():
        ModuleProgress.objects.get_or_create(
            enrollment=enrollment, module=module, defaults={"completed_at": timezone.now()}
        )


class TestStarting:
    def test_start_creates_one_enrollment_and_sends_confirmation(
        self, django_capture_on_commit_callbacks
    ):
        learner = make_learner()
        course = make_online_course(title="Bias in the Clinic")
        with django_capture_on_commit_callbacks(execute=True):
            enrollment, created = start_enrollment(learner, course)
        assert created and enrollment.status == EnrollmentStatus.STARTED
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [learner.email]
        assert "Bias in the Clinic" in mail.outbox[0].subject
        assert f"/learn/{course.slug}/" in mail.outbox[0].body

    def test_starting_twice_resumes_the_same_enrollment(self, django_capture_on_commit_callbacks):
        learner = make_learner()
        course = make_online_course()
        first, _ = start_enrollment(learner, course)
        with django_capture_on_commit_callbacks(execute=True):
            second, created = start_enrollment(learner, course)
        assert second.pk == first.pk and not created
        assert Enrollment.objects.count() == 1
        assert mail.outbox == []

    def test_closed_activity_cannot_be_started(self):
        course = make_online_course(status=ActivityStatus.CLOSED)
        with pytest.raises(LearningRuleError, match="not open"):
            start_enrollment(make_learner(), course)
        assert not Enrollment.objects.exists()

    def test_enrolled_learner_resumes_after_the_activity_closed(self):
        learner = make_learner()
        course = make_online_course()
        enrollment, _ = start_enrollment(learner, course)
        course.status = ActivityStatus.CLOSED
        course.save()
        assert start_enrollment(learner, course) == (enrollment, False)

    def test_internal_activity_only_for_its_organizations(self):
        health_system = make_organization()
        course = make_online_course(audience=Audience.INTERNAL, internal_to=(health_system,))
        outsider, insider = make_learner(), make_learner()
        make_membership(insider, health_system)
        assert can_start(outsider, course) == "This activity is open only to its intended audience."
        assert can_start(insider, course) is None
        with pytest.raises(LearningRuleError):
            start_enrollment(outsider, course)


class TestModulesAndCode:
    def test_modules_completed_only_when_every_required_module_is_done(self):
        course = make_online_course()
        make_module(course, "reading", title="Further reading", required=False)
        enrollment = make_enrollment(make_learner(), course)
        assert missing_required_modules(enrollment)[0].title == "What bias is"
        with pytest.raises(LearningRuleError, match="What bias is"):
            record_modules_completed(enrollment)
        for module in course.modules.filter(required=True):
            ModuleProgress.objects.create(
                enrollment=enrollment, module=module, completed_at=enrollment.started_at
            )
        assert record_modules_completed(enrollment) is True
        assert record_modules_completed(enrollment) is False  # a repeat changes nothing
        assert LogEntry.objects.filter(action="enrollment.modules_completed").count() == 1

    def test_online_code_needs_completed_modules(self):
        enrollment = make_enrollment(make_learner(), make_online_course())
        with pytest.raises(LearningRuleError, match="required module"):
            record_code_verified(enrollment, "ABCDEF")

    def test_live_code_verification_is_idempotent(self):
        enrollment = make_enrollment(make_learner(), make_activity())
        assert record_code_verified(enrollment, "ABCDEF") is True
        assert record_code_verified(enrollment, "ABCDEF") is False
        enrollment.refresh_from_db()
        assert enrollment.status == EnrollmentStatus.CODE_VERIFIED


class TestEvaluationAndClaim:
    def test_evaluation_blockers_in_the_learners_words(self):
        course = make_online_course()
        enrollment = make_enrollment(make_learner(), course)
        assert "Complete every required module" in (evaluation_blocker(enrollment) or "")
        complete_all(enrollment)
        assert evaluation_blocker(enrollment) == "Enter your attendance verification code first."
        verified = make_verified_enrollment(make_learner(), course)
        assert evaluation_blocker(verified) is None

    def test_an_expired_course_can_no_longer_be_evaluated(self):
        from datetime import timedelta

        from django.utils import timezone

        course = make_online_course()
        enrollment = make_verified_enrollment(make_learner(), course)
        course.ends_on = timezone.localdate() - timedelta(days=1)
        course.save()
        assert "approval period ended" in (evaluation_blocker(enrollment) or "")

    def test_evaluated_locks_the_record_and_cannot_repeat(self):
        enrollment = make_verified_enrollment(make_learner(), make_activity())
        record_evaluated(lock_enrollment(enrollment))
        enrollment.refresh_from_db()
        assert enrollment.is_locked and enrollment.status == EnrollmentStatus.EVALUATED
        with pytest.raises(LearningRuleError, match="already submitted"):
            record_evaluated(enrollment)

    def test_claim_needs_evaluation_and_happens_once(self):
        enrollment = make_verified_enrollment(make_learner(), make_activity())
        with pytest.raises(LearningRuleError, match="evaluation"):
            record_claimed(enrollment)
        record_evaluated(enrollment)
        record_claimed(enrollment)
        assert enrollment.status == EnrollmentStatus.CLAIMED
        with pytest.raises(LearningRuleError, match="already claimed"):
            record_claimed(enrollment)


def test_completion_date_of_a_live_activity_is_its_last_day():
    from datetime import date, timedelta

    from django.utils import timezone

    last_week = timezone.localdate() - timedelta(days=7)
    workshop = make_activity(starts_on=last_week, ends_on=last_week)
    enrollment = make_verified_enrollment(make_learner(), workshop)
    record_evaluated(enrollment)
    assert completion_date(enrollment) == last_week
    course = make_online_course()
    online = make_verified_enrollment(make_learner(), course)
    record_evaluated(online)
    assert completion_date(online) == timezone.localdate()
    assert isinstance(completion_date(online), date)
