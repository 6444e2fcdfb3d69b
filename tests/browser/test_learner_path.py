"""The learner's whole path to credit on the demo online course, in Chromium at 1280 and 375 px.

(1) A physician completes every module and the post-test, enters the code, evaluates,
    claims 1.75 AMA PRA Category 1 credits and ABIM MOC, and downloads the certificate,
    whose text is read with pypdf.
(2) A nurse does the same and can claim only the credit open to nurses.
(3) The transcript shows the claims' totals by credit type and by year.

Every page on the way is checked with axe-core and must not scroll sideways. The data is
the real demo data (`equitylens demo_data`), so the demo a coordinator shows is the one
tested here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from equitylens.accounts.models import User
from equitylens.catalog.models import Activity
from equitylens.learning.models import AttendanceCode, CreditClaim, EnrollmentStatus, Module
from tests.browser.conftest import assert_accessible, assert_fits_width, login_as

pytestmark = pytest.mark.browser

COURSE = "recognizing-and-mitigating-unconscious-bias"
VIDEO_COURSE = "advancing-health-equity-video-course"
PHYSICIAN = "maya.chen@riverbendhealth.example"
NURSE = "grace.okafor@riverbendhealth.example"


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("demo_data", stdout=io.StringIO())


class Journey:
    """One learner going through one course in the browser, checking every page."""

    def __init__(self, page: Any, base_url: str, viewport: dict[str, int], who: str) -> None:
        self.page = page
        self.base = base_url
        self.tag = f"{who}-{viewport['width']}px"
        self.pages_checked = 0

    def check(self, name: str) -> None:
        assert_accessible(self.page, f"path-{self.tag}-{name}")
        assert_fits_width(self.page)
        self.pages_checked += 1

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).click()
        self.page.wait_for_load_state()

    def take_course(self, slug: str) -> str:
        """Start from the activity page, complete every module; return the code shown."""
        page = self.page
        page.goto(f"{self.base}/activities/{slug}/")
        self.check(f"{slug}-activity")
        self.click("button", "Start the course")
        for _ in range(10):
            heading = page.get_by_role("heading", level=1).inner_text()
            module = Module.objects.get(activity__slug=slug, title=heading)
            self.check(f"{slug}-module-{module.position}")
            if module.is_quiz:
                for question in module.questions.all():
                    page.locator(f"#choice-{question.choices.get(correct=True).pk}").check()
                self.click("button", "Submit attempt 1")
            elif module.kind == "reflection":
                page.get_by_label("Your reflection").fill("I will slow down at triage.")
                self.click("button", "Save and continue")
            else:
                self.click("button", "Mark complete and continue")
            if page.get_by_role("heading", name="You completed every required module").count():
                break
        self.check(f"{slug}-code-issued")
        return page.locator(".code-issued__code").inner_text().strip()

    def enter_code(self, slug: str, code: str) -> None:
        """From the hub, follow "Enter your code"; the code is filled in."""
        page = self.page
        page.goto(f"{self.base}/learn/{slug}/")
        self.check(f"{slug}-hub")
        self.click("link", "Enter your code")
        assert page.get_by_label("Attendance verification code").input_value() == code
        self.check(f"{slug}-enter-code")
        self.click("button", "Verify attendance")
        page.wait_for_url(re.compile(rf"/learn/{slug}/evaluation/$"))

    def evaluate(self, slug: str) -> None:
        page = self.page
        activity = Activity.objects.get(slug=slug)
        assert page.get_by_text("Once you submit, your participation record is final").is_visible()
        self.check(f"{slug}-evaluation")
        for objective in activity.objectives.all():
            self.choose(objective.text, "5 Completely")
        self.choose("Do you intend to change anything", "Yes")
        page.get_by_label("If yes: what will you change?").fill("Use structured triage notes.")
        page.get_by_label("Commitment to change (optional)").fill("Audit my pain scores monthly.")
        self.choose("Was the content free of commercial bias?", "Yes")
        for item in (
            "The content was evidence-based and balanced.",
            "The activity met my educational needs.",
            "The content was relevant to my practice.",
            "The presentation and format were effective.",
        ):
            self.choose(item, "4 Agree")
        for question in activity.evaluation_questions.filter(kind="yes_no"):
            self.choose(question.text, "Yes")
        self.click("button", "Submit evaluation")
        page.wait_for_url(re.compile(rf"/learn/{slug}/credit/$"))

    def choose(self, group: str, option: str) -> None:
        self.page.get_by_role("group", name=group).get_by_label(option, exact=True).check()

    def download_certificate(self, tmp_path: Path) -> str:
        """Download the certificate from the "ready" page; return its text (pypdf)."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name="Download your certificate (PDF)").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        reader = PdfReader(io.BytesIO(target.read_bytes()))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def physician_claims_the_course(journey: Journey) -> str:
    """Journey (1) up to the certificate page; returns the code used."""
    page = journey.page
    code = journey.take_course(COURSE)
    journey.enter_code(COURSE, code)
    journey.evaluate(COURSE)
    assert page.get_by_role("heading", name="Claim credit", level=1).is_visible()
    journey.check("claim")
    page.locator("#amount_ama_pra_1").fill("1.75")
    page.get_by_label("Report ABIM MOC points to ABIM").check()
    page.locator("#amount_moc_abim").fill("1.75")
    page.get_by_label("ABIM ID (diplomate number)").fill("204518")
    page.get_by_label("Birth month", exact=True).select_option(label="March")
    page.get_by_label("Birth day", exact=True).select_option("14")
    page.locator("#moc_consent").check()
    journey.click("button", "Claim credit and get my certificate")
    assert page.get_by_role("heading", name="Your certificate is ready").is_visible()
    journey.check("certificate-ready")
    return code


