"""Demo disclosures (fictional): who controls each demo activity's content, and their review.

Sam Rivera plans every activity and has no relationships; Aisha Johnson teaches and sits on
the advisory board of the fictional Northwind Medical Devices — relevant (and mitigated) for
the video-series workshop only. A reviewer is still to disclose for the in-development
workshop, so its opening checklist shows what is missing. Safe to run again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from equitylens.catalog.models import Activity
from equitylens.disclosures.models import ContentRoleStatus
from equitylens.disclosures.services.requests import current_disclosure, invite
from equitylens.disclosures.services.review import (
    Decision,
    relationships_to_review,
    review,
)
from equitylens.disclosures.services.submission import submit_disclosure

COORDINATOR = "sam.rivera@lakeshoremed.example"
FACULTY = "aisha.johnson@lakeshoremed.example"
PENDING_REVIEWER = ("maya.chen@riverbendhealth.example", "Maya Chen")
WITHOUT_FACULTY = {"interactive-implicit-bias-workshop"}
PENDING_REVIEW_ON = "interactive-implicit-bias-workshop"
RELEVANT_ON = "seeing-patients-video-series-workshop"
MITIGATION = "Content peer-reviewed by an independent planner with no relationships."
AISHA_RELATIONSHIPS = [
    {
        "company": "Northwind Medical Devices",
        "nature": "advisory_board",
        "status": "current",
        "ended_on": None,
        "is_owner_or_employee": False,
    }
]


def _disclose_once(person: Any, relationships: list[dict[str, Any]]) -> None:
    if current_disclosure(person) is None:
        submit_disclosure(
            person, relationships=relationships, none=not relationships, attested=True
        )


@transaction.atomic
def load_disclosures(activities: dict[str, Activity], users: dict[str, Any]) -> None:
    """Content roles, disclosures and reviews for `activities` (by slug), through the rules."""
    coordinator = users[COORDINATOR]
    faculty = users.get(FACULTY)
    for slug, activity in activities.items():
        invite(activity, email=COORDINATOR, name=coordinator.display_name, role="planner",
               by=coordinator)  # fmt: skip
        _disclose_once(coordinator, [])
        if faculty is not None and slug not in WITHOUT_FACULTY:
            role = invite(activity, email=FACULTY, name=faculty.display_name, role="faculty",
                          by=coordinator)  # fmt: skip
            _disclose_once(faculty, AISHA_RELATIONSHIPS)
            role.refresh_from_db()
            if role.status == ContentRoleStatus.DISCLOSED:
                relevant = slug == RELEVANT_ON
                review(
                    role,
                    [Decision(r.pk, relevant, MITIGATION if relevant else "")
                     for r in relationships_to_review(role)],
                    coordinator,
                )  # fmt: skip
        if slug == PENDING_REVIEW_ON:
            email, name = PENDING_REVIEWER
            invite(activity, email=email, name=name, role="reviewer", by=coordinator)
