"""Demo data for the clinical-note audit: one finished audit of synthetic notes.

The notes are generated (fictional, planted descriptor rates by group) and audited with the
real engine in one process, so Lee Nguyen (Riverbend's analyst) opens a finished report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.test.utils import override_settings

from equitylens.accounts.models import Organization
from equitylens.language.models import NoteAudit
from equitylens.language.services.audit.synthetic import write_notes
from equitylens.language.services.audit_jobs import run_note_audit

ANALYST = "lee.nguyen@riverbendhealth.example"
DEMO_FILE = "riverbend-synthetic-notes.parquet"
PATIENTS = 1500


def load_language(users: dict[str, Any]) -> None:
    """Create and run Riverbend's demo note audit once (idempotent)."""
    analyst = users[ANALYST]
    riverbend = Organization.objects.get(slug="riverbend-health")
    if NoteAudit.objects.filter(organization=riverbend, original_name=DEMO_FILE).exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / DEMO_FILE
        write_notes(path, PATIENTS, seed=11)
        with path.open("rb") as notes:
            audit = NoteAudit.objects.create(
                organization=riverbend,
                uploaded_by=analyst,
                notes_file=File(notes, name=DEMO_FILE),
                original_name=DEMO_FILE,
                size_bytes=path.stat().st_size,
                groups=["race_ethnicity", "insurance"],
                reference={"race_ethnicity": "White", "insurance": "Private"},
            )
    # One process: the demo loader is not the place for a worker pool.
    with override_settings(NOTE_AUDIT_WORKERS=1):
        run_note_audit(audit.pk)
