"""Who may see which activity, and the catalog search built on it.

- Public and members-only activities are listed to everyone (members-only ones are
  marked; only provider members may take part).
- Internal activities are visible only to members of the organizations named on
  them, and to coordinators. To anyone else they do not exist (404, not 403).
- Activities in development are listed only when organizations may book them
  privately; other drafts are seen by coordinators alone (e.g. "preview as learner").
- Expired activities leave the catalog but their page stays reachable, because
  certificates and transcripts link to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from equitylens.accounts.permissions import (
    is_coordinator,
    is_provider_member,
    member_organization_ids,
)
from equitylens.catalog.models import Activity, ActivityFormat, ActivityStatus, Audience


def _audience_filter(user: Any) -> Q:
    org_ids = member_organization_ids(user)
    allowed = Q(audience__in=[Audience.PUBLIC, Audience.MEMBERS])
    if org_ids:
        allowed |= Q(audience=Audience.INTERNAL, internal_organizations__in=org_ids)
    return allowed


def listed_activities(user: Any) -> QuerySet[Activity]:
    """Activities the catalog lists for `user` (anonymous users included)."""
    status_filter = Q(status__in=[ActivityStatus.OPEN, ActivityStatus.CLOSED]) | Q(
        status=ActivityStatus.IN_DEVELOPMENT, bookable_privately=True
    )
    queryset = Activity.objects.filter(status_filter)
    if not is_coordinator(user):
        queryset = queryset.filter(_audience_filter(user))
    return queryset.distinct()


def can_view(user: Any, activity: Activity) -> bool:
    """May `user` open the activity's page?"""
    if is_coordinator(user):
        return True
    if activity.status == ActivityStatus.IN_DEVELOPMENT and not activity.bookable_privately:
        return False
    if activity.audience == Audience.INTERNAL:
        org_ids = member_organization_ids(user)
        return bool(org_ids) and activity.internal_organizations.filter(id__in=org_ids).exists()
    return True


def may_participate(user: Any, activity: Activity) -> bool:
    """May `user` register for or start the activity (audience only; status is separate)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if activity.audience == Audience.PUBLIC:
        return True
    if activity.audience == Audience.MEMBERS:
        return is_provider_member(user)
    return activity.internal_organizations.filter(id__in=member_organization_ids(user)).exists()


@dataclass(frozen=True)
class CatalogQuery:
    """What a visitor asked the catalog for; every field optional."""

    text: str = ""
    format: str = ""
    credit_type: str = ""
    topic: str = ""
    open_now: bool = False


def search_catalog(user: Any, query: CatalogQuery, today: date | None = None) -> QuerySet[Activity]:
    """The listed activities matching `query`, open ones first, then by title."""
    today = today or timezone.localdate()
    queryset = listed_activities(user)
    if query.text:
        words = query.text.split()
        for word in words[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(target_audience__icontains=word)
                | Q(objectives__text__icontains=word)
                | Q(topics__name__icontains=word)
            )
    if query.format:
        queryset = queryset.filter(format=query.format)
    if query.credit_type:
        queryset = queryset.filter(credit_offerings__credit_type=query.credit_type)
    if query.topic:
        queryset = queryset.filter(topics__slug=query.topic)
    if query.open_now:
        # A live activity without an end date lasts one day: its start date.
        queryset = queryset.filter(status=ActivityStatus.OPEN).filter(
            Q(ends_on__gte=today)
            | Q(ends_on__isnull=True, starts_on__gte=today)
            | Q(ends_on__isnull=True, starts_on__isnull=True)
        )
        queryset = queryset.exclude(format=ActivityFormat.ENDURING, starts_on__gt=today)
    ids = queryset.values("id")
    open_first = Case(When(status=ActivityStatus.OPEN, then=Value(0)), default=Value(1))
    return (
        Activity.objects.filter(id__in=ids)
        .select_related("provider", "joint_provider")
        .prefetch_related("credit_offerings", "topics", "internal_organizations")
        .order_by(open_first, "title")
    )
