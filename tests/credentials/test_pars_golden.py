"""Golden file: the learner export of a small demo-like activity, byte for byte.

tests/credentials/golden/pars_learners.txt was written by hand from docs/pars.md
(columns, MM/DD and MM/DD/YYYY dates, two-decimal points, tabs, CRLF, UTF-8, no
header), not copied from the output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from equitylens.catalog.models import ActivityFormat, CreditType
from equitylens.credentials.services.pars import build_learner_batch
from tests.credentials.factories_pars import make_moc_completion, make_moc_learner
from tests.factories import make_activity, make_coordinator

GOLDEN = Path(__file__).parent / "golden" / "pars_learners.txt"


@pytest.mark.django_db
def test_learner_export_matches_the_golden_file() -> None:
    course = make_activity(
        "Recognizing and Mitigating Unconscious Bias",
        slug="recognizing-and-mitigating-unconscious-bias",
        format=ActivityFormat.ENDURING,
    )
    video = make_activity(
        "Advancing Health Equity",
        slug="advancing-health-equity-video-course",
        format=ActivityFormat.ENDURING,
    )
    maya = make_moc_learner("412345", first_name="Maya", last_name="Chen", birth=(3, 7))
    daniel = make_moc_learner(
        "P100234", board="ABP", first_name="Daniel", last_name="Okoye", birth=(11, 22)
    )
    rosa = make_moc_learner("498765", first_name="Rosa", last_name="Álvarez", birth=(2, 29))
    grace = make_moc_learner(None, first_name="Grace", last_name="Okafor")

    make_moc_completion(maya, course, completed_on=date(2026, 3, 10))
    make_moc_completion(
        daniel,
        course,
        completed_on=date(2026, 3, 12),
        credit_type=CreditType.MOC_ABP,
        amount="1.75",
    )
    make_moc_completion(rosa, course, completed_on=date(2026, 3, 11))
    make_moc_completion(grace, course, completed_on=date(2026, 3, 11))  # no board ID: left out
    make_moc_completion(maya, video, completed_on=date(2026, 4, 2), amount="1")

    batch = build_learner_batch(make_coordinator())

    assert batch is not None
    assert batch.content.encode("utf-8") == GOLDEN.read_bytes()
    assert (batch.record_count, batch.excluded_count) == (4, 1)
