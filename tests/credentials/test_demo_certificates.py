"""The demo certificate layout: created once, with a logo, and safe to load again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from equitylens.credentials.models import CertificateLayout
from equitylens.demo.certificates import load_certificate_layout
from tests.factories import make_provider


@pytest.mark.django_db
def test_demo_layout_is_idempotent_and_has_a_logo(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    make_provider()
    first = load_certificate_layout({})
    second = load_certificate_layout({})
    assert first is not None and second is not None
    assert CertificateLayout.objects.count() == 1
    assert second.signatory_name == "Dr. Morgan Ellis"
    assert first.logo.name == second.logo.name
    assert len(list((tmp_path / "certificates" / "logos").iterdir())) == 1
    with second.logo.open("rb") as file:
        assert Image.open(io.BytesIO(file.read())).format == "PNG"
