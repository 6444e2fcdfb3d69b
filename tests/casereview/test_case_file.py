"""Writing the case file: the service's rules and the form that calls it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.casereview.models import (
    AccessAction,
    AccessOutcome,
    Case,
    CaseAccess,
    CaseFactor,
    CaseStatus,
    FactorLevel,
)
from equitylens.casereview.services.case_file import (
    CaseFileData,
    CaseFileError,
    FactorRow,
    highlighted,
    save_case_file,
    version_of,
)
from equitylens.casereview.services.identifiers import scan_text
from tests.casereview.factories import ReviewBody, make_case, make_review_body

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def data_for(case: Case, **changes: Any) -> CaseFileData:
    values: dict[str, Any] = {
        "clinical_narrative": "Discharged at night; discharge teaching given in English only.",
        "counter_narrative": "Interpreter staffing is cut at night.",
        "root_cause_analysis": "Night staffing policy treats interpreters as optional.",
        "factors": [FactorRow("No interpreter at night", FactorLevel.INSTITUTIONAL)],
        "equity_tags": ["language"],
        "source_references": "EHR encounter 48213\nSafety event SE-2291",
        "seen_updated_at": version_of(case),
    }
    values.update(changes)
    return CaseFileData(**values)


def errors_of(case: Case, data: CaseFileData) -> dict[str, str]:
    with pytest.raises(CaseFileError) as caught:
        save_case_file(case, None, data)
    return caught.value.errors


# --- Service ----------------------------------------------------------------------------------


def test_save_writes_the_whole_file(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    saved = save_case_file(case, body.presenter, data_for(case))
    saved.refresh_from_db()
    assert saved.counter_narrative == "Interpreter staffing is cut at night."
    assert saved.equity_tags == ["language"]
    assert saved.source_references == "EHR encounter 48213\nSafety event SE-2291"
    assert [(f.description, f.level) for f in saved.factors.all()] == [
        ("No interpreter at night", FactorLevel.INSTITUTIONAL)
    ]


def test_factor_rows_are_edited_deleted_and_blank_rows_skipped(body: ReviewBody) -> None:
    case = make_case(body.series)
    keep = CaseFactor.objects.create(case=case, description="Old", level=FactorLevel.STRUCTURAL)
    drop = CaseFactor.objects.create(case=case, description="Gone", level=FactorLevel.STRUCTURAL)
    rows = [
        FactorRow("Redlined neighbourhood, no transit", FactorLevel.STRUCTURAL, keep.pk),
        FactorRow("Gone", FactorLevel.STRUCTURAL, drop.pk, delete=True),
        FactorRow("Nurse assumed family would translate", FactorLevel.INTERPERSONAL),
        FactorRow("", ""),
    ]
    save_case_file(case, None, data_for(case, factors=rows))
    assert list(case.factors.values_list("description", "level", "position")) == [
        ("Redlined neighbourhood, no transit", FactorLevel.STRUCTURAL, 1),
        ("Nurse assumed family would translate", FactorLevel.INTERPERSONAL, 2),
    ]
    assert not CaseFactor.objects.filter(pk=drop.pk).exists()


def test_factor_row_errors_name_the_row_and_save_nothing(body: ReviewBody) -> None:
    case = make_case(body.series)
    rows = [
        FactorRow("Fine", FactorLevel.INSTITUTIONAL),
        FactorRow("No level given", ""),
        FactorRow("", FactorLevel.STRUCTURAL),
        FactorRow("Made-up level", "cosmic"),
    ]
    errors = errors_of(case, data_for(case, factors=rows))
    assert errors["factor-2"].startswith("Factor 2: choose a level")
    assert errors["factor-3"] == "Factor 3: describe the factor, or clear its level."
    assert errors["factor-4"].startswith("Factor 4: choose a level")
    assert "factor-1" not in errors
    case.refresh_from_db()
    assert case.clinical_narrative == "" and not case.factors.exists()


def test_a_factor_of_another_case_is_refused(body: ReviewBody) -> None:
    case = make_case(body.series)
    foreign = CaseFactor.objects.create(
        case=make_case(body.series), description="Theirs", level=FactorLevel.STRUCTURAL
    )
    errors = errors_of(
        case, data_for(case, factors=[FactorRow("Mine now", FactorLevel.STRUCTURAL, foreign.pk)])
    )
    assert "not part of this case" in errors["factor-1"]
    foreign.refresh_from_db()
    assert foreign.description == "Theirs"


def test_unknown_tag_is_refused(body: ReviewBody) -> None:
    case = make_case(body.series)
    errors = errors_of(case, data_for(case, equity_tags=["language", "astrology"]))
    assert errors == {"equity_tags": "“astrology” is not an equity-factor tag; tick from the list."}


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ("EHR encounter 48213\nThe patient told us she felt ignored by everyone", "Reference 2"),
        ("EHR encounter " + "4" * 200, "a reference is at most 200"),
        ("Safety event", "Reference 1"),
        ("MRN 00482913", "points to the patient"),
        ("EHR encounter 48213 where she was ignored by staff", "is not a reference"),
    ],
)
def test_references_must_look_like_references(
    body: ReviewBody, references: str, expected: str
) -> None:
    case = make_case(body.series)
    errors = errors_of(case, data_for(case, source_references=references))
    assert expected in errors["source_references"]


def test_reference_lines_are_trimmed_and_blank_lines_dropped(body: ReviewBody) -> None:
    case = make_case(body.series)
    refs = "  EHR encounter 48213  \n\nIncident report #IR-77\nRL6 event: 2024-0012\n"
    saved = save_case_file(case, None, data_for(case, source_references=refs))
    assert saved.source_references == (
        "EHR encounter 48213\nIncident report #IR-77\nRL6 event: 2024-0012"
    )


def test_a_stale_form_is_refused_with_the_time_of_the_other_save(body: ReviewBody) -> None:
    case = make_case(body.series)
    opened = version_of(case)
    save_case_file(case, body.presenter, data_for(case, counter_narrative="First writer."))
    errors = errors_of(case, data_for(case, seen_updated_at=opened, counter_narrative="Second."))
    assert errors["__all__"].startswith("Someone else saved this case file at ")
    assert errors["__all__"].endswith("; reload to see their changes.")
    case.refresh_from_db()
    assert case.counter_narrative == "First writer."


@pytest.mark.parametrize("status", [S.CLOSED, S.DECLINED, S.MERGED])
def test_a_finished_case_file_cannot_be_changed(body: ReviewBody, status: str) -> None:
    case = make_case(body.series, status=status)
    errors = errors_of(case, data_for(case))
    assert "cannot be changed" in errors["__all__"]


def test_identifier_findings_need_save_anyway(body: ReviewBody) -> None:
    case = make_case(body.series)
    text = "Seen on 03/14/2025; MRN 00482913."
    errors = errors_of(case, data_for(case, clinical_narrative=text))
    assert "save_anyway" in errors
    case.refresh_from_db()
    assert case.clinical_narrative == ""
    saved = save_case_file(case, None, data_for(case, clinical_narrative=text, save_anyway=True))
    assert saved.clinical_narrative == text


def test_highlighted_pieces_rebuild_the_text_and_flag_the_findings() -> None:
    text = "Seen on 03/14/2025 with MRN 00482913 at night."
    pieces = highlighted(text, scan_text(text))
    assert "".join(p.text for p in pieces) == text
    flagged = [p.text for p in pieces if p.finding]
    assert "03/14/2025" in flagged and any("00482913" in f for f in flagged)


# --- Form -------------------------------------------------------------------------------------


def url(case: Case) -> str:
    return reverse("casereview:case_file", args=[case.series_id, case.number])


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_post(case: Case, **changes: str) -> dict[str, Any]:
    post: dict[str, Any] = {
        "clinical_narrative": "Discharged at night.",
        "counter_narrative": "Interpreter staffing is cut at night.",
        "root_cause_analysis": "Policy treats interpreters as optional.",
        "equity_tags": ["language", "insurance"],
        "source_references": "EHR encounter 48213",
        "version": version_of(case),
        "factor-count": "3",
        "factor-1-description": "No interpreter at night",
        "factor-1-level": "institutional",
        "factor-2-description": "",
        "factor-2-level": "",
        "factor-3-description": "",
        "factor-3-level": "",
    }
    post.update(changes)
    return post


def test_editor_opens_the_form_and_it_logs_a_view(body: ReviewBody) -> None:
    case = make_case(body.series)
    CaseFactor.objects.create(case=case, description="Existing", level=FactorLevel.STRUCTURAL)
    response = signed_in(body.content_expert).get(url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confidential" in html and "Existing" in html
    assert 'name="factor-count" value="4"' in html  # one existing row + three empty rows
    assert "no-store" in response["Cache-Control"]
    entry = CaseAccess.objects.filter(case_id=case.pk).latest("pk")
    assert (entry.action, entry.outcome) == (AccessAction.VIEW, AccessOutcome.ALLOWED)


def test_form_saves_and_logs_an_edit(body: ReviewBody) -> None:
    case = make_case(body.series)
    response = signed_in(body.presenter).post(url(case), form_post(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.equity_tags == ["language", "insurance"]
    assert case.factors.get().description == "No interpreter at night"
    entry = CaseAccess.objects.filter(case_id=case.pk).latest("pk")
    assert (entry.action, entry.outcome) == (AccessAction.EDIT, AccessOutcome.ALLOWED)


def test_form_shows_row_errors_in_the_summary_with_400(body: ReviewBody) -> None:
    case = make_case(body.series)
    response = signed_in(body.presenter).post(
        url(case),
        form_post(case, **{"factor-2-description": "Bus route cut", "factor-2-level": ""}),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_factor-2-description"' in html
    assert "Factor 2: choose a level" in html
    assert "Bus route cut" in html  # what was typed is kept
    case.refresh_from_db()
    assert case.clinical_narrative == ""


def test_form_refuses_a_stale_version(body: ReviewBody) -> None:
    case = make_case(body.series)
    stale = form_post(case)
    case.counter_narrative = "Saved by someone else"
    case.save()  # another editor's save bumps updated_at
    response = signed_in(body.presenter).post(url(case), stale)
    assert response.status_code == 400
    assert "Someone else saved this case file at" in response.content.decode()
    case.refresh_from_db()
    assert case.counter_narrative == "Saved by someone else"


def test_form_shows_findings_highlighted_and_offers_save_anyway(body: ReviewBody) -> None:
    case = make_case(body.series)
    response = signed_in(body.presenter).post(
        url(case), form_post(case, clinical_narrative="Call her at 617-555-0142.")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<mark class="scan-warnings__hit">' in html and "617-555-0142" in html
    assert 'name="save_anyway"' in html


def test_committee_member_gets_403_on_the_case_file(body: ReviewBody) -> None:
    case = make_case(body.series)
    client = signed_in(body.committee_member)
    assert client.get(url(case)).status_code == 403
    assert client.post(url(case), form_post(case)).status_code == 403
    case.refresh_from_db()
    assert case.clinical_narrative == ""
    entry = CaseAccess.objects.filter(series_id=body.series.pk).latest("pk")
    assert (entry.action, entry.outcome) == (AccessAction.EDIT, AccessOutcome.DENIED)


def test_closed_case_shows_a_message_instead_of_the_form(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.CLOSED)
    html = signed_in(body.facilitator).get(url(case)).content.decode()
    assert "cannot be changed" in html
    assert 'id="case-form"' not in html
