"""Disparity runs: who may, what an upload must be, and the background task end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.disparities.models import DisparityRun, RunStatus
from equitylens.disparities.services import runs
from equitylens.disparities.services.run_uploads import RunUploadError, check_upload
from tests.factories import make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db

CSV = b"race,sex,screened\nWhite,F,1\nBlack,M,0\n"
TOKEN = "t" * 32


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def person_in(organization: Organization, role: str = MembershipRole.ANALYST) -> User:
    user = make_user()
    make_membership(user, organization, role=role)
    return user


def upload(content: bytes = CSV, name: str = "extract.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def problems_of(error: pytest.ExceptionInfo[RunUploadError]) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def check(file: SimpleUploadedFile | None, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        groups_text="race",
        outcomes_text="screened",
        references_text="",
        reference_rule="largest",
        min_cell="11",
    )
    fields.update(changes)
    return check_upload(file, **fields)


def saved_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- Who may ------------------------------------------------------------------------------


def test_analysts_and_org_admins_measure_for_their_own_organizations_only() -> None:
    mine, other = make_organization(), make_organization()
    analyst = person_in(mine)
    admin = person_in(mine, MembershipRole.ORG_ADMIN)
    member = person_in(mine, MembershipRole.MEMBER)
    assert runs.disparity_organizations(analyst) == [mine]
    assert runs.disparity_organizations(admin) == [mine]
    assert runs.disparity_organizations(member) == []
    assert runs.may_measure(analyst, mine) and not runs.may_measure(analyst, other)
    assert not runs.may_measure(member, mine)


def test_anonymous_visitors_have_no_organization() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert runs.disparity_organizations(AnonymousUser()) == []


# --- The upload -------------------------------------------------------------------------


def test_a_good_upload_gives_the_options_to_store() -> None:
    options = check(
        upload(),
        groups_text="race, sex",
        references_text="race=White",
        reference_rule="best",
        min_cell="20",
    )
    assert options == {
        "groups": ["race", "sex"],
        "outcomes": ["screened"],
        "reference": {"race": "White"},
        "reference_rule": "best",
        "min_cell": 20,
    }


def test_missing_columns_are_named_with_the_columns_the_file_has() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(), groups_text="race, payer", outcomes_text="screened, a1c")
    found = problems_of(error)
    assert (
        found["groups"]
        == "payer is not a column of the file. Its columns are: race, sex, screened."
    )
    assert found["outcomes"].startswith("a1c is not a column of the file. Its columns are: race")


def test_only_csv_and_parquet_are_accepted() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(b"x", "extract.xlsx"))
    assert "“extract.xlsx” is not a .csv or .parquet file" in problems_of(error)["data_file"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty (0 bytes)."),
        (b"\n\n", "The file is empty: its first line must name the columns."),
        (b"race,screened\n", "The CSV file has a header but no rows below it."),
    ],
)
def test_an_empty_file_is_refused_with_what_is_missing(content: bytes, message: str) -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(content))
    assert problems_of(error)["data_file"] == message


def test_a_damaged_parquet_file_is_refused() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(b"not parquet at all", "extract.parquet"))
    assert "could not be read as Parquet" in problems_of(error)["data_file"]


def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_saved(settings: Any) -> None:
    organization = make_organization()
    analyst = person_in(organization)
    big = upload()
    big.size = 2 * 1024**3  # a 2 GB upload, without writing 2 GB in a test
    with pytest.raises(RunUploadError) as error:
        runs.start_run(
            organization, big, groups_text="race", outcomes_text="screened", by=analyst, token=TOKEN
        )
    assert problems_of(error)["data_file"].startswith("The file is 2,048 MB; the limit is 500 MB.")
    assert DisparityRun.objects.count() == 0
    assert saved_files(settings) == []


def test_the_limit_comes_from_the_setting(settings: Any) -> None:
    settings.DISPARITIES_MAX_UPLOAD_MB = 0.00001
    with pytest.raises(RunUploadError) as error:
        check(upload())
    assert "the limit is 0 MB" in problems_of(error)["data_file"]


def test_a_minimum_cell_below_11_is_not_allowed() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(), min_cell="5")
    assert problems_of(error)["min_cell"] == (
        "The minimum cell must be at least 11 to protect patients; you entered 5."
    )


def test_a_reference_must_name_a_group_column() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(), references_text="payer=Medicaid, race")
    message = problems_of(error)["references"]
    assert (
        "“payer” is not one of the group columns (race)" in message or "“race” must read" in message
    )


def test_a_column_cannot_be_both_group_and_outcome() -> None:
    with pytest.raises(RunUploadError) as error:
        check(upload(), groups_text="race, screened")
    assert problems_of(error)["outcomes"] == "screened cannot be a group and an outcome."


# --- Starting a run ---------------------------------------------------------------------


def test_a_member_without_the_analyst_role_cannot_start_a_run() -> None:
    organization = make_organization()
    member = person_in(organization, MembershipRole.MEMBER)
    with pytest.raises(PermissionDenied):
        runs.start_run(
            organization,
            upload(),
            groups_text="race",
            outcomes_text="screened",
            by=member,
            token=TOKEN,
        )


def test_a_double_submit_makes_one_run(settings: Any) -> None:
    organization = make_organization()
    analyst = person_in(organization)

    def submit() -> tuple[DisparityRun, bool]:
        return runs.start_run(
            organization,
            upload(),
            groups_text="race",
            outcomes_text="screened",
            by=analyst,
            token=TOKEN,
        )

    first, created = submit()
    again, created_again = submit()
    assert created and not created_again and again.pk == first.pk
    assert DisparityRun.objects.count() == 1
    assert len(saved_files(settings)) == 1
    assert Path(first.data_file.name or "").name == f"{TOKEN}.csv"
    assert first.original_name == "extract.csv"


# --- The task ---------------------------------------------------------------------------


def synthetic_upload(tmp_path: Path, rows: int = 3000) -> SimpleUploadedFile:
    from equitylens.disparities.services.synth import write_synthetic

    path = write_synthetic(tmp_path / "synthetic.csv", rows, seed=5)
    return upload(path.read_bytes(), "synthetic.csv")


def test_a_run_goes_from_upload_to_done_with_its_result(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    organization = make_organization()
    analyst = person_in(organization)
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = runs.start_run(
            organization,
            synthetic_upload(tmp_path),
            groups_text="race_ethnicity, language",
            outcomes_text="colorectal_screened, readmitted_30d",
            references_text="race_ethnicity=White",
            by=analyst,
            token=TOKEN,
        )
    run.refresh_from_db()  # the immediate backend ran the task on commit
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100 and run.started_at and run.finished_at
    rows = run.result["rows"]
    assert {r["outcome"] for r in rows} == {"colorectal_screened", "readmitted_30d"}
    assert {r["group_column"] for r in rows} == {"race_ethnicity", "language"}
    race = [r for r in rows if r["group_column"] == "race_ethnicity"]
    assert {r["reference"] for r in race} == {"White"}
    assert "flagged" in run.result["rule"]
    for row in rows:
        if row["suppressed"]:
            assert row["n"] is None and row["rate"] is None


def test_an_outcome_that_is_not_0_or_1_fails_the_run_with_the_column_named(
    django_capture_on_commit_callbacks: Any,
) -> None:
    organization = make_organization()
    analyst = person_in(organization)
    content = b"race,score\n" + b"".join(
        b"White,%d\nBlack,%d\n" % (i % 3, i % 2) for i in range(30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = runs.start_run(
            organization,
            upload(content),
            groups_text="race",
            outcomes_text="score",
            by=analyst,
            token=TOKEN,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("The data could not be measured:")
    assert "Column 'score' must be 0 or 1" in run.error, run.error
    assert "Traceback" not in run.error and TOKEN not in run.error
    assert run.result == {}


def test_an_unexpected_error_is_reported_without_its_details() -> None:
    organization = make_organization()
    run = DisparityRun.objects.create(
        organization=organization,
        data_file=upload(),
        original_name="extract.csv",
        size_bytes=10,
        options={"groups": ["race"], "outcomes": ["screened"]},
    )

    def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("secret internals")

    left = runs.run_disparities(run.pk, runner=broken)
    assert left is not None and left.status == RunStatus.FAILED
    assert left.error.startswith(f"The run stopped because of an internal error (run {run.pk})")
    assert "secret" not in left.error


def test_a_finished_run_is_not_run_again() -> None:
    organization = make_organization()
    run = DisparityRun.objects.create(
        organization=organization,
        data_file=upload(),
        original_name="extract.csv",
        size_bytes=10,
        status=RunStatus.DONE,
        result={"rows": []},
    )
    calls: list[Any] = []

    def engine(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(args)
        return {}

    assert runs.run_disparities(run.pk, runner=engine) is None
    assert calls == []


def test_progress_is_saved_throttled_and_never_backwards() -> None:
    organization = make_organization()
    run = DisparityRun.objects.create(
        organization=organization,
        data_file=upload(),
        original_name="extract.csv",
        size_bytes=10,
        status=RunStatus.RUNNING,
    )
    now = [0.0]
    recorder = runs.ProgressRecorder(run.pk, clock=lambda: now[0])
    recorder(0.1, "Checking")
    recorder(0.12, "still")  # 2 points, no time passed: not saved
    run.refresh_from_db()
    assert run.progress == 10 and recorder.writes == 1
    now[0] = 3.0
    recorder(0.12, "later")
    recorder(0.05, "backwards")
    run.refresh_from_db()
    assert run.progress == 12 and recorder.writes == 2
    recorder(1.0, "done")  # 100% is the task's to write, when the result is saved
    run.refresh_from_db()
    assert run.progress == 99


@pytest.mark.django_db(transaction=True)
def test_a_run_waits_in_the_database_until_the_worker_runs_it(
    database_tasks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    calls: list[Any] = []

    def engine(path: Path, groups: list[str], outcomes: list[str], options: Any, **kw: Any) -> Any:
        calls.append((path.name, groups, outcomes, options.min_cell))
        kw["progress"](0.5, "Counting")
        return {"rule": "stated", "rows": [], "indices": []}

    monkeypatch.setattr(runs, "_engine", lambda: engine)
    organization = make_organization()
    run, _ = runs.start_run(
        organization,
        upload(),
        groups_text="race",
        outcomes_text="screened",
        min_cell="15",
        by=person_in(organization),
        token=TOKEN,
    )
    assert DBTaskResult.objects.count() == 1 and calls == []
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.result["rule"] == "stated"
    assert calls == [(f"{TOKEN}.csv", ["race"], ["screened"], 15)]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
