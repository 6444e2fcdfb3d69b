"""Clinical-note audits from the web app: who may start one, starting once, and the task."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.audit.models import LogEntry
from equitylens.language.models import AuditStatus, NoteAudit
from equitylens.language.services import audit_jobs
from equitylens.language.services.audit.run import AuditInputError
from equitylens.language.services.audit_jobs import ProgressRecorder, run_note_audit, start_audit
from equitylens.language.services.audit_uploads import new_upload_token
from tests.factories import make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db

HEADER = "note_id,patient_id,text,race_ethnicity,sex\n"
ROWS = (
    "n1,p1,Patient was agitated overnight.,White,Female\nn2,p2,Calm and cooperative.,Black,Male\n"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NOTE_AUDIT_WORKERS = 1  # small files: no process pool to start


def csv_upload(text: str = HEADER + ROWS, name: str = "notes.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def parquet_bytes(columns: dict[str, list[str]]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


def analyst_of(organization: Organization, role: str = MembershipRole.ANALYST) -> User:
    user = make_user()
    make_membership(user, organization, role=role)
    return user


class FakeEngine:
    """Stands in for run_audit: reports progress, writes the three files, counts calls."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[Path, list[str], dict[str, str]]] = []
        self.error = error

    def __call__(
        self, notes: Path, groups: list[str], reference: dict[str, str], out: Path, **kw: Any
    ) -> dict[str, Any]:
        self.calls.append((notes, groups, reference))
        for step in range(11):
            kw["progress"](step / 10)
        if self.error is not None:
            raise self.error
        for name in audit_jobs.RESULT_FILES:
            (out / name).write_text(name)
        return {"notes": 2, "odds_ratio": float("nan")}


def queued_audit(organization: Organization, by: User, content: bytes | None = None) -> NoteAudit:
    upload = SimpleUploadedFile("notes.csv", content or (HEADER + ROWS).encode())
    return NoteAudit.objects.create(
        organization=organization,
        uploaded_by=by,
        notes_file=upload,
        original_name="notes.csv",
        size_bytes=upload.size or 0,
        groups=["race_ethnicity"],
        reference={"race_ethnicity": "White"},
    )


# --- Starting an audit ---------------------------------------------------------------------


def test_one_token_makes_one_audit_and_one_task(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(audit_jobs, "_engine", lambda: engine)
    organization = make_organization()
    user = analyst_of(organization)
    token = new_upload_token()
    with django_capture_on_commit_callbacks(execute=True):
        first, created = start_audit(
            organization, csv_upload(), groups_text="sex", reference_text="", by=user, token=token
        )
        again, created_again = start_audit(
            organization, csv_upload(), groups_text="sex", reference_text="", by=user, token=token
        )
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and NoteAudit.objects.count() == 1
    assert len(engine.calls) == 1
    stored = list((Path(first.notes_file.path)).parent.iterdir())
    assert [p.name for p in stored] == [f"{token}.csv"]
    assert first.original_name == "notes.csv"
    assert LogEntry.objects.filter(action="note_audit.created").count() == 1


def test_only_analysts_and_org_admins_of_the_organization_may_start_one() -> None:
    organization = make_organization()
    admin = analyst_of(organization, MembershipRole.ORG_ADMIN)
    audit, _ = start_audit(
        organization,
        csv_upload(),
        groups_text="sex",
        reference_text="",
        by=admin,
        token=new_upload_token(),
    )
    assert audit.uploaded_by == admin
    for outsider in (analyst_of(make_organization()), analyst_of(organization, "member")):
        with pytest.raises(PermissionDenied):
            start_audit(
                organization,
                csv_upload(),
                groups_text="sex",
                reference_text="",
                by=outsider,
                token=new_upload_token(),
            )


# --- The task ------------------------------------------------------------------------------


def test_the_task_runs_a_queued_audit_to_done_with_its_results() -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    engine = FakeEngine()
    done = run_note_audit(audit.pk, runner=engine)
    assert done is not None
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DONE and audit.progress == 100
    assert audit.started_at is not None and audit.finished_at is not None
    assert audit.summary == {"notes": 2, "odds_ratio": None}  # NaN stored as null
    results = Path(audit.notes_file.storage.path(audit.result_dir))
    assert sorted(p.name for p in results.iterdir()) == sorted(audit_jobs.RESULT_FILES)
    assert results.name == str(audit.pk)
    assert engine.calls == [
        (Path(audit.notes_file.path), ["race_ethnicity"], {"race_ethnicity": "White"})
    ]


def test_a_done_audit_is_not_run_again() -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    engine = FakeEngine()
    run_note_audit(audit.pk, runner=engine)
    assert run_note_audit(audit.pk, runner=engine) is None
    assert len(engine.calls) == 1


def test_a_running_audit_is_left_alone_unless_its_worker_died_long_ago() -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    NoteAudit.objects.filter(pk=audit.pk).update(
        status=AuditStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5)
    )
    engine = FakeEngine()
    assert run_note_audit(audit.pk, runner=engine) is None
    NoteAudit.objects.filter(pk=audit.pk).update(
        started_at=timezone.now() - audit_jobs.STALE_AFTER - timedelta(minutes=1)
    )
    assert run_note_audit(audit.pk, runner=engine) is not None
    assert len(engine.calls) == 1
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DONE


