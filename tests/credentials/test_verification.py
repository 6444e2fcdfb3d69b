"""Public certificate verification: valid, not found, normalized input, nothing else shown,
and the per-IP lookup limit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.accounts.models import BoardCertification
from equitylens.credentials.services.verification import (
    VerificationRateLimited,
    normalize_certificate_number,
    note_lookup,
    verification_url,
    verify_certificate,
)
from tests.credentials.factories_transcript import make_claim
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

VERIFY = "/verify/"


@pytest.fixture
def certificate_holder() -> Any:
    learner = make_learner(
        first_name="Amara", last_name="Okafor", email="amara.private@example.org", npi="1234567890"
    )
    BoardCertification.objects.create(user=learner, board="ABIM", board_id="998877")
    make_claim(
        learner,
        title="Implicit Bias Workshop",
        completed_on=date(2026, 3, 10),
        credits=(("ama_pra_1", "1.75", "credits"), ("moc_abim", "1.75", "points")),
        number="EL-2026-00042",
    )
    return learner


def test_normalizing_trims_removes_spaces_and_upper_cases() -> None:
    assert normalize_certificate_number("  el-2026-00042 \n") == "EL-2026-00042"
    assert normalize_certificate_number("EL 2026 00042") == "EL202600042"


def test_a_valid_number_returns_only_the_certificates_four_facts(certificate_holder: Any) -> None:
    found = verify_certificate(" el-2026-00042 ")
    assert found is not None
    assert found.number == "EL-2026-00042"
    assert found.learner_name == "Amara Okafor"
    assert found.activity_title == "Implicit Bias Workshop"
    assert found.completion_text == "Completed Mar 10, 2026"
    assert [(c.label, c.amount, c.unit) for c in found.credits] == [
        ("AMA PRA Category 1 Credit(s)™", "1.75", "credits"),
        ("ABIM MOC points", "1.75", "points"),
    ]
    assert set(vars(found)) == {
        "number",
        "learner_name",
        "activity_title",
        "completion_text",
        "credits",
    }


def test_unknown_partial_or_empty_numbers_are_not_found(certificate_holder: Any) -> None:
    assert verify_certificate("EL-2026-00043") is None
    assert verify_certificate("EL-2026-0004") is None  # a prefix is no match
    assert verify_certificate("") is None
    assert verify_certificate("X" * 500) is None


def test_verification_url_points_at_the_public_page(settings: Any) -> None:
    settings.SITE_URL = "https://cme.example.org"
    assert (
        verification_url("EL-2026-00042") == "https://cme.example.org/verify/?number=EL-2026-00042"
    )


def test_the_page_needs_no_sign_in_and_shows_the_form(client: Client) -> None:
    assert reverse("credentials:verify") == VERIFY
    response = client.get(VERIFY)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="number">Certificate number</label>' in html
    assert "is valid" not in html


def test_a_valid_number_shows_name_activity_date_and_credits(
    client: Client, certificate_holder: Any
) -> None:
    response = client.get(VERIFY, {"number": "el-2026-00042"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Certificate EL-2026-00042 is valid" in html
    for fact in ("Amara Okafor", "Implicit Bias Workshop", "Completed Mar 10, 2026"):
        assert fact in html
    assert "<li>1.75 AMA PRA Category 1 Credit(s)™</li>" in html
    assert "<li>1.75 ABIM MOC points</li>" in html
    assert response["X-Robots-Tag"] == "noindex"


def test_the_page_shows_nothing_else_about_the_learner(
    client: Client, certificate_holder: Any
) -> None:
    html = client.get(VERIFY, {"number": "EL-2026-00042"}).content.decode()
    for private in ("amara.private@example.org", "998877", "1234567890", "MD", "physician"):
        assert private not in html


def test_an_unknown_number_says_so_without_hints(client: Client, certificate_holder: Any) -> None:
    response = client.get(VERIFY, {"number": "EL-2026-0004"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has the number EL-2026-0004" in html
    assert "EL-2026-00042" not in html and "Amara" not in html and "is valid" not in html


def test_an_empty_number_asks_for_one_linked_to_the_field(client: Client) -> None:
    response = client.get(VERIFY, {"number": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="number-error">Enter the certificate number' in html
    assert 'aria-describedby="number-help number-error"' in html
    assert 'aria-invalid="true"' in html


def test_a_too_long_number_says_how_long_it_may_be(client: Client) -> None:
    response = client.get(VERIFY, {"number": "EL-" + "1" * 30})
    assert response.status_code == 400
    assert "at most 20 characters; you entered 33" in response.content.decode()


def test_lookups_are_limited_per_ip_per_minute(settings: Any) -> None:
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 3
    for _ in range(3):
        note_lookup("203.0.113.5")
    with pytest.raises(VerificationRateLimited) as limited:
        note_lookup("203.0.113.5")
    assert 1 <= limited.value.retry_after <= 60
    note_lookup("198.51.100.7")  # another address has its own allowance


def test_the_page_refuses_lookups_past_the_limit_with_a_clear_message(
    client: Client, certificate_holder: Any, settings: Any
) -> None:
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 2
    for _ in range(2):
        assert client.get(VERIFY, {"number": "EL-2026-00042"}).status_code == 200
    response = client.get(VERIFY, {"number": "EL-2026-00042"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "Wait a minute, then try again" in html
    assert "Amara Okafor" not in html


def test_showing_the_blank_form_does_not_count_as_a_lookup(
    client: Client, certificate_holder: Any, settings: Any
) -> None:
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 1
    for _ in range(3):
        client.get(VERIFY)
    assert client.get(VERIFY, {"number": "EL-2026-00042"}).status_code == 200
