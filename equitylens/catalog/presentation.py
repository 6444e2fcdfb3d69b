"""What the activity page shows, computed once for the public page and the coordinator preview."""

from __future__ import annotations

from typing import Any

from equitylens.accounts.models import Profession
from equitylens.catalog.models import Activity, ActivityStatus
from equitylens.catalog.services.statements import accreditation_statement, designation_statement

PROFESSION_LABELS = dict(Profession.choices)


def activity_page_context(activity: Activity) -> dict[str, Any]:
    """Template context for catalog/activity_detail.html."""
    offerings = list(activity.credit_offerings.all())
    return {
        "activity": activity,
        "objectives": list(activity.objectives.order_by("position")),
        "topics": list(activity.topics.all()),
        "internal_organizations": list(activity.internal_organizations.all()),
        "credit_rows": [
            {
                "offering": offering,
                "who": ", ".join(
                    str(PROFESSION_LABELS.get(code, code)) for code in offering.eligible_professions
                )
                or "Everyone",
            }
            for offering in offerings
        ],
        "moc_offered": any(offering.is_moc for offering in offerings),
        "accreditation_statement": accreditation_statement(activity),
        "designation_statement": designation_statement(activity),
        "status_notice": _status_notice(activity),
    }


def _status_notice(activity: Activity) -> str:
    if activity.status == ActivityStatus.OPEN:
        return ""
    if activity.status == ActivityStatus.IN_DEVELOPMENT:
        if activity.bookable_privately:
            return (
                "This activity is offered as a private session for organizations. "
                "Contact the coordinator to book it for your people."
            )
        return "This activity is in development and not yet open."
    if activity.status == ActivityStatus.CLOSED:
        return "Registration for this activity is closed."
    return (
        "This activity has expired: credit can no longer be earned. "
        "Certificates already issued remain valid."
    )
