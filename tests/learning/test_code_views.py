"""The code entry page (/claim/) and the back office codes screens, through the test client."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
import segno
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.learning.models import AttendanceCode, CodeEntryAttempt, Enrollment
from equitylens.learning.services.code_entry import CodeEntryError, enter_code
from equitylens.learning.services.code_import import import_lms_codes
from equitylens.learning.services.codes import create_session_code
from tests.factories import (
    make_activity,
    make_coordinator,
    make_learner,
    make_online_course,
)

pytestmark = pytest.mark.django_db
CLAIM = "/claim/"


@pytest.fixture
def workshop() -> Any:
    return make_activity("Bias Workshop", slug="bias-workshop")


@pytest.fixture
def code(workshop: Any) -> AttendanceCode:
    starts = timezone.now() - timedelta(hours=1)
    return create_session_code(workshop, label="Riverbend, morning", starts_at=starts, by=None)


@pytest.fixture
def learner_client(client: Client) -> Client:
    client.force_login(make_learner(email="lee@example.org"))
    return client


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(make_coordinator())
    return client


def codes_url(slug: str = "bias-workshop", name: str = "codes", **kwargs: str) -> str:
    return reverse(f"coordinator:{name}", kwargs={"slug": slug, **kwargs})


# --- /claim/ ------------------------------------------------------------------------------


def test_anonymous_visitor_signs_in_and_comes_back_with_the_code(client: Client) -> None:
    response = client.get(CLAIM, {"code": "ABCDEF"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next={quote('/claim/?code=ABCDEF', safe='/')}"
    )


def test_form_is_prefilled_from_the_link(learner_client: Client) -> None:
    response = learner_client.get(CLAIM, {"code": "abcdef"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">Attendance verification code</label>' in html
    field = re.search(r"<input[^>]*id=\"id_code\"[^>]*>", html, re.S)
    assert field is not None
    tag = field.group(0)
    for attribute in (
        'value="abcdef"',
        'autocomplete="one-time-code"',
        'autocapitalize="characters"',
        'inputmode="text"',
        'aria-describedby="code-help"',
    ):
        assert attribute in tag
    assert not CodeEntryAttempt.objects.exists()  # showing the form checks nothing


def test_right_code_goes_on_to_the_evaluation(learner_client: Client, code: Any) -> None:
    response = learner_client.post(CLAIM, {"code": code.code.lower()}, follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:evaluation", kwargs={"slug": "bias-workshop"})
    enrollment = Enrollment.objects.get(user__email="lee@example.org")
    assert enrollment.code_verified_at is not None
    message = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert message == ["Attendance verified for Bias Workshop."]


def test_same_code_twice_sends_the_learner_on_again(learner_client: Client, code: Any) -> None:
    learner_client.post(CLAIM, {"code": code.code})
    response = learner_client.post(CLAIM, {"code": code.code})
    assert response.status_code == 302
    assert Enrollment.objects.filter(user__email="lee@example.org").count() == 1


def test_wrong_code_is_explained_next_to_the_field(learner_client: Client) -> None:
    response = learner_client.post(CLAIM, {"code": "abcde"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Codes are 6 letters; you entered 5 characters" in html
    assert 'id="code-error"' in html
    assert 'aria-describedby="code-help code-error"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error:" in html
    assert not Enrollment.objects.exists()


def test_locked_learner_is_told_when_to_try_again(learner_client: Client) -> None:
    for _ in range(5):
        learner_client.post(CLAIM, {"code": "ZZZZZZ"})
    response = learner_client.post(CLAIM, {"code": "ZZZZZZ"})
    assert response.status_code == 429
    assert "You can try again after" in response.content.decode()


def test_lms_learner_verifies_an_online_course(client: Client) -> None:
    course = make_online_course(slug="online-bias")
    learner = make_learner(email="lms@example.org")
    import_lms_codes(course, "email,code\nlms@example.org,QWERTY\n", None)
    client.force_login(learner)
    response = client.post(CLAIM, {"code": "qwe rty"})
    assert response["Location"] == reverse("learning:evaluation", kwargs={"slug": "online-bias"})
    assert Enrollment.objects.get(user=learner).modules_completed_at is not None


# --- Back office: permissions --------------------------------------------------------------

SCREENS = [
    ("get", "codes", {}),
    ("post", "codes_session_new", {}),
    ("post", "codes_import", {}),
    ("get", "codes_show", {"code": "ABCDEF"}),
]


@pytest.mark.parametrize(("method", "name", "extra"), SCREENS)
def test_back_office_codes_are_for_coordinators_only(
    client: Client, workshop: Any, method: str, name: str, extra: dict[str, str]
) -> None:
    url = codes_url(name=name, **extra)
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    client.force_login(make_learner())
    assert (
        getattr(client, method)(url, {"label": "X", "starts_at": "2030-01-01T10:00"}).status_code
        == 403
    )
    assert not AttendanceCode.objects.exists()


def test_codes_page_lists_codes_and_who_used_them(
    coordinator_client: Client, workshop: Any, code: Any
) -> None:
    enter_code(
        make_learner(email="used@example.org", first_name="Una", last_name="Used"), code.code, None
    )
    html = coordinator_client.get(codes_url()).content.decode()
    assert code.code in html and "Riverbend, morning" in html
    assert "1 learner" in html and "Una Used (used@example.org)" in html
    assert codes_url(name="codes_show", code=code.code) in html


def test_activity_edit_page_links_to_the_codes(coordinator_client: Client, workshop: Any) -> None:
    html = coordinator_client.get(
        reverse("coordinator:activity_edit", kwargs={"slug": "bias-workshop"})
    ).content.decode()
    assert f'href="{codes_url()}"' in html


def test_codes_page_of_an_online_course_lists_personal_codes(coordinator_client: Client) -> None:
    course = make_online_course(slug="online-bias")
    import_lms_codes(course, "email,code\nana@example.org,ABCDEF\n", None)
    html = coordinator_client.get(codes_url("online-bias")).content.decode()
    assert "ana@example.org" in html and "Imported from an organization" in html
    assert "1 code, 0 used" in html
    assert "New session code" not in html


def test_unknown_activity_is_404(coordinator_client: Client) -> None:
    assert coordinator_client.get(codes_url("nope")).status_code == 404


# --- Back office: session codes and the room display ------------------------------------


def test_coordinator_creates_a_session_code(coordinator_client: Client, workshop: Any) -> None:
    data = {"label": "Northside, evening", "starts_at": "2030-03-12T18:30"}
    response = coordinator_client.post(codes_url(name="codes_session_new"), data)
    assert response.status_code == 302
    created = AttendanceCode.objects.get(activity=workshop)
    assert created.label == "Northside, evening"
    assert timezone.localtime(created.valid_from).strftime("%Y-%m-%d %H:%M") == "2030-03-12 18:30"
    assert created.valid_until == created.valid_from + timedelta(days=workshop.attendance_code_days)
    again = coordinator_client.post(codes_url(name="codes_session_new"), data)
    assert again.status_code == 302
    assert AttendanceCode.objects.count() == 1


def test_session_code_form_errors_name_the_field(coordinator_client: Client, workshop: Any) -> None:
    response = coordinator_client.post(
        codes_url(name="codes_session_new"), {"label": "", "starts_at": "soon"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the session a label" in html
    assert "Enter the start as a date and time" in html
    assert 'id="id_label_error"' in html
    field = re.search(r"<input[^>]*id=\"id_label\"[^>]*>", html)
    assert field is not None
    assert 'aria-describedby="id_label_helptext id_label_error"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    assert not AttendanceCode.objects.exists()


def test_show_to_the_room_has_the_code_and_a_qr_code_for_the_claim_link(
    coordinator_client: Client, code: Any
) -> None:
    response = coordinator_client.get(codes_url(name="codes_show", code=code.code))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span aria-hidden="true">{code.code}</span>' in html
    expected = segno.make(f"{settings.SITE_URL}/claim/?code={code.code}", error="m")
    data_uri = expected.svg_data_uri(scale=8, border=2, light="#fff")
    assert f'src="{data_uri}"' in html.replace("&amp;", "&").replace("&#x27;", "'").replace(
        "&quot;", '"'
    )
    assert "style=" not in html and "<script>" not in html


def test_room_display_only_shows_this_activitys_session_codes(
    coordinator_client: Client, code: Any
) -> None:
    other = make_activity(slug="other")
    assert (
        coordinator_client.get(codes_url("other", name="codes_show", code=code.code)).status_code
        == 404
    )
    course = make_online_course(slug="online-bias")
    import_lms_codes(course, "email,code\nana@example.org,ABCDEF\n", None)
    assert (
        coordinator_client.get(
            codes_url("online-bias", name="codes_show", code="ABCDEF")
        ).status_code
        == 404
    )
    assert other.pk


# --- Back office: LMS import ------------------------------------------------------------


def test_pasted_rows_are_imported(coordinator_client: Client) -> None:
    make_online_course(slug="online-bias")
    response = coordinator_client.post(
        codes_url("online-bias", name="codes_import"),
        {"csv_text": "email,code\nana@example.org,ABCDEF\nben@example.org,GHJKMN\n"},
    )
    assert response.status_code == 302
    assert AttendanceCode.objects.count() == 2


def test_an_uploaded_file_is_imported(coordinator_client: Client) -> None:
    make_online_course(slug="online-bias")
    upload = SimpleUploadedFile(
        "codes.csv", b"\xef\xbb\xbfEmail,Code\r\nana@example.org,abcdef\r\n"
    )
    response = coordinator_client.post(
        codes_url("online-bias", name="codes_import"), {"csv_file": upload}
    )
    assert response.status_code == 302
    assert AttendanceCode.objects.get().code == "ABCDEF"


def test_bad_rows_are_shown_in_a_table_and_nothing_is_imported(coordinator_client: Client) -> None:
    make_online_course(slug="online-bias")
    response = coordinator_client.post(
        codes_url("online-bias", name="codes_import"),
        {"csv_text": "email,code\nana@example.org,ABCDEF\nnope,ABC\n"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html
    assert (
        '<td class="num">3</td><td>email</td><td>“nope” is not a valid e-mail address.</td>' in html
    )
    assert '<td class="num">3</td><td>code</td>' in html
    assert not AttendanceCode.objects.exists()


def test_import_without_a_file_or_rows_asks_for_one(coordinator_client: Client) -> None:
    make_online_course(slug="online-bias")
    response = coordinator_client.post(codes_url("online-bias", name="codes_import"), {})
    assert response.status_code == 400
    assert "Choose a CSV file or paste the rows below." in response.content.decode()


def test_recent_lockouts_are_listed(coordinator_client: Client, workshop: Any) -> None:
    guesser = make_learner(email="guesser@example.org")
    for _ in range(5):
        with contextlib.suppress(CodeEntryError):
            enter_code(guesser, "QQQQQQ", "203.0.113.9")
    html = coordinator_client.get(codes_url()).content.decode()
    section = html.split('id="lockouts-heading"')[1]
    assert "guesser@example.org" in section and "203.0.113.9" in section
    assert "QQQQQQ, QQQQQQ, QQQQQQ, QQQQQQ, QQQQQQ" in section
