"""The demo licensure loader: the dataset, and a Michigan licence for Maya Chen."""

from __future__ import annotations

from datetime import date

import pytest

from equitylens.accounts.models import Licence
from equitylens.demo.licensure import MAYA, load_licensure
from equitylens.licensure.models import StateRequirement
from equitylens.licensure.services.progress import licence_progress
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def test_maya_gets_a_licence_in_a_state_with_a_requirement_idempotently() -> None:
    maya = make_learner(email=MAYA, profession="physician")
    load_licensure({}, {MAYA: maya})
    count = StateRequirement.objects.count()
    load_licensure({}, {MAYA: maya})
    assert StateRequirement.objects.count() == count > 0
    assert Licence.objects.filter(user=maya).count() == 1
    [row] = licence_progress(maya, date.today())
    assert row.state == "MI" and row.requirement is not None
