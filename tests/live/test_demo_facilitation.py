"""The facilitation demo loader: the pilot dialogue with attendance and feedback; idempotent."""

from __future__ import annotations

import pytest

from equitylens.demo.facilitation import ABSENT, FACILITATOR, PRESENT, SERIES, load_facilitation
from equitylens.learning.models import AttendanceCode
from equitylens.live.models import Registration, Session, SessionFeedback
from tests.factories import make_coordinator, make_learner, make_user
from tests.live.factories_facilitation import make_series

pytestmark = pytest.mark.django_db


def test_load_facilitation_twice_gives_the_same_data() -> None:
    activities = {SERIES: make_series(slug=SERIES)}
    users = {email: make_learner(email=email) for email in (*PRESENT, ABSENT)}
    users[FACILITATOR] = make_user(email=FACILITATOR)
    users["sam.rivera@lakeshoremed.example"] = make_coordinator("sam.rivera@lakeshoremed.example")
    for _ in range(2):
        load_facilitation(activities, users)
    pilot = Session.objects.get()
    assert pilot.facilitators.get().email == FACILITATOR
    assert Registration.objects.filter(session=pilot, attended=True).count() == 2
    assert Registration.objects.get(user__email=ABSENT).attended is False
    assert SessionFeedback.objects.get().rating == 5
    assert AttendanceCode.objects.count() == 1 and pilot.attendance_code is not None
