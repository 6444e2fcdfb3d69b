"""The disparity pages: who gets in, the upload form, results, downloads, case review."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from equitylens.accounts.models import MembershipRole, Organization, User
from equitylens.casereview.models import Case, SubmissionKind
from equitylens.casereview.services.intake import scan_submission
from equitylens.disparities.models import DisparityRun, RunStatus
from equitylens.disparities.services.contract import ROW_KEYS
from tests.casereview.factories import make_series
from tests.disparities.test_forest import sample_result
from tests.factories import make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def person_in(organization: Organization, role: str = MembershipRole.ANALYST) -> User:
    user = make_user()
    make_membership(user, organization, role=role)
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_run(organization: Organization, status: str = RunStatus.DONE, **extra: Any) -> DisparityRun:
    extra.setdefault("result", sample_result() if status == RunStatus.DONE else {})
    return DisparityRun.objects.create(
        organization=organization,
        data_file=SimpleUploadedFile("x.csv", b"race,screened\nWhite,1\n"),
        original_name="clinic-extract.csv",
        size_bytes=22,
        options={
            "groups": ["race", "language"],
            "outcomes": ["screened", "readmitted"],
            "reference": {},
            "reference_rule": "largest",
            "min_cell": 11,
        },
        status=status,
        **extra,
    )


def urls_of(run: DisparityRun) -> list[tuple[str, str]]:
    """Every disparity URL as (method, url)."""
    return [
        ("get", reverse("disparities:runs")),
        ("get", reverse("disparities:run_new")),
        ("get", reverse("disparities:run", kwargs={"pk": run.pk})),
        ("get", reverse("disparities:run_progress", kwargs={"pk": run.pk})),
        ("get", reverse("disparities:run_download", kwargs={"pk": run.pk, "fmt": "csv"})),
        ("get", reverse("disparities:forest_svg", kwargs={"pk": run.pk, "outcome": "screened"})),
        ("post", reverse("disparities:send_to_case_review", kwargs={"pk": run.pk})),
    ]


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "groups": "race",
        "outcomes": "screened",
        "references": "",
        "reference_rule": "largest",
        "min_cell": "11",
        "token": "k" * 32,
    }
    data.update(changes)
    return data


# --- Who gets in ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_url() -> None:
    run = a_run(make_organization())
    for method, url in urls_of(run):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_members_without_the_analyst_role_are_refused_everywhere() -> None:
    organization = make_organization()
    run = a_run(organization)
    client = signed_in(person_in(organization, MembershipRole.MEMBER))
    for method, url in urls_of(run):
        assert getattr(client, method)(url).status_code == 403, url


def test_analysts_of_another_organization_cannot_see_a_run() -> None:
    run = a_run(make_organization())
    client = signed_in(person_in(make_organization()))
    for method, url in urls_of(run)[2:]:
        assert getattr(client, method)(url).status_code == 403, url
    assert run.original_name not in client.get(reverse("disparities:runs")).content.decode()


def test_analysts_and_org_admins_see_their_organizations_runs() -> None:
    organization = make_organization()
    run = a_run(organization)
    for role in (MembershipRole.ANALYST, MembershipRole.ORG_ADMIN):
        client = signed_in(person_in(organization, role))
        page = client.get(reverse("disparities:runs")).content.decode()
        assert "clinic-extract.csv" in page
        assert client.get(reverse("disparities:run", kwargs={"pk": run.pk})).status_code == 200


# --- The upload form --------------------------------------------------------------------


def test_a_missing_column_is_listed_with_the_available_ones_and_nothing_is_saved(
    settings: Any,
) -> None:
    client = signed_in(person_in(make_organization()))
    data = form_data(outcomes="a1c")
    data["data_file"] = SimpleUploadedFile("extract.csv", b"race,screened\nWhite,1\n")
    response = client.post(reverse("disparities:run_new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was uploaded" in page
    assert "a1c is not a column of the file. Its columns are: race, screened." in page
    assert DisparityRun.objects.count() == 0
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_an_upload_over_the_limit_says_the_limit(settings: Any) -> None:
    settings.DISPARITIES_MAX_UPLOAD_MB = 0.00001
    client = signed_in(person_in(make_organization()))
    data = form_data()
    data["data_file"] = SimpleUploadedFile("extract.csv", b"race,screened\nWhite,1\n" * 10)
    response = client.post(reverse("disparities:run_new"), data)
    assert response.status_code == 400
    assert "the limit is 0 MB" in response.content.decode()
    assert DisparityRun.objects.count() == 0


def test_a_good_upload_is_measured_and_its_page_shows_plots_and_flags(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from equitylens.disparities.services.synth import write_synthetic

    client = signed_in(person_in(make_organization()))
    path = write_synthetic(tmp_path / "synthetic.csv", 4000, seed=7)
    data = form_data(groups="race_ethnicity, language", outcomes="colorectal_screened")
    data["data_file"] = SimpleUploadedFile("synthetic.csv", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("disparities:run_new"), data)
    run = DisparityRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disparities:run", kwargs={"pk": run.pk})
    page = client.get(response["Location"]).content.decode()
    assert 'Status: <strong class="run-status run-status--done">Done</strong>' in page
    assert page.count("<svg") == 1 and "Forest plot of colorectal_screened by group" in page
    flagged = sum(1 for r in DisparityRun.objects.get().result["rows"] if r["flag"])
    assert page.count("<strong>Flag: disparity</strong>") == flagged
    assert "White (reference)" in page


def test_a_double_submit_of_the_form_makes_one_run() -> None:
    client = signed_in(person_in(make_organization()))
    for _ in range(2):
        data = form_data()
        data["data_file"] = SimpleUploadedFile("extract.csv", b"race,screened\nWhite,1\n")
        assert client.post(reverse("disparities:run_new"), data).status_code == 302
    assert DisparityRun.objects.count() == 1


# --- Results, progress and downloads ----------------------------------------------------


def test_the_results_page_shows_the_rule_table_and_suppressed_cells() -> None:
    organization = make_organization()
    run = a_run(organization)
    page = signed_in(person_in(organization)).get(reverse("disparities:run", kwargs={"pk": run.pk}))
    text = page.content.decode()
    assert "A row is flagged when ..." in text
    assert text.count('role="img"') == 2  # one forest plot per outcome
    assert "&lt;11" in text and "Suppressed" in text
    assert text.count("<strong>Flag: disparity</strong>") == 1
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_progress_fragment_polls_while_running_and_reloads_when_done() -> None:
    organization = make_organization()
    client = signed_in(person_in(organization))
    running = a_run(organization, status=RunStatus.RUNNING, progress=40)
    url = reverse("disparities:run_progress", kwargs={"pk": running.pk})
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert (
        'hx-trigger="every 3s"' in fragment.content.decode()
        and "40% done" in fragment.content.decode()
    )
    assert "HX-Refresh" not in fragment
    done = a_run(organization)
    url = reverse("disparities:run_progress", kwargs={"pk": done.pk})
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_a_failed_run_shows_its_message() -> None:
    organization = make_organization()
    run = a_run(organization, status=RunStatus.FAILED, error="Outcome “screened” holds 2.")
    page = signed_in(person_in(organization)).get(reverse("disparities:run", kwargs={"pk": run.pk}))
    assert "The run failed.</strong> Outcome “screened” holds 2." in page.content.decode()


def download(client: Client, run: DisparityRun, fmt: str, query: str = "") -> Any:
    url = reverse("disparities:run_download", kwargs={"pk": run.pk, "fmt": fmt}) + query
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    return response


def test_csv_and_json_downloads_match_the_result() -> None:
    organization = make_organization()
    run = a_run(organization)
    client = signed_in(person_in(organization))
    as_json = json.loads(download(client, run, "json").content)
    assert as_json == run.result
    rows = list(csv.DictReader(io.StringIO(download(client, run, "csv").content.decode())))
    assert len(rows) == len(run.result["rows"])
    assert list(rows[0]) == list(ROW_KEYS)
    for got, expected in zip(rows, run.result["rows"], strict=True):
        for key in ROW_KEYS:
            value = expected[key]
            assert got[key] == ("" if value is None else str(value)), key


def test_the_png_download_is_the_plot_of_the_chosen_outcome() -> None:
    from PIL import Image

    organization = make_organization()
    run = a_run(organization)
    client = signed_in(person_in(organization))
    first = download(client, run, "png")
    second = download(client, run, "png", "?outcome=readmitted")
    assert first["Content-Type"] == "image/png"
    assert "screened.png" in first["Content-Disposition"]
    assert Image.open(io.BytesIO(first.content)).format == "PNG"
    assert first.content != second.content
    missing = reverse("disparities:run_download", kwargs={"pk": run.pk, "fmt": "png"})
    assert client.get(missing + "?outcome=bp").status_code == 404
    assert (
        client.get(
            reverse("disparities:run_download", kwargs={"pk": run.pk, "fmt": "xlsx"})
        ).status_code
        == 404
    )


def test_a_run_without_a_result_has_nothing_to_download() -> None:
    organization = make_organization()
    run = a_run(organization, status=RunStatus.RUNNING)
    client = signed_in(person_in(organization))
    url = reverse("disparities:run_download", kwargs={"pk": run.pk, "fmt": "csv"})
    assert client.get(url).status_code == 404


# --- Send to case review ----------------------------------------------------------------


def test_a_flagged_row_becomes_one_topic_idea_with_aggregate_numbers_only() -> None:
    organization = make_organization()
    series = make_series(organization)
    run = a_run(organization)
    analyst = person_in(organization)
    client = signed_in(analyst)
    url = reverse("disparities:send_to_case_review", kwargs={"pk": run.pk})
    page = client.get(reverse("disparities:run", kwargs={"pk": run.pk})).content.decode()
    assert f"Send to {series.title}" in page
    for _ in range(2):
        response = client.post(url, {"row": "1", "series": str(series.pk)}, follow=True)
        assert "as topic idea 1" in response.content.decode()
    case = Case.objects.get()
    assert case.series == series and case.kind == SubmissionKind.TOPIC
    assert case.submitted_by == analyst
    assert case.title == "Disparity in screened for race Black"
    assert "rate 55.0% (95% CI 50.0% to 60.0%)" in case.summary
    assert "Reference group: White; rate 70.0%." in case.summary
    assert (
        "-15.0 percentage points" in case.summary
        and "q-value (Benjamini-Hochberg): 0.0004" in case.summary
    )
    assert "A row is flagged when" in case.summary
    assert scan_submission(case.title, case.summary) == []
    # Someone else sending the same row gets the same topic idea.
    colleague = signed_in(person_in(organization, MembershipRole.ORG_ADMIN))
    colleague.post(url, {"row": "1", "series": str(series.pk)})
    assert Case.objects.count() == 1


def test_an_unflagged_row_or_another_organizations_series_is_not_sent() -> None:
    organization = make_organization()
    run = a_run(organization)
    own = make_series(organization)
    foreign = make_series(make_organization())
    client = signed_in(person_in(organization))
    url = reverse("disparities:send_to_case_review", kwargs={"pk": run.pk})
    page = client.post(url, {"row": "0", "series": str(own.pk)}, follow=True).content.decode()
    assert "Only a flagged, unsuppressed disparity can be sent" in page
    page = client.post(url, {"row": "1", "series": str(foreign.pk)}, follow=True).content.decode()
    assert "Choose a Health Equity M&amp;M series of your organization." in page
    assert Case.objects.count() == 0
