"""The transcript page and its downloads, through Django's test client."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from equitylens.catalog.models import CreditType
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_learner, make_provider

pytestmark = pytest.mark.django_db

PAGE, CSV, PDF = "/transcript/", "/transcript/transcript.csv", "/transcript/transcript.pdf"


@pytest.fixture
def learner() -> Any:
    make_provider("Lakeshore Medical Society")
    learner = make_learner(first_name="Amara", last_name="Okafor")
    make_claim(
        learner,
        title="Implicit Bias Workshop",
        completed_on=date(2025, 3, 10),
        credits=((CreditType.AMA_PRA_1, "1.75", "credits"), (CreditType.MOC_ABIM, "2", "points")),
        number="EL-2025-00011",
    )
    make_claim(
        learner,
        title="Advancing Health Equity",
        completed_on=date(2026, 2, 1),
        credits=((CreditType.AMA_PRA_1, "0.25", "credits"),),
        number="EL-2026-00012",
    )
    return learner


@pytest.fixture
def stranger_claim() -> Any:
    stranger = make_learner(first_name="Private", last_name="Stranger")
    return make_claim(
        stranger,
        title="Stranger's Secret Course",
        completed_on=date(2026, 1, 5),
        number="EL-2026-00099",
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [PAGE, CSV, PDF])
def test_sign_in_is_required(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_own_claims_with_totals_and_links(learner: Any, stranger_claim: Any) -> None:
    response = signed_in(learner).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 claims." in html
    assert 'href="/certificates/EL-2025-00011/"' in html
    assert 'href="/certificates/EL-2026-00012/"' in html
    assert f'href="/activities/{learner.credit_claims.first().activity.slug}/"' in html
    # Totals by credit type: 1.75 + 0.25 AMA credit; ABIM points apart.
    totals = html.split('id="totals-by-type"')[1].split("</table>")[0]
    assert 'AMA PRA Category 1 Credit™</th><td class="num">2.0 credits' in totals
    assert 'ABIM MOC</th><td class="num">2.0 points' in totals
    by_year = html.split('id="totals-by-year"')[1].split("</table>")[0]
    assert by_year.index("2026") < by_year.index("2025")
    assert "0.25 credits" in by_year and "1.75 credits" in by_year
    assert "Stranger" not in html and "EL-2026-00099" not in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_year_filter_narrows_rows_totals_and_download_links(learner: Any) -> None:
    html = signed_in(learner).get(PAGE, {"year": "2026"}).content.decode()
    assert "1 claim matches your filters." in html
    assert "EL-2026-00012" in html and "EL-2025-00011" not in html
    assert '<option value="2025">2025</option>' in html  # the other year stays selectable
    assert '<option value="2026" selected>2026</option>' in html
    assert 'href="/transcript/transcript.csv?year=2026"' in html
    assert 'href="/transcript/transcript.pdf?year=2026"' in html
    assert "Clear filters" in html


def test_credit_type_and_search_filters(learner: Any) -> None:
    client = signed_in(learner)
    moc = client.get(PAGE, {"credit_type": "moc_abim"}).content.decode()
    assert "EL-2025-00011" in moc and "EL-2026-00012" not in moc
    found = client.get(PAGE, {"q": "equity"}).content.decode()
    assert "EL-2026-00012" in found and "EL-2025-00011" not in found


def test_unknown_filter_values_are_ignored(learner: Any) -> None:
    html = signed_in(learner).get(PAGE, {"year": "1999", "credit_type": "bogus"}).content.decode()
    assert "2 claims." in html


def test_no_match_offers_to_show_all(learner: Any) -> None:
    html = signed_in(learner).get(PAGE, {"q": "nothing like this"}).content.decode()
    assert "No claims match your filters." in html
    assert 'href="/transcript/">Show all claims' in html


def test_a_learner_without_claims_is_sent_to_the_catalog(db: Any, stranger_claim: Any) -> None:
    html = signed_in(make_learner()).get(PAGE).content.decode()
    assert "You have not claimed any credit yet." in html
    assert 'href="/activities/">Browse activities' in html
    assert "EL-2026-00099" not in html


def read_csv(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_download_has_own_lines_only_and_honours_filters(
    learner: Any, stranger_claim: Any
) -> None:
    client = signed_in(learner)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="transcript-')
    rows = read_csv(response)
    assert rows[0][0] == "Completed on"
    assert sorted(row[6] for row in rows[1:]) == ["EL-2025-00011", "EL-2025-00011", "EL-2026-00012"]
    filtered = read_csv(client.get(CSV, {"year": "2025", "credit_type": "moc_abim"}))
    assert [row[3:6] for row in filtered[1:]] == [["ABIM MOC", "2.00", "points"]]


def test_pdf_download_is_a_pdf_of_own_claims(learner: Any, stranger_claim: Any) -> None:
    response = signed_in(learner).get(PDF, {"year": "2026"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Transcript of Amara Okafor" in text
    assert "EL-2026-00012" in text
    assert "EL-2025-00011" not in text and "Stranger" not in text
    assert "Filtered by year 2026" in text
