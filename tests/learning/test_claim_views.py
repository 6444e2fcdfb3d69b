"""The claim page and the certificate download, through Django's test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from equitylens.accounts.models import BoardCertification
from equitylens.credentials.models import Certificate
from equitylens.learning.models import CreditClaim, EnrollmentStatus
from tests.factories import (
    make_coordinator,
    make_evaluated_enrollment,
    make_learner,
    make_verified_enrollment,
)
from tests.learning.factories_claims import make_claimable_course, make_ready_physician

pytestmark = pytest.mark.django_db

MOC_POST = {
    "claim_ama_pra_1": "1",
    "amount_ama_pra_1": "1.75",
    "claim_moc_abim": "1",
    "amount_moc_abim": "1.75",
    "board_id_ABIM": "123456",
    "birth_month": "4",
    "birth_day": "9",
    "moc_consent": "1",
}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(enrollment: Any) -> str:
    return f"/learn/{enrollment.activity.slug}/credit/"


def test_form_lists_eligible_credit_at_the_maximum_and_notes_the_rest() -> None:
    learner, enrollment = make_ready_physician()
    BoardCertification.objects.create(user=learner, board="ABIM", board_id="654321")
    html = signed_in(learner).get(url(enrollment)).content.decode()
    assert 'name="amount_ama_pra_1" value="1.75" step="0.25" min="0.25" max="1.75"' in html
    assert 'id="claim_ama_pra_1" name="claim_ama_pra_1" value="1" checked' in html
    assert "Claim AMA PRA Category 1 Credit(s)™" in html
    assert "amount_nursing" not in html and "amount_participation" not in html
    assert "Nursing contact hours are for nurses." in html
    # MOC: boards unticked until the learner chooses; saved board ID prefilled.
    assert "<legend>Maintenance of Certification (MOC)</legend>" in html
    assert 'id="claim_moc_abim" name="claim_moc_abim" value="1" data-moc-board>' in html
    assert 'value="654321"' in html
    assert "An ABIM ID is 6 digits" in html
    assert "PARS" in html


def test_nurse_sees_no_moc_section() -> None:
    course = make_claimable_course()
    nurse = make_learner(profession="nurse", credentials=["RN"])
    enrollment = make_evaluated_enrollment(nurse, course)
    html = signed_in(nurse).get(url(enrollment)).content.decode()
    assert "amount_nursing" in html and "amount_participation" in html
    assert "Maintenance of Certification" not in html
    assert "AMA PRA Category 1 Credit™ are for physicians." in html


def test_claim_with_moc_redirects_to_the_ready_page() -> None:
    learner, enrollment = make_ready_physician()
    client = signed_in(learner)
    response = client.post(url(enrollment), MOC_POST)
    assert response.status_code == 302 and response["Location"] == url(enrollment)
    claim = CreditClaim.objects.get(enrollment=enrollment)
    assert {c.credit_type: str(c.amount) for c in claim.credits.all()} == {
        "ama_pra_1": "1.75",
        "moc_abim": "1.75",
    }
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CLAIMED
    page = client.get(url(enrollment)).content.decode()
    number = claim.certificate.number
    assert "Your certificate is ready" in page
    assert f'href="/certificates/{number}/"' in page
    assert "1.75</strong> ABIM MOC points" in page
    assert "reported to ABIM" in page


def test_double_submit_makes_one_claim() -> None:
    learner, enrollment = make_ready_physician()
    client = signed_in(learner)
    first = client.post(url(enrollment), MOC_POST)
    second = client.post(url(enrollment), {**MOC_POST, "amount_ama_pra_1": "0.5"})
    assert first.status_code == second.status_code == 302
    assert CreditClaim.objects.count() == 1 and Certificate.objects.count() == 1
    assert CreditClaim.objects.get().credits.get(credit_type="ama_pra_1").amount == 1.75


def test_errors_are_shown_by_field_and_nothing_is_saved() -> None:
    learner, enrollment = make_ready_physician()
    bad = {**MOC_POST, "amount_ama_pra_1": "1.3", "board_id_ABIM": "12", "birth_day": "31"}
    bad["birth_month"] = "2"
    del bad["moc_consent"]
    response = signed_in(learner).post(url(enrollment), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was claimed yet" in html
    assert "Claim in 0.25 steps; 1.3 is not one. Use 1.25 or 1.5." in html
    assert (
        'aria-describedby="amount_ama_pra_1-help amount_ama_pra_1-error" aria-invalid="true"'
        in html
    )
    assert "An ABIM ID is 6 digits, e.g. 123456; you entered “12”." in html
    assert "February has no day 31" in html
    assert "Tick the consent" in html
    assert 'href="#board_id_ABIM"' in html
    assert 'value="1.3"' in html  # what the learner typed is kept
    assert not CreditClaim.objects.exists() and not BoardCertification.objects.exists()


def test_before_the_evaluation_the_page_explains_and_links_to_it() -> None:
    course = make_claimable_course()
    learner = make_learner()
    enrollment = make_verified_enrollment(learner, course)
    client = signed_in(learner)
    html = client.get(url(enrollment)).content.decode()
    assert "Submit the evaluation first" in html
    assert f'href="/learn/{course.slug}/evaluation/"' in html
    assert client.post(url(enrollment), MOC_POST).status_code == 200
    assert not CreditClaim.objects.exists()


def test_without_profession_the_page_links_to_the_profile() -> None:
    course = make_claimable_course()
    learner = make_learner(profession="")
    enrollment = make_evaluated_enrollment(learner, course)
    html = signed_in(learner).get(url(enrollment)).content.decode()
    assert "Add your profession to your profile first" in html
    assert 'href="/accounts/profile/"' in html


def test_other_learners_get_404_and_anonymous_visitors_sign_in() -> None:
    _, enrollment = make_ready_physician()
    other = make_learner()
    assert signed_in(other).get(url(enrollment)).status_code == 404
    assert signed_in(other).post(url(enrollment), MOC_POST).status_code == 404
    assert not CreditClaim.objects.exists()
    response = Client().get(url(enrollment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_certificate_pdf_for_owner_and_coordinator_only() -> None:
    learner, enrollment = make_ready_physician()
    signed_in(learner).post(url(enrollment), MOC_POST)
    number = Certificate.objects.get().number
    path = f"/certificates/{number}/"
    response = signed_in(learner).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{number}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert signed_in(make_coordinator()).get(path).status_code == 200
    assert signed_in(make_learner()).get(path).status_code == 404
    assert signed_in(learner).get("/certificates/EL-2026-AAAA-BBBB/").status_code == 404
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_coordinator_without_two_factor_cannot_open_others_certificates(settings: Any) -> None:
    settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA = True
    learner, enrollment = make_ready_physician()
    signed_in(learner).post(url(enrollment), MOC_POST)
    path = f"/certificates/{Certificate.objects.get().number}/"
    assert signed_in(make_coordinator(with_totp=False)).get(path).status_code == 404


def test_when_no_credit_is_open_to_the_profession_the_page_says_so() -> None:
    from tests.factories import make_activity, make_offering

    activity = make_activity()
    make_offering(activity, "nursing", "1.0", unit="hours", eligible_professions=["nurse"])
    learner = make_learner()
    enrollment = make_evaluated_enrollment(learner, activity)
    html = signed_in(learner).get(url(enrollment)).content.decode()
    assert "None of the credit for this activity is open to your profession." in html
    assert "Nursing contact hours are for nurses." in html
    assert "amount_" not in html
