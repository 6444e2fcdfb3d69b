"""Where an enrollment's pages are: the activity-wide URLs, or a series session's URLs.

A series learner has one enrollment per session (Enrollment.session), so the hub, the
evaluation and the credit claim of such an enrollment live under
/learn/<slug>/sessions/<session_pk>/…; every other enrollment keeps /learn/<slug>/….
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from equitylens.learning.models import Enrollment


@dataclass(frozen=True)
class EnrollmentLinks:
    """The learner's pages for one enrollment."""

    path: str
    evaluation: str
    claim: str


def enrollment_links(enrollment: Enrollment) -> EnrollmentLinks:
    """The hub, evaluation and claim URLs of `enrollment` (session-aware)."""
    return links_for(enrollment.activity.slug, enrollment.session_id)


def links_for(slug: str, session_pk: int | None) -> EnrollmentLinks:
    """The URLs for the activity `slug`, or for one of its series sessions."""
    if session_pk is None:
        kwargs: dict[str, object] = {"slug": slug}
        names = ("learning:path", "learning:evaluation", "learning:claim")
    else:
        kwargs = {"slug": slug, "session_pk": session_pk}
        names = ("learning:session_path", "learning:session_evaluation", "learning:session_claim")
    path, evaluation, claim = (reverse(name, kwargs=kwargs) for name in names)
    return EnrollmentLinks(path=path, evaluation=evaluation, claim=claim)