def test_progress_is_saved_at_most_every_5_points_or_2_seconds() -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    NoteAudit.objects.filter(pk=audit.pk).update(status=AuditStatus.RUNNING)
    now = [100.0]
    recorder = ProgressRecorder(audit.pk, clock=lambda: now[0])
    for step in range(1, 21):  # 1 % … 20 % within the same instant
        recorder(step / 100)
    assert recorder.writes == 4  # 5, 10, 15, 20
    recorder(0.21)
    assert recorder.writes == 4
    now[0] += 2.5
    recorder(0.22)
    assert recorder.writes == 5
    recorder(0.10)  # never backwards
    audit.refresh_from_db()
    assert audit.progress == 22
    recorder(1.0)
    audit.refresh_from_db()
    assert audit.progress == 99  # 100 only once the results are in place


def test_bad_input_found_by_the_engine_fails_with_its_problems() -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    engine = FakeEngine(AuditInputError(["Reference “White” is not a value of race_ethnicity."]))
    run_note_audit(audit.pk, runner=engine)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FAILED and audit.finished_at is not None
    assert audit.error == (
        "The notes could not be audited: Reference “White” is not a value of race_ethnicity."
    )
    assert not (
        Path(audit.notes_file.storage.path("language/audits/results")) / str(audit.pk)
    ).exists()


def test_an_unexpected_error_fails_with_a_message_and_no_trace(caplog: Any) -> None:
    organization = make_organization()
    audit = queued_audit(organization, analyst_of(organization))
    run_note_audit(audit.pk, runner=FakeEngine(KeyError("secret internals")))
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FAILED
    assert audit.error.startswith(
        f"The audit stopped because of an internal error (audit {audit.pk})"
    )
    assert "secret" not in audit.error and "Traceback" not in audit.error
    assert "Note audit" in caplog.text  # the trace goes to the log for the team


# --- With the real engine ------------------------------------------------------------------


def synthetic_notes(path: Path, patients: int = 400) -> Path:
    from equitylens.language.services.audit.synthetic import write_notes

    write_notes(path, patients, seed=11)
    return path


def test_end_to_end_a_small_synthetic_file_is_audited(tmp_path: Path) -> None:
    organization = make_organization()
    content = synthetic_notes(tmp_path / "notes.parquet").read_bytes()
    audit = NoteAudit.objects.create(
        organization=organization,
        notes_file=SimpleUploadedFile("notes.parquet", content),
        original_name="notes.parquet",
        size_bytes=len(content),
        groups=["race_ethnicity", "sex"],
        reference={"race_ethnicity": "White"},
    )
    run_note_audit(audit.pk)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DONE, audit.error
    results = Path(audit.notes_file.storage.path(audit.result_dir))
    for name in audit_jobs.RESULT_FILES:
        assert (results / name).stat().st_size > 0
    assert audit.summary == json.loads((results / "summary.json").read_text())
    table = audit_jobs.summary_table(audit.summary)
    assert [group.column for group in table.groups] == ["race_ethnicity", "sex"]


def damaged_parquet() -> bytes:
    """A Parquet file whose footer (schema) is sound but whose data pages are overwritten."""
    data = bytearray(
        parquet_bytes(
            {
                "note_id": [str(i) for i in range(200)],
                "patient_id": [str(i % 50) for i in range(200)],
                "text": ["Patient was agitated overnight."] * 200,
                "race_ethnicity": ["White", "Black"] * 100,
            }
        )
    )
    footer = int.from_bytes(data[-8:-4], "little") + 8
    data[4 : len(data) - footer] = b"\xab" * (len(data) - footer - 4)
    return bytes(data)


def test_a_damaged_parquet_that_passes_the_upload_check_fails_with_a_readable_message() -> None:
    organization = make_organization()
    user = analyst_of(organization)
    content = damaged_parquet()
    audit, _ = start_audit(
        organization,
        SimpleUploadedFile("notes.parquet", content),
        groups_text="race_ethnicity",
        reference_text="",
        by=user,
        token=new_upload_token(),
    )
    run_note_audit(audit.pk)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FAILED
    # The engine reports it as unreadable input, naming the file as the user uploaded it.
    assert audit.error.startswith(
        "The notes could not be audited: Cannot read notes file notes.parquet: "
    )
    assert Path(audit.notes_file.name or "").stem not in audit.error  # not the stored token name
    assert "Traceback" not in audit.error and audit.error == audit.error.strip()


@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_in_the_database_until_the_worker_runs_it(
    database_tasks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    engine = FakeEngine()
    monkeypatch.setattr(audit_jobs, "_engine", lambda: engine)
    organization = make_organization()
    audit, _ = start_audit(
        organization,
        csv_upload(),
        groups_text="sex",
        reference_text="",
        by=analyst_of(organization),
        token=new_upload_token(),
    )
    assert DBTaskResult.objects.count() == 1 and engine.calls == []
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DONE and len(engine.calls) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
