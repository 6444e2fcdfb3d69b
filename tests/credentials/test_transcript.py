"""The transcript service: only the learner's own claims, totals, filters, CSV and PDF."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from equitylens.catalog.models import CreditType
from equitylens.credentials.services.transcript import (
    CSV_HEADER,
    transcript_csv,
    transcript_for,
    transcript_pdf,
)
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_learner, make_provider

pytestmark = pytest.mark.django_db

AMA, ABIM, PART = CreditType.AMA_PRA_1, CreditType.MOC_ABIM, CreditType.PARTICIPATION


@pytest.fixture
def world() -> dict[str, Any]:
    make_provider("Lakeshore Medical Society")
    learner = make_learner(first_name="Amara", last_name="Okafor")
    other = make_learner(first_name="Someone", last_name="Else")
    march = make_claim(
        learner,
        title="Implicit Bias Workshop",
        completed_on=date(2025, 3, 10),
        credits=((AMA, "1.75", "credits"), (ABIM, "2.00", "points")),
        number="EL-2025-00001",
    )
    november = make_claim(
        learner,
        title="Structural Racism in Care",
        completed_on=date(2025, 11, 2),
        credits=((AMA, "2.00", "credits"),),
        number="EL-2025-00002",
    )
    february = make_claim(
        learner,
        title="Advancing Health Equity",
        completed_on=date(2026, 2, 1),
        credits=((AMA, "0.25", "credits"), (PART, "1.50", "hours")),
        number="EL-2026-00003",
    )
    make_claim(
        other,
        title="Someone Else's Course",
        completed_on=date(2026, 1, 5),
        credits=((AMA, "5.00", "credits"),),
        number="EL-2026-00004",
    )
    return {"learner": learner, "other": other, "claims": (march, november, february)}


def totals(transcript: Any) -> dict[tuple[str, str], Decimal]:
    return {(t.credit_type, t.unit): t.amount for t in transcript.totals}


def test_rows_are_the_learners_own_claims_newest_first(world: dict[str, Any]) -> None:
    transcript = transcript_for(world["learner"])
    assert [row.activity_title for row in transcript.rows] == [
        "Advancing Health Equity",
        "Structural Racism in Care",
        "Implicit Bias Workshop",
    ]
    assert [row.certificate_number for row in transcript.rows] == [
        "EL-2026-00003",
        "EL-2025-00002",
        "EL-2025-00001",
    ]
    assert transcript.rows[0].activity_type == "Live course (in person)"
    assert transcript.rows[0].completed_text == "Feb 1, 2026"


def test_totals_by_credit_type_are_exact_decimal_sums_per_unit(world: dict[str, Any]) -> None:
    transcript = transcript_for(world["learner"])
    assert totals(transcript) == {
        (AMA, "credits"): Decimal("4.00"),
        (PART, "hours"): Decimal("1.50"),
        (ABIM, "points"): Decimal("2.00"),
    }
    # AMA credit first, then participation, then MOC boards; learner-facing labels.
    assert [t.label for t in transcript.totals] == [
        "AMA PRA Category 1 Credit™",
        "Attendance / participation",
        "ABIM MOC",
    ]
    assert transcript.totals[0].amount_text == "4.0"


def test_totals_by_year_split_each_credit_type(world: dict[str, Any]) -> None:
    by_year = {
        year.year: {t.credit_type: t.amount for t in year.totals}
        for year in transcript_for(world["learner"]).totals_by_year
    }
    assert by_year == {
        2026: {AMA: Decimal("0.25"), PART: Decimal("1.50")},
        2025: {AMA: Decimal("3.75"), ABIM: Decimal("2.00")},
    }
    assert [y.year for y in transcript_for(world["learner"]).totals_by_year] == [2026, 2025]


def test_filter_choices_list_what_the_learner_has(world: dict[str, Any]) -> None:
    transcript = transcript_for(world["learner"], year=2026)
    assert transcript.years == (2026, 2025)  # all years, whatever the filter
    assert [value for value, _ in transcript.credit_types] == [AMA, PART, ABIM]


def test_year_filter_keeps_that_year_and_totals_it(world: dict[str, Any]) -> None:
    transcript = transcript_for(world["learner"], year=2025)
    assert [row.certificate_number for row in transcript.rows] == [
        "EL-2025-00002",
        "EL-2025-00001",
    ]
    assert totals(transcript) == {
        (AMA, "credits"): Decimal("3.75"),
        (ABIM, "points"): Decimal("2.00"),
    }
    assert transcript.filtered


def test_credit_type_filter_keeps_only_that_credits_lines(world: dict[str, Any]) -> None:
    transcript = transcript_for(world["learner"], credit_type=ABIM)
    assert [row.activity_title for row in transcript.rows] == ["Implicit Bias Workshop"]
    assert [line.credit_type for line in transcript.rows[0].credits] == [ABIM]
    assert totals(transcript) == {(ABIM, "points"): Decimal("2.00")}


def test_text_search_matches_title_words_or_certificate_number(world: dict[str, Any]) -> None:
    by_words = transcript_for(world["learner"], query="  racism   CARE ")
    assert [row.activity_title for row in by_words.rows] == ["Structural Racism in Care"]
    assert by_words.query == "racism CARE"
    by_number = transcript_for(world["learner"], query="el-2026-00003")
    assert [row.activity_title for row in by_number.rows] == ["Advancing Health Equity"]


def test_search_never_reaches_other_learners_claims(world: dict[str, Any]) -> None:
    assert transcript_for(world["learner"], query="Someone").rows == ()
    assert transcript_for(world["learner"], query="EL-2026-00004").rows == ()
    other = transcript_for(world["other"])
    assert [row.certificate_number for row in other.rows] == ["EL-2026-00004"]
    assert totals(other) == {(AMA, "credits"): Decimal("5.00")}


def test_a_learner_without_claims_gets_an_empty_transcript(db: Any) -> None:
    transcript = transcript_for(make_learner())
    assert transcript.rows == () and transcript.totals == () and transcript.years == ()
    assert not transcript.has_claims


def test_a_claim_without_certificate_yet_has_no_number(world: dict[str, Any]) -> None:
    make_claim(world["learner"], completed_on=date(2026, 5, 1), certificate=False)
    assert transcript_for(world["learner"]).rows[0].certificate_number == ""


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_header_and_one_row_per_credit_line(world: dict[str, Any], settings: Any) -> None:
    settings.SITE_URL = "https://cme.example.org"
    rows = read_csv(transcript_csv(transcript_for(world["learner"])))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 1 + 5  # 2 + 1 + 2 credit lines
    assert rows[1] == [
        "2026-02-01",
        "Advancing Health Equity",
        "Live course (in person)",
        "AMA PRA Category 1 Credit™",
        "0.25",
        "credits",
        "EL-2026-00003",
        "https://cme.example.org/verify/?number=EL-2026-00003",
    ]
    assert [row[3] for row in rows[4:]] == ["AMA PRA Category 1 Credit™", "ABIM MOC"]
    assert [row[4] for row in rows[4:]] == ["1.75", "2.00"]


def test_csv_honours_the_filters(world: dict[str, Any]) -> None:
    rows = read_csv(transcript_csv(transcript_for(world["learner"], year=2026)))
    assert {row[6] for row in rows[1:]} == {"EL-2026-00003"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_cannot_run_as_spreadsheet_formulas(db: Any, start: str) -> None:
    learner = make_learner()
    title = f'{start}HYPERLINK("http://evil.example","click")'
    make_claim(learner, title=title, completed_on=date(2026, 1, 1))
    rows = read_csv(transcript_csv(transcript_for(learner)))
    assert rows[1][1] == "'" + title
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_names_the_learner_provider_claims_and_totals(world: dict[str, Any]) -> None:
    data = transcript_pdf(transcript_for(world["learner"]), world["learner"])
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Transcript of Amara Okafor" in text
    assert "Lakeshore Medical Society" in text
    assert "Generated on" in text
    for expected in ("Implicit Bias Workshop", "EL-2025-00001", "EL-2026-00003", "4.0", "3.75"):
        assert expected in text
    assert "Someone Else" not in text and "EL-2026-00004" not in text


def test_pdf_of_a_long_transcript_runs_to_several_pages(db: Any) -> None:
    learner = make_learner(first_name="Long", last_name="History")
    for n in range(45):
        make_claim(
            learner, title=f"Session {n:02d}", completed_on=date(2024 + n % 3, 1, 1 + n % 28)
        )
    data = transcript_pdf(transcript_for(learner), learner)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = pdf_text(data)
    assert all(f"Session {n:02d}" in text for n in range(45))
    assert "78.75" in text  # 45 × 1.75


def test_pdf_keeps_credit_names_with_their_trademark_sign(world: dict[str, Any]) -> None:
    text = pdf_text(transcript_pdf(transcript_for(world["learner"]), world["learner"]))
    assert "AMA PRA Category 1 Credit™" in text
    assert "Filtered by" not in text


def test_pdf_prints_names_in_any_alphabet(db: Any) -> None:
    learner = make_learner(first_name="Thu Hà", last_name="Nguyễn")
    make_claim(learner, title="Đánh giá thiên kiến", completed_on=date(2026, 3, 2))
    text = pdf_text(transcript_pdf(transcript_for(learner), learner))
    assert "Transcript of Thu Hà Nguyễn" in text
    assert "Đánh giá thiên kiến" in text
