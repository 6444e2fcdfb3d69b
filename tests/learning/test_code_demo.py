"""The demo codes: a session code for the members' workshop and one LMS code; idempotent."""

from __future__ import annotations

import pytest

from equitylens.accounts.models import User
from equitylens.demo.activities import load_activities
from equitylens.demo.codes import LMS_CSV, SESSION_LABEL, VIDEO_COURSE, WORKSHOP, load_codes
from equitylens.demo.people import load_organizations, load_people
from equitylens.learning.models import AttendanceCode, CodeKind, CodeSource

pytestmark = pytest.mark.django_db


def test_demo_codes_load_twice_without_duplicates(capsys: pytest.CaptureFixture[str]) -> None:
    organizations = load_organizations()
    load_people(organizations)
    coordinator = User.objects.get(email="sam.rivera@lakeshoremed.example")
    activities = {a.slug: a for a in load_activities(organizations, coordinator)}
    capsys.readouterr()

    load_codes(activities, coordinator)
    load_codes(activities, coordinator)

    assert capsys.readouterr().out == ""
    session = AttendanceCode.objects.get(activity__slug=WORKSHOP)
    assert (session.kind, session.label) == (CodeKind.SESSION, SESSION_LABEL)
    assert session.valid_from.date() == activities[WORKSHOP].starts_on
    lms = AttendanceCode.objects.get(activity__slug=VIDEO_COURSE)
    assert lms.source == CodeSource.LMS_IMPORT
    assert lms.email == "priya.patel@riverbendhealth.example"
    assert lms.code in LMS_CSV
    assert AttendanceCode.objects.count() == 2
