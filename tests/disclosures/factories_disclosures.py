"""Factories for disclosure test data, built through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from equitylens.catalog.models import Activity
from equitylens.disclosures.models import ContentRole, DisclosureRequest
from equitylens.disclosures.services.requests import invite
from equitylens.disclosures.services.review import Decision, review
from equitylens.disclosures.services.submission import submit_disclosure

_seq = itertools.count(1)


def relationship(**extra: Any) -> dict[str, Any]:
    """A current consulting relationship as the disclosure form hands it to the service."""
    row = {
        "company": "Northwind Medical Devices",
        "nature": "consultant",
        "status": "current",
        "ended_on": None,
        "is_owner_or_employee": False,
    }
    row.update(extra)
    return row


def make_invited(activity: Activity, role: str = "faculty", **extra: Any) -> ContentRole:
    n = next(_seq)
    return invite(
        activity,
        email=extra.get("email", f"faculty{n}@example.org"),
        name=extra.get("name", f"Faculty Person{n}"),
        role=role,
        by=extra.get("by"),
    )


def make_cleared_planner(activity: Activity) -> ContentRole:
    """A planner who disclosed "none": cleared, so disclosures do not block opening."""
    role = make_invited(activity, role="planner")
    submit_disclosure(role.person, relationships=[], none=True, attested=True)
    role.refresh_from_db()
    return role


def make_mitigated_faculty(activity: Activity, company: str = "Northwind Medical Devices",
                           by: Any = None) -> ContentRole:  # fmt: skip
    """Faculty with one relevant, mitigated relationship (cleared)."""
    role = make_invited(activity, role="faculty")
    disclosure = submit_disclosure(
        role.person,
        relationships=[relationship(company=company, nature="advisory_board")],
        none=False,
        attested=True,
    )
    [rel] = disclosure.relationships.all()
    review(role, [Decision(rel.pk, True, "Content peer-reviewed by an independent planner.")], by)
    role.refresh_from_db()
    return role


def latest_request(role: ContentRole) -> DisclosureRequest:
    return role.requests.order_by("-sent_at", "-pk").first()  # type: ignore[return-value]
