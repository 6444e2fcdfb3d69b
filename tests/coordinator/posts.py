"""What the activity form posts, built the way a browser would send it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from equitylens.catalog.models import Activity, CreditType
from equitylens.catalog.services.credits import default_unit
from equitylens.catalog.services.statements import format_credit_amount

NEXT_MONTH = date.today() + timedelta(days=30)


def activity_post(
    *,
    objectives: Sequence[str | tuple[int | None, str]] = (
        "Explain how implicit bias can influence triage decisions.",
    ),
    initial_objectives: int = 0,
    credits: Mapping[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A valid form post for a 2-hour live workshop; keyword arguments override fields.

    `objectives` are texts or (id, text) pairs for existing ones; `credits` maps a
    credit type to its maximum (default 2.0 AMA PRA Category 1); a field given as
    None is left out of the post.
    """
    data: dict[str, Any] = {
        "title": "Implicit Bias in Triage",
        "slug": "",
        "summary": "A 2-hour workshop on bias in emergency triage.",
        "description": "Case vignettes and practice.",
        "target_audience": "Emergency physicians and nurses",
        "new_topics": "",
        "format": "live_course",
        "duration_minutes": "120",
        "starts_on": NEXT_MONTH.isoformat(),
        "ends_on": NEXT_MONTH.isoformat(),
        "audience": "public",
        "joint_provider": "",
        "contact_name": "Casey Coordinator",
        "contact_email": "cme@example.org",
    }
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    data.update(
        {
            "objectives-TOTAL_FORMS": str(len(objectives)),
            "objectives-INITIAL_FORMS": str(initial_objectives),
            "objectives-MIN_NUM_FORMS": "0",
            "objectives-MAX_NUM_FORMS": "40",
        }
    )
    for index, objective in enumerate(objectives):
        pk, text = objective if isinstance(objective, tuple) else (None, objective)
        data[f"objectives-{index}-text"] = text
        data[f"objectives-{index}-ORDER"] = str(index + 1)
        if pk is not None:
            data[f"objectives-{index}-id"] = str(pk)
    credits = {CreditType.AMA_PRA_1: "2.0"} if credits is None else credits
    for credit_type in CreditType.values:
        data[f"credit-{credit_type}-unit"] = default_unit(credit_type)
        if credit_type in credits:
            data[f"credit-{credit_type}-amount"] = credits[credit_type]
    return data


def edit_post(activity: Activity, **overrides: Any) -> dict[str, Any]:
    """The post the edit page sends back unchanged for `activity`, with overrides."""
    objectives = [(o.pk, o.text) for o in activity.objectives.order_by("position")]
    fields: dict[str, Any] = {
        "title": activity.title,
        "slug": activity.slug,
        "summary": activity.summary,
        "description": activity.description,
        "target_audience": activity.target_audience,
        "format": activity.format,
        "duration_minutes": str(activity.duration_minutes),
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else "",
        "audience": activity.audience,
        "joint_provider": activity.joint_provider_id or "",
        "contact_name": activity.contact_name,
        "contact_email": activity.contact_email,
    }
    orgs = [str(pk) for pk in activity.internal_organizations.values_list("pk", flat=True)]
    if orgs:
        fields["internal_organizations"] = orgs
    topics = [str(pk) for pk in activity.topics.values_list("pk", flat=True)]
    if topics:
        fields["topics"] = topics
    if activity.bookable_privately:
        fields["bookable_privately"] = "on"
    credits = {
        o.credit_type: format_credit_amount(o.amount) for o in activity.credit_offerings.all()
    }
    fields.update(overrides)
    chosen = fields.pop("objectives", objectives)
    return activity_post(
        objectives=chosen,
        initial_objectives=sum(1 for o in chosen if isinstance(o, tuple) and o[0] is not None),
        credits=fields.pop("credits", credits),
        **fields,
    )
