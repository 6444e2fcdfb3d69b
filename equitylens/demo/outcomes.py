"""Demo data: completions of the video course by fictional learners, so reports have data.

Five learners who never sign in (unusable passwords) completed the public video course,
evaluated it and claimed credit; two are Riverbend Health members (Priya Patel's report).
Two claimed long enough ago that their commitment-to-change follow-up went out; one of
them answered. All text is ours and fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    User,
)
from equitylens.learning.models import (
    ClaimedCredit,
    CreditClaim,
    Enrollment,
    EnrollmentStatus,
    Evaluation,
)
from equitylens.learning.services.evaluations import QUALITY_ITEMS
from equitylens.outcomes.models import CommitmentFollowUp, FollowUpExtent

COURSE_SLUG = "advancing-health-equity-video-course"


@dataclass(frozen=True)
class DemoCompletion:
    email: str
    first_name: str
    last_name: str
    profession: str
    riverbend: bool
    days_ago: int
    rating: int
    intends_to_change: bool
    commitment: str
    free_of_commercial_bias: bool = True
    bias_explanation: str = ""
    comments: str = ""
    follow_up: str = ""  # "" none yet, "sent", or an extent when answered
    barriers: str = ""


COMPLETIONS = [
    DemoCompletion("devon.brooks@demo-learners.example", "Devon", "Brooks", "physician", True,
                   75, 5, True, "Ask every patient which language they prefer for care and "
                   "book an interpreter before the visit.", follow_up=FollowUpExtent.PARTLY,
                   barriers="Interpreters are hard to book for same-day visits."),
    DemoCompletion("lena.fischer@demo-learners.example", "Lena", "Fischer", "nurse", True,
                   70, 4, True, "Review my charting for stigmatizing words once a week.",
                   follow_up="sent", comments="The case videos were the most useful part."),
    DemoCompletion("marcus.hale@demo-learners.example", "Marcus", "Hale", "physician", False,
                   20, 4, False, "", free_of_commercial_bias=False,
                   bias_explanation="One slide showed a single brand of glucose meter."),
    DemoCompletion("ines.romero@demo-learners.example", "Inés", "Romero", "other_clinician",
                   False, 12, 5, True, "Use teach-back with every new prescription."),
    DemoCompletion("tariq.nasser@demo-learners.example", "Tariq", "Nasser", "nurse", False,
                   5, 3, True, "Screen for social needs at intake."),
]  # fmt: skip


def _credits_for(activity: Any, profession: str) -> list[Any]:
    return [
        offering
        for offering in activity.credit_offerings.all()
        if not offering.eligible_professions or profession in offering.eligible_professions
    ]


def _learner(entry: DemoCompletion, riverbend: Organization | None) -> User:
    user = User.objects.filter(email=entry.email).first()
    if user is None:
        user = User.objects.create_user(email=entry.email, password=None)
    user.first_name, user.last_name, user.profession = (
        entry.first_name,
        entry.last_name,
        entry.profession,
    )
    user.set_unusable_password()
    user.save()
    if entry.riverbend and riverbend is not None:
        Membership.objects.get_or_create(
            user=user,
            organization=riverbend,
            defaults={"role": MembershipRole.MEMBER, "source": MembershipSource.MANUAL},
        )
    return user


@transaction.atomic
def load_outcomes(activities: Any, users: Any) -> None:
    """Completions, evaluations, claims and follow-ups for the video course; idempotent.

    `activities` maps slug → Activity, `users` e-mail → User (unused: the learners here
    are our own). An existing enrollment of a demo learner is left as it is.
    """
    course = activities.get(COURSE_SLUG)
    if course is None:
        return
    riverbend = Organization.objects.filter(slug="riverbend-health").first()
    now = timezone.now()
    for entry in COMPLETIONS:
        user = _learner(entry, riverbend)
        if Enrollment.objects.filter(user=user, activity=course).exists():
            continue
        done_at = now - timedelta(days=entry.days_ago)
        enrollment = Enrollment.objects.create(
            user=user,
            activity=course,
            status=EnrollmentStatus.CLAIMED,
            modules_completed_at=done_at,
            code_verified_at=done_at,
            evaluated_at=done_at,
            claimed_at=done_at,
        )
        Enrollment.objects.filter(pk=enrollment.pk).update(started_at=done_at - timedelta(days=2))
        evaluation = Evaluation.objects.create(
            enrollment=enrollment,
            objective_ratings={str(o.pk): entry.rating for o in course.objectives.all()},
            intends_to_change=entry.intends_to_change,
            change_description=entry.commitment if entry.intends_to_change else "",
            commitment=entry.commitment,
            free_of_commercial_bias=entry.free_of_commercial_bias,
            bias_explanation=entry.bias_explanation,
            quality_ratings={key: max(entry.rating - 1, 3) for key, _ in QUALITY_ITEMS},
            comments=entry.comments,
        )
        Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=done_at)
        claim = CreditClaim.objects.create(
            enrollment=enrollment, user=user, activity=course, completed_on=done_at.date()
        )
        CreditClaim.objects.filter(pk=claim.pk).update(claimed_at=done_at)
        for offering in _credits_for(course, entry.profession):
            ClaimedCredit.objects.create(
                claim=claim,
                credit_type=offering.credit_type,
                amount=offering.amount,
                unit=offering.unit,
            )
        if entry.follow_up:
            due = done_at + timedelta(days=60)
            answered = entry.follow_up != "sent"
            CommitmentFollowUp.objects.create(
                evaluation=evaluation,
                due_at=due,
                sent_at=due,
                responded_at=due + timedelta(days=3) if answered else None,
                extent=entry.follow_up if answered else "",
                barriers=entry.barriers if answered else "",
            )
