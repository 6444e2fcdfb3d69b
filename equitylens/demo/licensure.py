"""Demo data: state licensure requirements and a licence for Maya Chen.

Loads the shipped dataset (licensure/data/state_requirements.json) and gives Maya, a
physician, a fictional Michigan licence (Michigan asks physicians for 3 hours of
implicit-bias training per 3-year cycle) beside her Minnesota one, which has no
requirement on record, so her transcript shows both cases.
"""

from __future__ import annotations

from typing import Any

from equitylens.accounts.models import Licence
from equitylens.licensure.services.requirements import load_state_requirements

MAYA = "maya.chen@riverbendhealth.example"


def load_licensure(activities: dict[str, Any], users: dict[str, Any]) -> None:
    """Upsert the requirement table and Maya's Michigan licence; idempotent."""
    load_state_requirements()
    maya = users.get(MAYA)
    if maya is not None:
        Licence.objects.get_or_create(user=maya, state="MI", defaults={"number": "4301-DEMO-72"})
