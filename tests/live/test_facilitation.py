"""Facilitation: who may run a session, attendance, the session code, CSV, breakouts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from equitylens.accounts.permissions import can_facilitate, is_session_facilitator
from equitylens.audit.models import LogEntry
from equitylens.learning.models import AttendanceCode
from equitylens.live.models import Registration, RegistrationStatus
from equitylens.live.services.facilitation import (
    FacilitationError,
    breakout_group_for,
    mark_all_present,
    mark_attendance,
    roster_csv,
    session_code,
    split_into_groups,
    spreadsheet_safe,
)
from tests.factories import make_coordinator, make_facilitator, make_learner, make_user
from tests.learning.conftest import shared_database  # noqa: F401  (fixture)
from tests.live.factories_facilitation import make_live_session, make_series, register

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(session: Any) -> str:
    return f"/facilitate/sessions/{session.pk}/"


# --- who may facilitate ---------------------------------------------------------------


def test_facilitator_of_the_session_and_coordinators_may_facilitate() -> None:
    facilitator, other, coordinator = make_facilitator(), make_facilitator(), make_coordinator()
    session = make_live_session(facilitators=(facilitator,))
    make_live_session(facilitators=(other,))
    assert is_session_facilitator(facilitator, session) and can_facilitate(facilitator, session)
    assert not is_session_facilitator(other, session) and not can_facilitate(other, session)
    assert can_facilitate(coordinator, session) and not is_session_facilitator(coordinator, session)


def test_facilitator_of_another_session_gets_404_everywhere() -> None:
    other = make_facilitator()
    session = make_live_session(facilitators=(make_facilitator(),))
    make_live_session(facilitators=(other,))
    client = signed_in(other)
    for url in (page(session), f"{page(session)}code/", f"{page(session)}roster.csv"):
        assert client.get(url).status_code == 404
    assert client.post(page(session), {"action": "all_present"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    session = make_live_session()
    response = Client().get(page(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_sees_the_roster_with_needs() -> None:
    session = make_live_session(title="March: Language access")
    register(
        session, make_learner(first_name="Maya", last_name="Chen"), accessibility_needs="Captions"
    )
    register(session, status=RegistrationStatus.WAITLISTED, dietary_needs="Vegan")
    html = signed_in(make_coordinator()).get(page(session)).content.decode()
    assert "March: Language access" in html and "Maya Chen" in html
    assert "Captions" in html and "Vegan" in html and "Waitlist, in order" in html
    assert "CST" in html or "CDT" in html  # the session's own time zone is shown


def test_coordinator_without_two_factor_sign_in_is_sent_to_set_it_up(settings: Any) -> None:
    settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA = True
    session = make_live_session()
    response = signed_in(make_coordinator(with_totp=False)).get(page(session))
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor-required/"


def test_my_sessions_lists_only_the_facilitators_own() -> None:
    facilitator = make_facilitator()
    mine = make_live_session(title="Mine", facilitators=(facilitator,))
    make_live_session(title="Someone else's", facilitators=(make_facilitator(),))
    html = signed_in(facilitator).get("/facilitate/").content.decode()
    assert f'href="{page(mine)}"' in html and "Someone else" not in html


# --- attendance -------------------------------------------------------------------------


def test_marking_attendance_is_idempotent_and_logged() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    present, absent = register(session), register(session)
    assert mark_attendance(session, {present.pk: True, absent.pk: False}, facilitator) == 2
    first_mark = Registration.objects.get(pk=present.pk).attendance_marked_at
    assert mark_attendance(session, {present.pk: True, absent.pk: False}, facilitator) == 0
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended is True and absent.attended is False
    assert present.attendance_marked_at == first_mark
    assert LogEntry.objects.filter(action="registration.attendance_marked").count() == 2


def test_mark_all_present_through_the_page_twice() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    rows = [register(session), register(session)]
    waiting = register(session, status=RegistrationStatus.WAITLISTED)
    client = signed_in(facilitator)
    for _ in range(2):  # double submit
        response = client.post(page(session), {"action": "all_present"})
        assert response.status_code == 302
    assert all(Registration.objects.get(pk=r.pk).attended for r in rows)
    assert Registration.objects.get(pk=waiting.pk).attended is None
    assert LogEntry.objects.filter(action="registration.attendance_marked").count() == 2


def test_attendance_form_saves_present_and_absent() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    a, b = register(session), register(session)
    response = signed_in(facilitator).post(
        page(session), {"action": "attendance", f"present_{a.pk}": "yes", f"present_{b.pk}": "no"}
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=a.pk).attended is True
    assert Registration.objects.get(pk=b.pk).attended is False


def test_attendance_cannot_be_marked_before_the_session_starts() -> None:
    facilitator = make_facilitator()
    session = make_live_session(
        starts_at=timezone.now() + timedelta(days=1), facilitators=(facilitator,)
    )
    row = register(session)
    with pytest.raises(FacilitationError, match="once the session has started"):
        mark_attendance(session, {row.pk: True}, facilitator)
    response = signed_in(facilitator).post(page(session), {"action": "all_present"})
    assert response.status_code == 400
    assert "once the session has started" in response.content.decode()
    assert Registration.objects.get(pk=row.pk).attended is None


def test_registrations_of_another_session_are_refused_and_nothing_changes() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    mine, foreign = register(session), register(make_live_session())
    with pytest.raises(FacilitationError):
        mark_attendance(session, {mine.pk: True, foreign.pk: True}, facilitator)
    assert Registration.objects.get(pk=mine.pk).attended is None
    assert Registration.objects.get(pk=foreign.pk).attended is None


def test_mark_all_present_counts_only_registered() -> None:
    session = make_live_session()
    register(session)
    register(session, status=RegistrationStatus.CANCELLED)
    assert mark_all_present(session, None) == 1


# --- the session code ----------------------------------------------------------------


def test_session_code_is_made_once_and_linked() -> None:
    facilitator = make_facilitator()
    session = make_live_session(title="March: Language access", facilitators=(facilitator,))
    first = session_code(session, facilitator)
    again = session_code(type(session).objects.get(pk=session.pk), facilitator)
    assert first.pk == again.pk and AttendanceCode.objects.count() == 1
    session.refresh_from_db()
    assert session.attendance_code_id == first.pk
    assert first.valid_from == session.starts_at
    days = session.activity.attendance_code_days
    assert first.valid_until == session.starts_at + timedelta(days=days)
    assert first.label.startswith("March: Language access, ")


def test_code_button_pressed_twice_makes_one_code_and_page_shows_qr() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    client = signed_in(facilitator)
    for _ in range(3):
        assert client.post(f"{page(session)}code/").status_code == 302
    code = AttendanceCode.objects.get()
    html = client.get(f"{page(session)}code/").content.decode()
    assert code.code in html and 'src="data:image/svg+xml' in html
    assert "/claim/" in html
    assert code.code in client.get(page(session)).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_code_requested_at_once_by_two_facilitators_is_one_code() -> None:
    from tests.learning.concurrency import post_at_once, signed_in_clients

    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    clients = signed_in_clients(facilitator, 4)
    responses = post_at_once(clients, page(session), {"action": "code"})
    assert [r.status_code for r in responses] == [302] * 4
    assert AttendanceCode.objects.count() == 1


# --- roster CSV ------------------------------------------------------------------------


def test_roster_csv_has_each_learner_and_is_spreadsheet_safe() -> None:
    facilitator = make_facilitator()
    session = make_live_session(facilitators=(facilitator,))
    evil = make_learner(first_name='=HYPERLINK("http://x")', last_name="Smith")
    register(session, evil, accessibility_needs="@SUM(A1) wheelchair", attended=True)
    register(session, make_learner(first_name="Grace", last_name="Okafor"), dietary_needs="-vegan")
    response = signed_in(facilitator).get(f"{page(session)}roster.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Name", "E-mail", "Status", "Attended", "Accessibility needs"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[evil.email][0].startswith("'=HYPERLINK")
    assert by_email[evil.email][3] == "present"
    assert by_email[evil.email][4] == "'@SUM(A1) wheelchair"
    grace = next(row for row in rows[1:] if row[0] == "Grace Okafor")
    assert grace[5] == "'-vegan" and grace[3] == "not marked"
    assert roster_csv(session).count("\n") == 3


def test_spreadsheet_safe_leaves_ordinary_text() -> None:
    assert spreadsheet_safe("Maya Chen") == "Maya Chen"
    assert spreadsheet_safe("+1 555") == "'+1 555"
    assert spreadsheet_safe("\tx") == "'\tx"


# --- breakouts -------------------------------------------------------------------------


def test_split_evenly_into_groups() -> None:
    session = make_live_session(make_series())
    rows = [register(session) for _ in range(7)]
    register(session, status=RegistrationStatus.WAITLISTED)
    assert split_into_groups(session, 3, None) == 7
    groups = [Registration.objects.get(pk=r.pk).breakout_group for r in rows]
    assert sorted({g: groups.count(g) for g in groups}.values()) == [2, 2, 3]
    assert split_into_groups(session, 3, None) == 0  # same again: nothing changes
    assert breakout_group_for(rows[0].user, session) == "Group 1"
    assert breakout_group_for(make_user(), session) == ""


def test_split_refuses_bad_counts_and_non_dialogue_sessions() -> None:
    session = make_live_session(make_series())
    register(session)
    with pytest.raises(FacilitationError, match="between 1 and 20; you entered 0"):
        split_into_groups(session, 0, None)
    with pytest.raises(FacilitationError, match="dialogue-series sessions only"):
        split_into_groups(make_live_session(), 2, None)


def test_manual_groups_through_the_page_and_error_for_a_long_name() -> None:
    facilitator = make_facilitator()
    session = make_live_session(make_series(), facilitators=(facilitator,))
    a, b = register(session), register(session)
    client = signed_in(facilitator)
    response = client.post(
        page(session), {"action": "breakouts", f"group_{a.pk}": "Maple", f"group_{b.pk}": " Oak "}
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=b.pk).breakout_group == "Oak"
    response = client.post(
        page(session), {"action": "breakouts", f"group_{a.pk}": "x" * 41, f"group_{b.pk}": "Elm"}
    )
    assert response.status_code == 400
    assert "at most 40 characters" in response.content.decode()
    assert Registration.objects.get(pk=b.pk).breakout_group == "Oak"
    response = client.post(page(session), {"action": "split", "groups": "three"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Number of groups must be a whole number" in html and 'aria-invalid="true"' in html
