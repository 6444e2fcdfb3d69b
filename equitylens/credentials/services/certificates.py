"""Issuing certificates: one per credit claim, its text frozen at issue.

The certificate number is public (printed, and checked on the verification page), so
it is random rather than sequential: "EL-2026-7KQ4-MX9P" reveals neither how many
certificates exist nor anyone else's number. The text snapshot (name, activity,
statements, credits) is copied when issued so later edits to a profile or an
activity never change a certificate already given.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.accounts.models import Credential, Organization
from equitylens.accounts.services.organizations import accredited_provider
from equitylens.audit.services import log_action
from equitylens.catalog.models import CreditOffering, CreditType
from equitylens.catalog.models.credits import MOC_BOARD_BY_CREDIT_TYPE
from equitylens.catalog.presentation import activity_dates, day, offering_phrase
from equitylens.catalog.services.statements import (
    accreditation_statement,
    designation_statement,
    format_credit_amount,
)
from equitylens.credentials.models import Certificate, CertificateLayout
from equitylens.learning.models import CreditClaim

# No 0/O, 1/I/L or 5/S: numbers are read aloud and typed from paper.
NUMBER_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
NUMBER_ATTEMPTS = 5

CREDIT_ORDER = {value: position for position, value in enumerate(CreditType.values)}


def new_certificate_number(year: int | None = None) -> str:
    """A random number such as "EL-2026-7KQ4-MX9P" (29^8 ≈ 5·10^11 per year)."""
    year = year or timezone.localdate().year
    text = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"EL-{year}-{text[:4]}-{text[4:]}"


def credit_label(credit_type: str, unit: str) -> str:
    """The credit without its amount, in learners' words: "AMA PRA Category 1 Credit(s)™",
    "participation hours", "nursing contact hours", "ABIM MOC points"."""
    offering = CreditOffering(credit_type=credit_type, amount=Decimal(0), unit=unit)
    label = " ".join(word for word in offering_phrase(offering).split() if word != "0.0")
    board = MOC_BOARD_BY_CREDIT_TYPE.get(credit_type)
    return label.replace(board, f"{board} MOC", 1) if board else label


def credits_snapshot(claim: CreditClaim) -> list[dict[str, str]]:
    """The claim's lines as printed: label, amount ("1.75"), unit, credit type, board."""
    lines = sorted(claim.credits.all(), key=lambda c: CREDIT_ORDER.get(c.credit_type, 99))
    return [
        {
            "credit_type": line.credit_type,
            "label": credit_label(line.credit_type, line.unit),
            "amount": format_credit_amount(line.amount),
            "unit": line.unit,
            "board": line.board,
        }
        for line in lines
    ]


def learner_credentials(user: Any) -> str:
    """ "MD, PhD" from the profile's credentials list ("other" is not printed)."""
    return ", ".join(c for c in user.credentials or [] if c and c != Credential.OTHER)


def completion_text(claim: CreditClaim) -> str:
    """ "Completed Nov 30, 2026" for online courses; the session dates for live ones;
    "Session of Nov 30, 2026" for one session of a series (credit is per session)."""
    activity = claim.activity
    if claim.enrollment.session_id is not None:
        return f"Session of {day(claim.completed_on)}"
    if activity.is_enduring or activity.starts_on is None:
        return f"Completed {day(claim.completed_on)}"
    return activity_dates(activity)


def issue_certificate(claim: CreditClaim) -> Certificate:
    """The claim's certificate, created with its frozen text the first time (idempotent).

    Call inside the claim's transaction. A number collision (vanishingly rare) is
    retried with a fresh number.
    """
    existing = Certificate.objects.filter(claim=claim).first()
    if existing is not None:
        return existing
    activity = claim.activity
    fields = {
        "learner_name": claim.user.display_name,
        "learner_credentials": learner_credentials(claim.user)[:120],
        "activity_title": activity.title,
        "activity_type": activity.get_format_display(),
        "completion_text": completion_text(claim),
        "provider_name": activity.provider.name,
        "accreditation_statement": accreditation_statement(activity),
        "designation_statement": designation_statement(activity) or "",
        "credits": credits_snapshot(claim),
    }
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    claim=claim, number=new_certificate_number(), **fields
                )
        except IntegrityError:
            if Certificate.objects.filter(claim=claim).exists() or attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def layout_for(provider: Organization | None) -> CertificateLayout:
    """The provider's layout, or an unsaved default one when it has none."""
    if provider is not None:
        layout = CertificateLayout.objects.filter(provider=provider).first()
        if layout is not None:
            return layout
    return CertificateLayout(provider=provider)


def certificate_layout(certificate: Certificate) -> CertificateLayout:
    """The layout to render `certificate` with: its activity provider's."""
    return layout_for(certificate.claim.activity.provider)


def provider_layout() -> CertificateLayout:
    """The accredited provider's layout for the back office (unsaved default if none)."""
    provider = accredited_provider()
    if provider is None:
        raise CertificateLayout.DoesNotExist("No accredited provider is set up yet.")
    return layout_for(provider)


def sample_certificate(provider_name: str) -> Certificate:
    """An unsaved certificate with realistic text, for the layout preview and benchmarks."""
    return Certificate(
        number="EL-2026-SAMP-LE23",
        learner_name="Jordan Avery Castillo-Whitfield",
        learner_credentials="MD, MPH",
        activity_title=(
            "Recognizing and Mitigating Unconscious Bias in Clinical Decision-Making: "
            "A Case-Based Online Course for Physicians and Care Teams"
        ),
        activity_type="Enduring material (online course)",
        completion_text="Completed Nov 30, 2026",
        provider_name=provider_name,
        accreditation_statement=(
            f"{provider_name} is accredited by the Accreditation Council for Continuing "
            "Medical Education (ACCME) to provide continuing medical education for physicians."
        ),
        designation_statement=(
            f"{provider_name} designates this enduring material for a maximum of 1.75 AMA PRA "
            "Category 1 Credit(s)™. Physicians should claim only the credit commensurate "
            "with the extent of their participation in the activity."
        ),
        credits=[
            {"label": "AMA PRA Category 1 Credit(s)™", "amount": "1.75", "unit": "credits"},
            {"label": "ABIM MOC points", "amount": "1.75", "unit": "points"},
        ],
    )


def save_certificate_layout(layout: CertificateLayout, by: Any) -> CertificateLayout:
    """Save the provider's layout (validated by the form) and log who changed it.

    Certificates already issued keep their text; they are drawn with the new layout
    the next time they are downloaded.
    """
    from equitylens.credentials.services.certificate_pdf import forget_logo

    with transaction.atomic():
        layout.save()
        log_action(by, "certificate_layout.saved", layout, heading=layout.heading)
    forget_logo(layout)
    return layout
