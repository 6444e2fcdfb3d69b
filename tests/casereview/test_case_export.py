"""The print view and the PDF export: marked, complete, logged and never cached."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from equitylens.casereview.models import (
    AccessAction,
    AccessOutcome,
    ActionItem,
    ActionLevel,
    Case,
    CaseAccess,
    CaseFactor,
    FactorLevel,
)
from equitylens.casereview.services.case_export import render_case_pdf
from tests.casereview.factories import ReviewBody, make_case, make_review_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def full_case(body: ReviewBody, **extra: Any) -> Case:
    extra.setdefault("clinical_narrative", "Discharged at night; teaching in English only.")
    case = make_case(
        body.series,
        title="Interpreter not offered at discharge",
        counter_narrative="Interpreter staffing is cut at night.",
        root_cause_analysis="Policy treats interpreters as optional.",
        equity_tags=["language", "insurance"],
        source_references="EHR encounter 48213\nSafety event SE-2291",
        key_issues="Language access depends on the shift.",
        discussion_questions="Who decides when an interpreter is needed?",
        concerns="Night staff may feel blamed.",
        name_hidden=True,
        submitted_by=body.org_member,
        **extra,
    )
    CaseFactor.objects.create(
        case=case, description="No interpreter after 22:00", level=FactorLevel.INSTITUTIONAL
    )
    ActionItem.objects.create(
        case=case,
        description="Offer video interpreting on every night shift.",
        level=ActionLevel.INSTITUTIONAL,
        owner=body.presenter,
        due_on=date.today() + timedelta(days=30),
    )
    return case


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_download_is_marked_on_every_page_and_logged(body: ReviewBody) -> None:
    long_story = "\n\n".join(f"Paragraph {n} of the clinical story. " * 12 for n in range(40))
    case = full_case(body, clinical_narrative=long_story)
    response = signed_in(body.committee_member).get(
        reverse("casereview:case_pdf", args=[body.series.pk, case.number])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="case-{body.series.slug}-{case.number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    texts = [flat(t) for t in pages_text(response.content)]
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert "CONFIDENTIAL — quality-improvement / peer-review document" in text
        assert text.count("CONFIDENTIAL") >= 2  # header and footer
        assert f"Page {number} of {len(texts)}" in text
        assert f"Case {case.number}" in text and body.series.title in text
        assert f"Exported by {body.committee_member.display_name}" in text
    entry = CaseAccess.objects.filter(case_id=case.pk).latest("pk")
    assert (entry.action, entry.outcome, entry.actor_id) == (
        AccessAction.EXPORT,
        AccessOutcome.ALLOWED,
        body.committee_member.pk,
    )


def test_pdf_holds_the_whole_case_and_hides_a_withheld_name(body: ReviewBody) -> None:
    case = full_case(body)
    text = flat(" ".join(pages_text(render_case_pdf(case, body.facilitator))))
    for expected in (
        "Interpreter not offered at discharge",
        case.summary,
        "Discharged at night; teaching in English only.",
        "Interpreter staffing is cut at night.",
        "Policy treats interpreters as optional.",
        "No interpreter after 22:00",
        "Language and interpreter access",
        "EHR encounter 48213",
        "Safety event SE-2291",
        "Language access depends on the shift.",
        "Who decides when an interpreter is needed?",
        "Night staff may feel blamed.",
        "Offer video interpreting on every night shift.",
        "Name withheld at the submitter's request",
    ):
        assert expected in text, expected
    assert body.org_member.display_name not in text


def test_pdf_metadata_title_does_not_name_the_case(body: ReviewBody) -> None:
    case = full_case(body)
    reader = PdfReader(io.BytesIO(render_case_pdf(case, body.facilitator)))
    title = reader.metadata.title if reader.metadata else ""
    assert title and f"Case {case.number}" in title
    assert "Interpreter not offered" not in title


def test_pdf_is_refused_to_a_member_of_another_organization(body: ReviewBody) -> None:
    case = full_case(body)
    response = signed_in(body.outsider).get(
        reverse("casereview:case_pdf", args=[body.series.pk, case.number])
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    entry = CaseAccess.objects.filter(series_id=body.series.pk).latest("pk")
    assert (entry.action, entry.outcome) == (AccessAction.EXPORT, AccessOutcome.DENIED)


# --- Print ------------------------------------------------------------------------------------


def test_print_page_is_marked_top_and_bottom_and_logged(body: ReviewBody) -> None:
    case = full_case(body)
    response = signed_in(body.content_expert).get(
        reverse("casereview:case_print", args=[body.series.pk, case.number])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="confidential-marking"') == 2
    assert f"Printed by {body.content_expert.display_name} on" in html
    assert "This print was recorded" in html
    assert "Offer video interpreting on every night shift." in html
    assert "Language access depends on the shift." in html
    assert "no-store" in response["Cache-Control"]
    entry = CaseAccess.objects.filter(case_id=case.pk).latest("pk")
    assert (entry.action, entry.outcome) == (AccessAction.PRINT, AccessOutcome.ALLOWED)


def test_print_is_refused_to_anonymous_visitors_and_logged(body: ReviewBody) -> None:
    case = full_case(body)
    response = Client().get(reverse("casereview:case_print", args=[body.series.pk, case.number]))
    assert response.status_code == 403
    assert "Interpreter not offered" not in response.content.decode()
    entry = CaseAccess.objects.filter(series_id=body.series.pk).latest("pk")
    assert (entry.action, entry.outcome, entry.actor_id) == (
        AccessAction.PRINT,
        AccessOutcome.DENIED,
        None,
    )
