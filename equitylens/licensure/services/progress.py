"""A learner's progress toward each licence state's implicit-bias training requirement.

The rule we apply (documented in docs/guide/support-and-licensure.md):

- For each of the learner's licences, the requirement is the state's row for the
  learner's profession; a state without one says so.
- Hours earned are the credit claimed for activities with the topic "implicit-bias"
  (Topic slug), completed within the last `cycle_years` years up to today, in one of the
  row's accepted credit types (by default AMA PRA Category 1 and nursing contact hours).
- One claim counts once: when a claim has several accepted credit lines (e.g. 1.0 AMA
  and 1.0 nursing for the same hour), the largest counts, not their sum.

We do not know the learner's renewal date, so "the current cycle" is the window of
`cycle_years` ending today; the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from equitylens.accounts.models import Licence, Profession
from equitylens.accounts.services.profiles import US_STATES
from equitylens.learning.models import ClaimedCredit
from equitylens.licensure.models import StateRequirement

IMPLICIT_BIAS_TOPIC = "implicit-bias"


@dataclass(frozen=True)
class CountedActivity:
    title: str
    slug: str
    completed_on: date
    hours: Decimal


@dataclass(frozen=True)
class LicenceProgress:
    """One licence: its state's requirement (or None) and the hours toward it."""

    state: str
    state_name: str
    requirement: StateRequirement | None
    cycle_start: date | None = None
    hours_earned: Decimal = Decimal(0)
    counted: tuple[CountedActivity, ...] = field(default_factory=tuple)

    @property
    def hours_required(self) -> Decimal:
        return self.requirement.hours_required if self.requirement else Decimal(0)

    @property
    def hours_remaining(self) -> Decimal:
        return max(Decimal(0), self.hours_required - self.hours_earned)

    @property
    def is_met(self) -> bool:
        return self.requirement is not None and self.hours_remaining == 0


def cycle_start(today: date, cycle_years: int) -> date:
    """The first day of the `cycle_years`-long window ending `today` (Feb 29 → Feb 28)."""
    year = today.year - cycle_years
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def _hours_by_claim(
    user: Any, start: date, today: date, credit_types: list[str]
) -> list[CountedActivity]:
    lines = ClaimedCredit.objects.filter(
        claim__user=user,
        claim__activity__topics__slug=IMPLICIT_BIAS_TOPIC,
        claim__completed_on__gte=start,
        claim__completed_on__lte=today,
        credit_type__in=credit_types,
    ).select_related("claim__activity")
    best: dict[int, ClaimedCredit] = {}
    for line in lines:
        current = best.get(line.claim_id)
        if current is None or line.amount > current.amount:
            best[line.claim_id] = line
    counted = [
        CountedActivity(
            title=line.claim.activity.title,
            slug=line.claim.activity.slug,
            completed_on=line.claim.completed_on,
            hours=line.amount,
        )
        for line in best.values()
    ]
    return sorted(counted, key=lambda item: item.completed_on, reverse=True)


def licence_progress(user: Any, today: date) -> list[LicenceProgress]:
    """For each of `user`'s licences (by state), the requirement and the hours toward it.

    A state with no requirement row for the user's profession (or a user without a
    profession) gets a LicenceProgress with `requirement=None`.
    """
    licences = list(Licence.objects.filter(user=user).order_by("state"))
    if not licences:
        return []
    requirements: dict[str, StateRequirement] = {}
    if user.profession in Profession.values:
        for row in StateRequirement.objects.filter(
            state__in=[licence.state for licence in licences], profession=user.profession
        ):
            requirements[row.state] = row
    results = []
    cache: dict[tuple[int, tuple[str, ...]], list[CountedActivity]] = {}
    for licence in licences:
        requirement = requirements.get(licence.state)
        name = US_STATES.get(licence.state, licence.state)
        if requirement is None:
            results.append(LicenceProgress(licence.state, name, None))
            continue
        start = cycle_start(today, requirement.cycle_years)
        key = (requirement.cycle_years, tuple(sorted(requirement.accepted_credit_types)))
        if key not in cache:
            cache[key] = _hours_by_claim(user, start, today, list(key[1]))
        counted = cache[key]
        results.append(
            LicenceProgress(
                state=licence.state,
                state_name=name,
                requirement=requirement,
                cycle_start=start,
                hours_earned=sum((item.hours for item in counted), Decimal(0)),
                counted=tuple(counted),
            )
        )
    return results
