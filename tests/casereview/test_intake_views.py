"""The intake page and the submitter's own pages, through the views: who may open them,
the scan round trip (warned, fixed or confirmed), double submits and the access log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.casereview.models import Case, CaseAccess, CaseStatus
from equitylens.casereview.services.cases import transition
from equitylens.casereview.services.intake import scan_submission
from tests.casereview.factories import make_case, make_review_body
from tests.factories import make_coordinator, make_membership, make_user
from tests.learning.concurrency import post_at_once, signed_in_clients
from tests.learning.conftest import shared_database  # noqa: F401  (a fixture)

TITLE = "Interpreter not offered at discharge"
CLEAN = "A patient who prefers Spanish was discharged in 2024 without an interpreter."
WITH_MRN = "The patient (MRN 00123456) was discharged in 2024 without an interpreter."


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_url(series: Any) -> str:
    return reverse("casereview:submit", args=[series.pk])


def token_of(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def form_data(token: str, **extra: Any) -> dict[str, Any]:
    data = {"kind": "case", "title": TITLE, "summary": CLEAN, "token": token}
    data.update(extra)
    return data


@pytest.fixture
def body() -> Any:
    return make_review_body()


@pytest.mark.django_db
class TestSubmitPage:
    def test_shows_the_form_with_guidance_marking_and_a_token(self, body: Any) -> None:
        response = signed_in(body.org_member).get(submit_url(body.series))
        html = response.content.decode()
        assert response.status_code == 200
        assert "confidential-marking" in html
        assert "How to de-identify what you write" in html
        assert "90 or older" in html and "year only" in html
        assert 'name="name_hidden"' in html
        assert len(token_of(response)) >= 20

    def test_an_mrn_is_marked_in_place_and_nothing_is_saved(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))

        response = client.post(submit_url(body.series), form_data(token, summary=WITH_MRN))

        html = response.content.decode()
        assert response.status_code == 400
        assert "1 possible identifier found — fix them or confirm each one" in html
        assert (
            '<mark class="scan-mark" id="mark-1"><span class="scan-mark__label">'
            "[1 record number]</span>MRN 00123456</mark>"
        ) in html
        assert 'href="#confirm-1"' in html and 'id="confirm-1"' in html
        assert "This is not an identifier / keep as written" in html
        assert WITH_MRN in html  # the textarea keeps what they wrote
        assert token_of(response) == token  # same form, same one-time token
        assert not Case.objects.exists()

    def test_fixing_the_text_submits_and_shows_the_status(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        client.post(submit_url(body.series), form_data(token, summary=WITH_MRN))

        response = client.post(submit_url(body.series), form_data(token), follow=True)

        case = Case.objects.get()
        assert response.redirect_chain[-1][0] == reverse("casereview:my_submission", args=[case.pk])
        html = response.content.decode()
        assert "Submitted — the review body will look at it." in html
        assert "Status: Submitted" in html
        assert case.confirmed_findings == []

    def test_confirming_the_finding_submits_with_offsets_only(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        [finding] = scan_submission(TITLE, WITH_MRN)

        response = client.post(
            submit_url(body.series), form_data(token, summary=WITH_MRN, confirm=[finding.key])
        )

        case = Case.objects.get()
        assert response.status_code == 302
        assert case.confirmed_findings == [
            {"kind": "record_number", "field": "summary", "start": 13, "end": 25}
        ]

    def test_a_finding_new_after_an_edit_must_be_confirmed(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        first = client.post(submit_url(body.series), form_data(token, summary=WITH_MRN))
        key = re.search(r'name="confirm" value="([^"]+)"', first.content.decode()).group(1)  # type: ignore[union-attr]
        seen = re.findall(r'name="seen" value="([^"]+)"', first.content.decode())
        edited = WITH_MRN + " Her daughter called from 555-123-4567."

        response = client.post(
            submit_url(body.series),
            form_data(token, summary=edited, confirm=[key], seen=seen),
        )

        html = response.content.decode()
        assert response.status_code == 400
        assert "2 possible identifiers found — fix them or confirm each one (1 still" in html
        assert f'value="{key}" id="confirm-1" checked' in html
        assert 'id="confirm-2">' in html  # the phone number: not ticked
        assert html.count("New since your last check") == 1
        assert not Case.objects.exists()

    def test_a_combination_is_listed_in_its_own_group(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        text = "A Hmong woman with sickle cell disease on 4 West in March 2024 had no interpreter."

        html = client.post(submit_url(body.series), form_data(token, summary=text)).content.decode()

        assert "Details that together may identify someone (1)" in html
        assert 'class="scan-mark scan-mark--combination"' in html
        # The date inside the combination is marked whole, nested in it.
        assert "[1 date]</span>March 2024</mark>" in html
        assert not Case.objects.exists()

    def test_field_errors_are_linked_from_the_summary(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        response = client.post(submit_url(body.series), form_data(token, title="Hm"))
        html = response.content.decode()
        assert response.status_code == 400
        assert '<a href="#id_title">Give a title of 5 to 200 characters; it has 2.</a>' in html

    def test_an_unknown_kind_gets_one_specific_message(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        html = client.post(submit_url(body.series), form_data(token, kind="rumour")).content
        message = b"Choose whether you are submitting a case or a topic idea."
        assert html.count(message) == 2  # in the summary and at the field
        assert b"Select a valid choice" not in html
        assert not Case.objects.exists()

    def test_double_submit_with_the_same_token_makes_one_case(self, body: Any) -> None:
        client = signed_in(body.org_member)
        token = token_of(client.get(submit_url(body.series)))
        first = client.post(submit_url(body.series), form_data(token))
        second = client.post(submit_url(body.series), form_data(token))
        assert Case.objects.count() == 1
        assert first["Location"] == second["Location"]

    def test_outsider_is_refused_and_logged(self, body: Any) -> None:
        client = signed_in(body.outsider)
        assert client.get(submit_url(body.series)).status_code == 403
        assert client.post(submit_url(body.series), form_data("x" * 30)).status_code == 403
        assert not Case.objects.exists()
        denied = CaseAccess.objects.filter(actor=body.outsider, outcome="denied")
        assert denied.count() == 2
        assert {row.series_id for row in denied} == {body.series.pk}

    def test_coordinator_outside_the_organization_is_refused(self, body: Any) -> None:
        assert signed_in(make_coordinator()).get(submit_url(body.series)).status_code == 403

    def test_anonymous_is_refused(self, body: Any) -> None:
        assert Client().get(submit_url(body.series)).status_code == 403


@pytest.mark.django_db
class TestMySubmissions:
    def test_lists_only_my_own_with_status_reason_and_merge(self, body: Any) -> None:
        mine = make_case(body.series, submitted_by=body.org_member)
        declined = make_case(body.series, submitted_by=body.org_member)
        transition(declined, CaseStatus.UNDER_REVIEW, body.facilitator)
        transition(declined, CaseStatus.DECLINED, body.facilitator, reason="Outside our scope")
        merged = make_case(body.series, submitted_by=body.org_member)
        transition(merged, CaseStatus.UNDER_REVIEW, body.facilitator)
        transition(merged, CaseStatus.MERGED, body.facilitator, merged_into=mine)
        theirs = make_case(body.series, submitted_by=body.presenter)

        response = signed_in(body.org_member).get(reverse("casereview:my_submissions"))

        html = response.content.decode()
        assert response.status_code == 200
        for case in (mine, declined, merged):
            assert reverse("casereview:my_submission", args=[case.pk]) in html
        assert reverse("casereview:my_submission", args=[theirs.pk]) not in html
        assert "Reason: Outside our scope" in html
        assert f"Merged into case {mine.number}" in html
        assert mine.title not in html  # the list shows status, not content
        assert CaseAccess.objects.filter(
            actor=body.org_member, outcome="allowed", view_name="casereview:my_submissions"
        ).exists()

    def test_posting_is_refused_and_logged(self, body: Any) -> None:
        client = signed_in(body.org_member)
        assert client.post(reverse("casereview:my_submissions")).status_code == 405
        assert CaseAccess.objects.get(actor=body.org_member).outcome == "denied"

    def test_anonymous_gets_403_and_a_denied_row(self) -> None:
        response = Client().get(reverse("casereview:my_submissions"))
        assert response.status_code == 403
        assert CaseAccess.objects.filter(outcome="denied", actor=None).count() == 1


@pytest.mark.django_db
class TestMySubmission:
    def test_the_submitter_sees_text_status_and_dates_only(self, body: Any) -> None:
        case = make_case(body.series, submitted_by=body.org_member)
        transition(case, CaseStatus.UNDER_REVIEW, body.facilitator, reason="internal")
        transition(case, CaseStatus.DECLINED, body.facilitator, reason="Outside our scope")

        response = signed_in(body.org_member).get(
            reverse("casereview:my_submission", args=[case.pk])
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "confidential-marking" in html
        assert case.title in html and case.summary in html
        assert "Status: Declined" in html and "Under review" in html
        assert "Reason: Outside our scope" in html
        assert "internal" not in html
        assert body.facilitator.display_name not in html
        row = CaseAccess.objects.get(actor=body.org_member, outcome="allowed")
        assert (row.case_id, row.series_id) == (case.pk, body.series.pk)

    @pytest.mark.parametrize("who", ["presenter", "facilitator", "org_admin", "outsider"])
    def test_anyone_else_gets_404_and_a_denied_row(self, body: Any, who: str) -> None:
        case = make_case(body.series, submitted_by=body.org_member)
        other = getattr(body, who)

        response = signed_in(other).get(reverse("casereview:my_submission", args=[case.pk]))

        assert response.status_code == 404
        assert case.title not in response.content.decode()
        row = CaseAccess.objects.get(actor=other)
        assert (row.outcome, row.series_id, row.case_id) == ("denied", body.series.pk, case.pk)

    def test_another_submitter_gets_404_like_a_missing_case(self, body: Any) -> None:
        case = make_case(body.series, submitted_by=body.org_member)
        someone = make_user()
        make_membership(someone, body.series.organization)
        make_case(body.series, submitted_by=someone)
        client = signed_in(someone)
        assert client.get(reverse("casereview:my_submission", args=[case.pk])).status_code == 404
        assert client.get(reverse("casereview:my_submission", args=[99999])).status_code == 404
        assert CaseAccess.objects.filter(actor=someone, outcome="denied").count() == 2

    def test_anonymous_gets_403_and_a_denied_row(self, body: Any) -> None:
        case = make_case(body.series, submitted_by=body.org_member)
        response = Client().get(reverse("casereview:my_submission", args=[case.pk]))
        assert response.status_code == 403
        row = CaseAccess.objects.get()
        assert (row.outcome, row.actor, row.case_id) == ("denied", None, case.pk)


@pytest.mark.django_db(transaction=True)
def test_two_people_submitting_at_once_get_numbers_one_and_two(
    shared_database: None,  # noqa: F811
) -> None:
    body = make_review_body()
    clients = [signed_in(body.org_member), signed_in(body.presenter)]
    data = form_data("t" * 43)  # each person's own form token (same value, other user)

    responses = post_at_once(clients, submit_url(body.series), data)

    assert {response.status_code for response in responses} == {302}
    assert sorted(Case.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_from_two_tabs_at_once_makes_one_case(
    shared_database: None,  # noqa: F811
) -> None:
    body = make_review_body()
    data = form_data("u" * 43)

    responses = post_at_once(signed_in_clients(body.org_member, 2), submit_url(body.series), data)

    assert {response.status_code for response in responses} == {302}
    assert Case.objects.count() == 1
    assert Case.objects.get().transitions.count() == 1
