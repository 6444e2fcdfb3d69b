"""Demo data for measuring disparities: one finished run on a synthetic extract.

The extract is generated (fictional people with planted disparities) and measured with the
real engine, so Lee Nguyen (Riverbend's analyst) opens a finished forest plot.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File

from equitylens.accounts.models import Organization
from equitylens.disparities.models import DisparityRun, RunKind
from equitylens.disparities.services.runs import run_disparities
from equitylens.disparities.services.synth import write_synthetic

ANALYST = "lee.nguyen@riverbendhealth.example"
DEMO_FILE = "riverbend-synthetic-extract.parquet"
ROWS = 40_000


def load_disparities(users: dict[str, Any]) -> None:
    """Create and run Riverbend's demo measurement once (idempotent)."""
    riverbend = Organization.objects.get(slug="riverbend-health")
    if DisparityRun.objects.filter(organization=riverbend, original_name=DEMO_FILE).exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(Path(folder) / DEMO_FILE, ROWS, seed=8)
        with path.open("rb") as extract:
            run = DisparityRun.objects.create(
                organization=riverbend,
                created_by=users[ANALYST],
                kind=RunKind.MEASURE,
                data_file=File(extract, name=DEMO_FILE),
                original_name=DEMO_FILE,
                size_bytes=path.stat().st_size,
                options={
                    "groups": ["race_ethnicity", "language", "payer"],
                    "outcomes": ["colorectal_screened", "bp_controlled"],
                    "reference": {"race_ethnicity": "White"},
                    "reference_rule": "largest",
                    "min_cell": 11,
                },
            )
    run_disparities(run.pk)