def test_a_physician_completes_the_demo_course_and_gets_a_correct_certificate(  # type: ignore[no-untyped-def]
    page, live_server, demo, viewport, tmp_path: Path
):
    maya = User.objects.get(email=PHYSICIAN)
    login_as(page, live_server, maya)
    journey = Journey(page, live_server.url, viewport, "physician")

    code = physician_claims_the_course(journey)
    assert AttendanceCode.objects.get(code=code).email == PHYSICIAN

    claim = CreditClaim.objects.get(user=maya)
    assert claim.enrollment.status == EnrollmentStatus.CLAIMED
    assert {(c.credit_type, str(c.amount)) for c in claim.credits.all()} == {
        ("ama_pra_1", "1.75"),
        ("moc_abim", "1.75"),
    }
    text = journey.download_certificate(tmp_path)
    assert "Maya Chen, MD" in text
    assert "Recognizing and Mitigating Unconscious Bias" in text
    assert "1.75 AMA PRA Category 1 Credit(s)™" in text
    assert "1.75 ABIM MOC points" in text
    day = claim.completed_on
    assert f"{day:%b} {day.day}, {day.year}" in text
    assert claim.certificate.number in text
    assert journey.pages_checked >= 11


def test_a_nurse_can_claim_only_the_credit_open_to_nurses(  # type: ignore[no-untyped-def]
    page, live_server, demo, viewport, tmp_path: Path
):
    grace = User.objects.get(email=NURSE)
    login_as(page, live_server, grace)
    journey = Journey(page, live_server.url, viewport, "nurse")

    code = journey.take_course(COURSE)
    journey.enter_code(COURSE, code)
    journey.evaluate(COURSE)
    journey.check("claim")
    # Only the nurses' credit can be claimed; the physicians' credit is named as theirs.
    claimable = [
        box.get_attribute("id") for box in page.locator("input[type=checkbox][id^=claim_]").all()
    ]
    assert claimable == ["claim_participation"]
    assert page.get_by_label("ABIM ID (diplomate number)").count() == 0
    notes = " ".join(page.locator("main").inner_text().split())
    assert "for physicians" in notes
    journey.click("button", "Claim credit and get my certificate")
    assert page.get_by_role("heading", name="Your certificate is ready").is_visible()
    journey.check("certificate-ready")

    claim = CreditClaim.objects.get(user=grace)
    assert [(c.credit_type, str(c.amount)) for c in claim.credits.all()] == [
        ("participation", "2.00")
    ]
    text = journey.download_certificate(tmp_path)
    assert "Grace Okafor, RN" in text
    credits_part = text.split("Recognizing and Mitigating Unconscious Bias")[-1]
    assert re.search(r"2(\.00?)? .*participation", credits_part, re.I), credits_part
    assert "ABIM MOC" not in text


def test_the_transcript_totals_the_learners_claims(  # type: ignore[no-untyped-def]
    page, live_server, demo, viewport
):
    maya = User.objects.get(email=PHYSICIAN)
    login_as(page, live_server, maya)
    journey = Journey(page, live_server.url, viewport, "transcript")
    physician_claims_the_course(journey)

    # A second course: the public 15-minute video course, 0.25 AMA PRA credit.
    code = journey.take_course(VIDEO_COURSE)
    journey.enter_code(VIDEO_COURSE, code)
    journey.evaluate(VIDEO_COURSE)
    journey.click("button", "Claim credit and get my certificate")
    assert page.get_by_role("heading", name="Your certificate is ready").is_visible()

    page.goto(f"{live_server.url}/transcript/")
    journey.check("transcript")
    totals = {
        " ".join(row.locator("th").inner_text().split()): " ".join(
            row.locator("td").inner_text().split()
        )
        for row in page.locator("#totals-by-type tbody tr").all()
    }
    # 1.75 + 0.25 AMA PRA credits; 1.75 ABIM MOC points; nothing else.
    assert totals == {"AMA PRA Category 1 Credit™": "2.0 credits", "ABIM MOC": "1.75 points"}
    this_year = str(CreditClaim.objects.filter(user=maya).first().completed_on.year)  # type: ignore[union-attr]
    by_year = " ".join(page.locator("#totals-by-year").inner_text().split())
    assert this_year in by_year and "2.0 credits" in by_year and "1.75 points" in by_year
    body = " ".join(page.locator("main").inner_text().split())
    assert "Recognizing and Mitigating Unconscious Bias" in body
    assert "Advancing Health Equity: A Short Video Course" in body
    numbers = [c.certificate.number for c in CreditClaim.objects.filter(user=maya)]
    assert len(numbers) == 2
    for number in numbers:
        assert page.get_by_role("link", name=re.compile(number)).count() == 1
