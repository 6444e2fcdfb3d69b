"""Certificates: numbers, the frozen snapshot, and the PDF's text, logo and layout."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from equitylens.credentials.models import Certificate, CertificateLayout
from equitylens.credentials.services.certificate_pdf import render_certificate_pdf
from equitylens.credentials.services.certificates import (
    NUMBER_ALPHABET,
    credit_label,
    issue_certificate,
    layout_for,
    new_certificate_number,
    sample_certificate,
)
from equitylens.learning.services.claims import MocDetails, claim_credit
from tests.factories import make_activity, make_evaluated_enrollment, make_learner, make_offering
from tests.learning.factories_claims import make_claimable_course, make_ready_physician

NUMBER = re.compile(rf"^EL-\d{{4}}-[{NUMBER_ALPHABET}]{{4}}-[{NUMBER_ALPHABET}]{{4}}$")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def png_bytes(size: tuple[int, int] = (300, 100), colour: str = "#1f4e79") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_numbers_are_human_friendly_random_and_unique() -> None:
    numbers = {new_certificate_number(2026) for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(NUMBER.match(n) for n in numbers)
    assert not any(c in n[8:] for n in numbers for c in "01OIL5S")


def test_credit_labels_in_learners_words() -> None:
    assert credit_label("ama_pra_1", "credits") == "AMA PRA Category 1 Credit(s)™"
    assert credit_label("participation", "hours") == "participation hours"
    assert credit_label("nursing", "hours") == "nursing contact hours"
    assert credit_label("moc_abim", "points") == "ABIM MOC points"
    assert credit_label("moc_abp", "credits") == "ABP MOC credits"


@pytest.mark.django_db
def test_certificate_freezes_the_claim_text() -> None:
    course = make_claimable_course("Seeing Bias in the Exam Room")
    learner, enrollment = make_ready_physician(course, credentials=["MD", "PhD"])
    moc = MocDetails(board_ids={"ABIM": "123456"}, consent=True, birth_month="1", birth_day="2")
    claim = claim_credit(enrollment, {"moc_abim": "1.5", "ama_pra_1": "1.75"}, moc, by=learner)
    certificate = Certificate.objects.get(claim=claim)
    assert NUMBER.match(certificate.number)
    assert certificate.learner_name == "Avery Okafor"
    assert certificate.learner_credentials == "MD, PhD"
    assert certificate.activity_title == "Seeing Bias in the Exam Room"
    assert certificate.activity_type == course.get_format_display()
    assert certificate.completion_text.startswith("Completed ")
    assert str(claim.completed_on.year) in certificate.completion_text
    assert certificate.provider_name == course.provider.name
    assert "accredited by the Accreditation Council" in certificate.accreditation_statement
    assert "maximum of 1.75 AMA PRA Category 1 Credit(s)™" in certificate.designation_statement
    assert [(c["label"], c["amount"]) for c in certificate.credits] == [
        ("AMA PRA Category 1 Credit(s)™", "1.75"),
        ("ABIM MOC points", "1.5"),
    ]
    # Later profile and activity edits never change an issued certificate.
    learner.first_name = "Changed"
    learner.save()
    course.title = "Renamed"
    course.save()
    assert issue_certificate(claim).pk == certificate.pk
    certificate.refresh_from_db()
    assert certificate.learner_name == "Avery Okafor"
    assert certificate.activity_title == "Seeing Bias in the Exam Room"


@pytest.mark.django_db
def test_live_activity_certificate_shows_the_session_dates() -> None:
    workshop = make_activity(
        "Implicit Bias Workshop", starts_on=date(2026, 3, 4), ends_on=date(2026, 3, 5)
    )
    make_offering(workshop, "ama_pra_1", "2.0")
    learner = make_learner()
    claim = claim_credit(
        make_evaluated_enrollment(learner, workshop), {"ama_pra_1": "2"}, None, by=learner
    )
    assert claim.certificate.completion_text == "Mar 4, 2026 – Mar 5, 2026"


@pytest.mark.django_db
def test_pdf_text_has_name_title_amounts_date_number_and_verification_url(
    settings: Any,
) -> None:
    settings.SITE_URL = "https://cme.example.org"
    course = make_claimable_course("Seeing Bias in the Exam Room")
    learner, enrollment = make_ready_physician(course)
    moc = MocDetails(board_ids={"ABIM": "123456"}, consent=True, birth_month="1", birth_day="2")
    claim = claim_credit(enrollment, {"ama_pra_1": "1.75", "moc_abim": "1.75"}, moc, by=learner)
    certificate = claim.certificate
    text = pdf_text(render_certificate_pdf(certificate, layout_for(course.provider)))
    flat = " ".join(text.split())
    assert "Avery Okafor, MD" in flat
    assert "Seeing Bias in the Exam Room" in flat
    assert "1.75 AMA PRA Category 1 Credit(s)™" in flat
    assert "1.75 ABIM MOC points" in flat
    day = claim.completed_on
    assert f"{day:%b} {day.day}, {day.year}" in flat
    assert f"Certificate {certificate.number}" in flat
    assert f"https://cme.example.org/verify/?number={certificate.number}" in flat
    assert course.provider.name in flat
    assert "Certificate of Completion" in flat


def test_long_titles_wrap_and_curly_quotes_render() -> None:
    certificate = sample_certificate("Lakeshore Medical Society")
    certificate.activity_title = "“Seeing” the Patient: " + "Bias, Equity and Care " * 6
    text = " ".join(pdf_text(render_certificate_pdf(certificate, CertificateLayout())).split())
    assert "“Seeing” the Patient:" in text
    assert "Jordan Avery Castillo-Whitfield, MD, MPH" in text


@pytest.mark.django_db
def test_layout_logo_heading_signatory_and_footer_are_drawn(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    provider = make_activity().provider
    layout = CertificateLayout.objects.create(
        provider=provider,
        heading="Certificate of Participation",
        signatory_name="Dr. Morgan Ellis",
        signatory_title="Director of CME",
        accent_color="#7a1f5c",
        footer="Lakeshore Medical Society · 100 Lake Street",
    )
    layout.logo.save("logo.png", ContentFile(png_bytes()))
    pdf = render_certificate_pdf(sample_certificate(provider.name), layout)
    reader = PdfReader(io.BytesIO(pdf))
    images = reader.pages[0].images
    assert len(images) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Certificate of Participation",
        "Dr. Morgan Ellis",
        "Director of CME",
        "Lakeshore Medical Society · 100 Lake Street",
    ):
        assert expected in text


def test_default_layout_renders_without_a_logo_or_signatory() -> None:
    pdf = render_certificate_pdf(sample_certificate("Provider"), CertificateLayout())
    assert pdf.startswith(b"%PDF")
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images
    assert "Certificate of Completion" in pdf_text(pdf)


def test_malformed_accent_colour_falls_back_to_the_default() -> None:
    layout = CertificateLayout(accent_color="blue-ish")
    assert render_certificate_pdf(sample_certificate("Provider"), layout).startswith(b"%PDF")


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Thu Hà", "Łucja Dvořák-Şahin", "Ἀλέξανδρος Παπαδόπουλος", "Ольга Петрова"]
)
def test_names_in_any_alphabet_print_as_written(name: str) -> None:
    certificate = sample_certificate("Lakeshore Medical Society")
    certificate.learner_name = name
    text = pdf_text(render_certificate_pdf(certificate, CertificateLayout()))
    assert name in text
