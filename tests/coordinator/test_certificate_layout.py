"""The coordinator's certificate layout screen and its PDF preview."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from equitylens.audit.models import LogEntry
from equitylens.credentials.models import CertificateLayout
from tests.factories import make_learner, make_provider

pytestmark = pytest.mark.django_db
URL = "/coordinator/certificates/layout/"

GOOD = {
    "heading": "Certificate of Completion",
    "signatory_name": "Dr. Morgan Ellis",
    "signatory_title": "Director of CME",
    "accent_color": "#7a1f5c",
    "footer": "Lakeshore Medical Society",
}


def image_file(kind: str = "PNG", name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), "#1f4e79").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    make_provider()


def test_coordinator_saves_layout_with_logo_and_previews_it(coordinator_client: Client) -> None:
    page = coordinator_client.get(URL)
    assert page.status_code == 200 and "Certificate layout" in page.content.decode()
    response = coordinator_client.post(URL, {**GOOD, "logo": image_file()})
    assert response.status_code == 302
    layout = CertificateLayout.objects.get()
    assert layout.signatory_name == "Dr. Morgan Ellis" and layout.logo.name.endswith(".png")
    assert LogEntry.objects.filter(action="certificate_layout.saved").exists()
    preview = coordinator_client.get(URL + "preview/")
    assert preview["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(preview.content))
    assert len(reader.pages[0].images) == 1
    assert "Dr. Morgan Ellis" in reader.pages[0].extract_text()


def test_jpeg_logo_is_accepted(coordinator_client: Client) -> None:
    response = coordinator_client.post(URL, {**GOOD, "logo": image_file("JPEG", "logo.jpg")})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
            "this file is not one we can read",
        ),
        (image_file("GIF", "logo.gif"), "this file is GIF"),
        (
            SimpleUploadedFile("big.png", b"0" * (2 * 1024 * 1024 + 1), content_type="image/png"),
            "The logo must be at most 2 MB; this file is 2.0 MB.",
        ),
    ],
)
def test_bad_logo_is_refused_and_nothing_saved(
    coordinator_client: Client, upload: Any, message: str
) -> None:
    response = coordinator_client.post(URL, {**GOOD, "logo": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Nothing was saved" in html
    assert not CertificateLayout.objects.exists()


def test_accent_colour_must_be_hex(coordinator_client: Client) -> None:
    response = coordinator_client.post(URL, {**GOOD, "accent_color": "blue"})
    assert response.status_code == 400
    assert "Enter the colour as # and 6 hexadecimal digits" in response.content.decode()
    assert not CertificateLayout.objects.exists()


def test_preview_without_a_saved_layout_uses_the_default(coordinator_client: Client) -> None:
    preview = coordinator_client.get(URL + "preview/")
    assert (
        "Certificate of Completion"
        in PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()
    )


def test_learners_may_not_edit_the_layout() -> None:
    client = Client()
    client.force_login(make_learner())
    assert client.get(URL).status_code == 403
    assert client.post(URL, GOOD).status_code == 403
    assert client.get(URL + "preview/").status_code == 403
    assert not CertificateLayout.objects.exists()


def test_activity_list_links_to_the_layout(coordinator_client: Client) -> None:
    assert (
        'href="/coordinator/certificates/layout/"'
        in coordinator_client.get("/coordinator/").content.decode()
    )
