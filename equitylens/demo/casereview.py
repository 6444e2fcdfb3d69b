"""Demo data: Health Equity M&M readiness (fictional, written by us).

Riverbend Health's admin, Priya Patel, took the readiness check once: equity data and
peer-review protection are in place; measurement, resourcing and training are partial;
they have no facilitator yet. That gives "ready with support" and four next steps.
"""

from __future__ import annotations

from typing import Any

from equitylens.accounts.models import Organization
from equitylens.casereview.models import ReadinessAssessment
from equitylens.casereview.services.readiness import assess

ADMIN = "priya.patel@riverbendhealth.example"
ANSWERS = {
    "equity_data": "yes",
    "disparities": "partly",
    "resourcing": "partly",
    "training": "partly",
    "facilitator": "no",
    "protection": "yes",
}
NOTES = {
    "equity_data": "REaL fields at registration since last year; preferred language is reliable.",
    "disparities": "Readmissions are stratified by race; other measures are not yet.",
    "training": "About half of the emergency department has taken implicit-bias training.",
    "facilitator": "We would like Lakeshore to send a facilitator for the first sessions.",
    "protection": "Quality office confirmed the M&M falls under our peer-review policy.",
}


def load_casereview(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create Riverbend Health's past readiness check once; idempotent.

    `people` maps e-mail → User. Does nothing when Riverbend already has a check.
    """
    riverbend = Organization.objects.filter(slug="riverbend-health").first()
    admin = people.get(ADMIN)
    if riverbend is None or admin is None:
        return
    if ReadinessAssessment.objects.filter(organization=riverbend).exists():
        return
    assess(riverbend, ANSWERS, admin, notes=NOTES)
