"""The rules an activity's details must follow before catalog.services.authoring saves them.

Kept apart from the writing so the rules read as one list. Messages say what is
wrong and how to fix it, without the field's label (the screen shows that).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from equitylens.accounts.models import Organization
from equitylens.catalog.models import (
    Activity,
    ActivityStatus,
    Audience,
    CreditType,
    CreditUnit,
    Topic,
)
from equitylens.catalog.services.credits import credit_amount_errors
from equitylens.catalog.services.lifecycle import approval_period_problems

SLUG_MAX = Activity._meta.get_field("slug").max_length or 200
TITLE_MAX = Activity._meta.get_field("title").max_length or 200
TOPIC_NAME_MAX = Topic._meta.get_field("name").max_length or 80
TOPIC_SLUG_MAX = Topic._meta.get_field("slug").max_length or 50

# lifecycle's problems start with the field's label; this maps them back to the field.
_PROBLEM_FIELDS = {"Release date": "starts_on", "Expiration date": "ends_on"}


@dataclass(frozen=True)
class ObjectiveInput:
    """One learning objective in the order given; `id` keeps an existing objective's row."""

    text: str
    id: int | None = None


@dataclass(frozen=True)
class OfferingInput:
    """One credit type offered. An amount of None means the type is not offered."""

    credit_type: str
    amount: Decimal | None
    unit: str = ""
    self_assessment: bool = False
    eligible_professions: tuple[str, ...] = ()


class AuthoringError(Exception):
    """A save was refused; `errors` maps each field to what is wrong and how to fix it."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__(
            "; ".join(f"{field}: {m}" for field, ms in self.errors.items() for m in ms)
        )


def credit_field(credit_type: str) -> str:
    """The AuthoringError key for the maximum credit of one credit type."""
    return f"credit:{credit_type}"


def unique_slug(text: str, exclude: Activity | None = None) -> str:
    """A slug made from `text` that no other activity uses ("-2", "-3" … appended)."""
    base = slugify(text)[: SLUG_MAX - 6].strip("-") or "activity"
    taken_qs = Activity.objects.filter(slug__startswith=base)
    if exclude is not None and exclude.pk:
        taken_qs = taken_qs.exclude(pk=exclude.pk)
    taken = set(taken_qs.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def topic_names(text: str) -> list[str]:
    """Topic names typed comma-separated, trimmed, without blanks or repeats."""
    names: list[str] = []
    for part in text.split(","):
        name = re.sub(r"\s+", " ", part).strip()
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def slug_taken_message(slug: str, other: Activity | None) -> str:
    used_by = f" by “{other.title}”" if other is not None else ""
    return f"“{slug}” is already used{used_by}. Choose another, for example “{unique_slug(slug)}”."


def details_problems(
    target: Activity,
    old_slug: str,
    data: Mapping[str, Any],
    objectives: list[ObjectiveInput],
    offerings: list[OfferingInput],
) -> dict[str, list[str]]:
    """Every rule the new state of `target` breaks, by field (empty when it may be saved).

    `target` already carries the new details (unsaved); `old_slug` is its stored slug.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    other = Activity.objects.filter(slug=target.slug).exclude(pk=target.pk).first()
    if other is not None:
        errors["slug"].append(slug_taken_message(target.slug, other))
    is_open = target.status == ActivityStatus.OPEN
    if target.pk and target.status != ActivityStatus.IN_DEVELOPMENT and target.slug != old_slug:
        errors["slug"].append(
            f"The web address cannot change once the activity has opened: links, "
            f"certificates and transcripts point to it. Keep “{old_slug}”."
        )
    if not target.duration_minutes or target.duration_minutes < 1:
        errors["duration_minutes"].append("Enter the length of the content in minutes, e.g. 90.")
    if target.is_enduring:
        if is_open or (target.starts_on and target.ends_on):
            for problem in approval_period_problems(target):
                label, _, message = problem.partition(": ")
                field = _PROBLEM_FIELDS.get(label, "__all__")
                errors[field].append(message[:1].upper() + message[1:] if message else problem)
    else:
        if target.starts_on and target.ends_on and target.ends_on < target.starts_on:
            errors["ends_on"].append(
                f"The end date is before the start date ({target.starts_on:%b %d, %Y}). "
                "Use the start date or a later day."
            )
        if is_open and target.starts_on is None:
            errors["starts_on"].append(
                "An open live activity needs the date it takes place. Enter the start date."
            )
    if target.audience == Audience.INTERNAL and not list(data.get("internal_organizations", [])):
        errors["internal_organizations"].append(
            "An internal activity must name the organization(s) whose people may take part. "
            "Tick at least one, or choose another audience."
        )
    joint: Organization | None = target.joint_provider
    if joint is not None and joint.is_provider:
        errors["joint_provider"].append(
            "The joint provider is the non-accredited partner; choose another organization or none."
        )
    for name in topic_names(data.get("new_topics", "") or ""):
        if len(name) > TOPIC_NAME_MAX:
            errors["new_topics"].append(
                f"“{name[:30]}…” is longer than {TOPIC_NAME_MAX} characters; shorten it."
            )
        elif not slugify(name):
            errors["new_topics"].append(f"“{name}” needs at least one letter or digit.")
    if is_open and not objectives:
        errors["objectives"].append(
            "An open activity needs at least one learning objective. Add one, or close the "
            "activity first."
        )
    for offering in offerings:
        if offering.credit_type not in CreditType.values:
            raise ValueError(f"Unknown credit type {offering.credit_type!r}")
        if offering.unit and offering.unit not in CreditUnit.values:
            raise ValueError(f"Unknown credit unit {offering.unit!r}")
        for message in credit_amount_errors(target, offering.credit_type, offering.amount):
            errors[credit_field(offering.credit_type)].append(message)
    if is_open and not offerings:
        errors["credits"].append(
            "An open activity must offer at least one type of credit. Enter a maximum credit."
        )
    return dict(errors)
