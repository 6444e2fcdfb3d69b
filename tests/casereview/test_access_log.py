"""The access log: append-only everywhere, readable by the series' facilitators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from equitylens.casereview.models import AccessAction, AccessOutcome, AppendOnlyError, CaseAccess
from tests.casereview.factories import make_case, make_review_body
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def entry(**extra: Any) -> CaseAccess:
    extra.setdefault("action", AccessAction.VIEW)
    extra.setdefault("outcome", AccessOutcome.ALLOWED)
    extra.setdefault("view_name", "casereview:case")
    extra.setdefault("path", "/case-review/series/1/cases/1/")
    extra.setdefault("method", "GET")
    return CaseAccess.objects.create(**extra)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- append-only -------------------------------------------------------------------------


def test_saving_an_existing_row_is_refused() -> None:
    row = entry()
    row.outcome = AccessOutcome.DENIED
    with pytest.raises(AppendOnlyError):
        row.save()
    assert CaseAccess.objects.get().outcome == AccessOutcome.ALLOWED


def test_deleting_a_row_or_a_queryset_is_refused() -> None:
    row = entry()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CaseAccess.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        CaseAccess.objects.filter(pk=row.pk).delete()
    assert CaseAccess.objects.count() == 1


def test_queryset_update_is_refused() -> None:
    entry()
    with pytest.raises(AppendOnlyError):
        CaseAccess.objects.filter(outcome=AccessOutcome.ALLOWED).update(reason="tidied")
    assert CaseAccess.objects.get().reason == ""


def _raw(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_is_refused_by_the_database() -> None:
    row = entry()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE casereview_caseaccess SET reason = %s WHERE id = %s", ["x", row.pk])
    assert CaseAccess.objects.get().reason == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE possible: Django's test flush empties tables with it.",
)
def test_raw_sql_delete_is_refused_on_postgresql() -> None:
    row = entry()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM casereview_caseaccess WHERE id = %s", [row.pk])
    assert CaseAccess.objects.filter(pk=row.pk).exists()


def test_the_page_offers_no_way_to_change_the_log() -> None:
    body = make_review_body()
    entry(series_id=body.series.pk)
    html = (
        signed_in(body.facilitator)
        .get(reverse("casereview:access_log", args=[body.series.pk]))
        .content.decode()
    )
    # The only form that posts is the site menu's sign-out.
    assert html.count('method="post"') == html.count('action="/accounts/logout/"') == 1
    response = signed_in(body.facilitator).post(
        reverse("casereview:access_log", args=[body.series.pk])
    )
    assert response.status_code == 405


# --- the page ----------------------------------------------------------------------------


def test_only_the_facilitator_reads_the_log() -> None:
    body = make_review_body()
    url = reverse("casereview:access_log", args=[body.series.pk])
    for user in (body.presenter, body.committee_member, body.org_admin, body.outsider):
        assert signed_in(user).get(url).status_code == 403
    assert Client().get(url).status_code == 403
    assert signed_in(body.facilitator).get(url).status_code == 200


def test_rows_show_who_what_and_outcome_newest_first_only_for_this_series() -> None:
    body = make_review_body()
    series = body.series
    case = make_case(series, submitted_by=body.org_member)
    url = reverse("casereview:access_log", args=[series.pk])
    signed_in(body.outsider).get(reverse("casereview:case", args=[series.pk, case.number]))
    Client().get(reverse("casereview:case", args=[series.pk, case.number]))
    entry(series_id=series.pk + 1000, reason="another series")

    response = signed_in(body.facilitator).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confidential" in html
    assert body.outsider.email in html
    assert "anonymous" in html and "127.0.0.1" in html
    assert "not allowed: is_review_member" in html
    assert "another series" not in html
    assert case.title not in html and case.summary not in html
    # Newest first: the anonymous attempt came after the outsider's.
    assert html.index("anonymous") < html.index(body.outsider.email)
    # The two refused attempts and the facilitator's own visit to this page.
    assert "3 entries." in html


def test_filters_by_outcome_action_person_and_case_number() -> None:
    body = make_review_body()
    sid = body.series.pk
    someone = make_user(email="dana.lee@riverbendhealth.example")
    entry(series_id=sid, actor=someone, case_number=4, reason="first")
    entry(series_id=sid, actor=someone, case_number=5, outcome="denied", reason="second")
    entry(series_id=sid, case_number=4, action="print", reason="third")
    client = signed_in(body.facilitator)
    url = reverse("casereview:access_log", args=[sid])

    def reasons(**query: Any) -> set[str]:
        html = client.get(url, query).content.decode()
        return {r for r in ("first", "second", "third") if f">{r}<" in html}

    assert reasons(outcome="denied") == {"second"}
    assert reasons(action="print") == {"third"}
    assert reasons(person="DANA.LEE") == {"first", "second"}
    assert reasons(case_number="4") == {"first", "third"}
    assert reasons(person="dana", case_number="4", outcome="allowed") == {"first"}


def test_bad_case_number_gets_a_specific_message_and_no_filtering() -> None:
    body = make_review_body()
    entry(series_id=body.series.pk, case_number=4, reason="kept")
    response = signed_in(body.facilitator).get(
        reverse("casereview:access_log", args=[body.series.pk]), {"case_number": "four"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_case_number">Case number must be a whole number, such as 12.' in html
    assert ">kept<" in html


def test_pages_of_fifty() -> None:
    body = make_review_body()
    for n in range(60):
        entry(series_id=body.series.pk, reason=f"row {n}")
    client = signed_in(body.facilitator)
    url = reverse("casereview:access_log", args=[body.series.pk])
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first and ">row 59<" in first and ">row 9<" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert ">row 9<" in second and ">row 59<" not in second


def test_the_log_does_not_name_who_submitted() -> None:
    """A name-withheld submission must not be re-identified through the log."""
    body = make_review_body()
    series = body.series
    submitter = body.org_member
    client = signed_in(submitter)
    client.get(reverse("casereview:submit", args=[series.pk]))
    case = make_case(series, submitted_by=submitter, name_hidden=True)
    client.get(reverse("casereview:my_submission", args=[case.pk]))
    page = signed_in(body.facilitator).get(reverse("casereview:access_log", args=[series.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert submitter.email not in html and submitter.display_name not in html
    assert "name withheld" in html
    # Filtering by the submitter's e-mail finds nothing either.
    filtered = signed_in(body.facilitator).get(
        reverse("casereview:access_log", args=[series.pk]), {"person": submitter.email}
    )
    assert "0 entries match your filters" in filtered.content.decode()
